import { argsOf, get, onpremPolicy, show } from "./lib/check";

/** CIS 4.2.4: the read-only port serves pod and node data without any authentication. */
export const onpremKubeletReadOnlyPort = onpremPolicy(
    {
        name: "onprem-kubelet-read-only-port",
        measure: "infrastructure.kubelet-read-only-port",
        description:
            "The kubelet read-only port must be disabled (`readOnlyPort: 0`, CIS 4.2.4). Port 10255 serves pod specs, environment and node metrics to anyone without authentication.",
        severity: "high",
        remediationSteps:
            "Set `readOnlyPort: 0` in the KubeletConfiguration (or leave it unset: 0 is the default) and remove `read-only-port` from `nodeRegistration.kubeletExtraArgs`. Scrape metrics from the authenticated port 10250 instead.",
    },
    {
        kinds: ["KubeletConfiguration", "JoinConfiguration", "InitConfiguration"],
        doc: (d, _c, report) => {
            if (d.kind === "KubeletConfiguration") {
                const port = get(d.doc, "readOnlyPort");
                if (port !== undefined && port !== null && Number(port) !== 0) report(`readOnlyPort=${show(port)} (CIS 4.2.4: must be 0).`);
                return;
            }
            const flag = argsOf(d.doc.nodeRegistration).get("read-only-port");
            if (flag !== undefined && Number(flag) !== 0) report(`nodeRegistration.kubeletExtraArgs read-only-port=${show(flag)} (CIS 4.2.4: must be 0).`);
        },
    },
);
