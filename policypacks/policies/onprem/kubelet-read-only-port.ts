import { kubeletSaid, onpremPolicy } from "./lib/check";

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
        kubelet: (k, _c, report) => {
            const port = k.setting("readOnlyPort").value;
            if (port !== undefined && port !== null && Number(port) !== 0) report(`${kubeletSaid(k, "readOnlyPort")} (CIS 4.2.4: must be 0).`);
        },
    },
);
