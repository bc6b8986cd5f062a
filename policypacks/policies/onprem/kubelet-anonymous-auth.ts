import { argsOf, flagBool, get, onpremPolicy } from "./lib/check";

/** CIS 4.2.1: an anonymous kubelet API lets anyone on the network exec into pods. */
export const onpremKubeletAnonymousAuth = onpremPolicy(
    {
        name: "onprem-kubelet-anonymous-auth",
        measure: "infrastructure.kubelet-authn-authz",
        description:
            "The kubelet must not accept anonymous requests (CIS 4.2.1). With anonymous authentication on, anyone who reaches port 10250 can list pods and, unless authorization is Webhook, run commands in them.",
        severity: "critical",
        remediationSteps:
            "Set `authentication.anonymous.enabled: false` in the KubeletConfiguration and remove `anonymous-auth` from `nodeRegistration.kubeletExtraArgs`.",
    },
    {
        kinds: ["KubeletConfiguration", "JoinConfiguration", "InitConfiguration"],
        doc: (d, _c, report) => {
            if (d.kind === "KubeletConfiguration") {
                const v = get(d.doc, "authentication.anonymous.enabled");
                if (v === true || v === "true") report(`authentication.anonymous.enabled=true (CIS 4.2.1: must be false).`);
                return;
            }
            const flag = argsOf(d.doc.nodeRegistration).get("anonymous-auth");
            if (flag !== undefined && flagBool(flag) !== false) report(`nodeRegistration.kubeletExtraArgs anonymous-auth=${JSON.stringify(flag)} (CIS 4.2.1: must be false).`);
        },
    },
);
