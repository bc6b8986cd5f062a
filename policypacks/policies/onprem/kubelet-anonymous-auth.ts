import { kubeletSaid, onpremPolicy } from "./lib/check";

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
        kubelet: (k, _c, report) => {
            // KubeletConfiguration defaults anonymous auth off; the bare flag defaults it on.
            const v = k.setting("authentication.anonymous.enabled").value;
            if (v !== undefined && v !== false) report(`${kubeletSaid(k, "authentication.anonymous.enabled")} (CIS 4.2.1: must be false).`);
        },
    },
);
