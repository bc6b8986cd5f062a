import { onpremPolicy } from "./lib/check";

/** CIS 4.2.7: a node name that differs from its hostname breaks kubelet TLS identity checks. */
export const onpremKubeletHostnameOverride = onpremPolicy(
    {
        name: "onprem-kubelet-hostname-override",
        measure: "infrastructure.kubelet-tls",
        description:
            "kubeadm nodes must not pass `hostname-override` to the kubelet (CIS 4.2.7). A node name that differs from the host name breaks the TLS identity between the API server and the kubelet; kubeadm's `nodeRegistration.name` is the supported way to name a node.",
        severity: "low",
        remediationSteps: "Remove `hostname-override` from `nodeRegistration.kubeletExtraArgs`; set `nodeRegistration.name` if the node name must differ.",
    },
    {
        kubelet: (k, _c, report) => {
            const f = k.flag("hostname-override");
            if (f) report(`${f.name} is set (CIS 4.2.7).`);
        },
    },
);
