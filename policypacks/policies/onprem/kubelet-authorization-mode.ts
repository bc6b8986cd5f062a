import { kubeletSaid, onpremPolicy } from "./lib/check";

/** CIS 4.2.2 / 4.2.3: every kubelet request authenticated by certificate or token and authorized by the API server. */
export const onpremKubeletAuthorizationMode = onpremPolicy(
    {
        name: "onprem-kubelet-authorization-mode",
        measure: "infrastructure.kubelet-authn-authz",
        description:
            "The kubelet must authorize requests through the API server (`authorization.mode: Webhook`, CIS 4.2.2), keep webhook token authentication on, and verify client certificates against the cluster CA (`authentication.x509.clientCAFile`, CIS 4.2.3). AlwaysAllow lets any authenticated caller exec into every pod on the node.",
        severity: "critical",
        remediationSteps:
            "Set `authorization.mode: Webhook`, `authentication.webhook.enabled: true` and `authentication.x509.clientCAFile: /etc/kubernetes/pki/ca.crt` in the KubeletConfiguration; remove `authorization-mode` and `client-ca-file` overrides from `nodeRegistration.kubeletExtraArgs`.",
    },
    {
        kubelet: (k, _c, report) => {
            const mode = k.setting("authorization.mode").value;
            if (mode !== undefined && mode !== "Webhook") report(`${kubeletSaid(k, "authorization.mode")} (CIS 4.2.2: must be Webhook).`);
            const webhook = k.setting("authentication.webhook.enabled").value;
            if (webhook === false || webhook === "false") report(`${kubeletSaid(k, "authentication.webhook.enabled")} (CIS 4.2.2: bearer tokens cannot be verified).`);
            const ca = k.setting("authentication.x509.clientCAFile").value;
            if (k.decided("authentication.x509.clientCAFile") && (typeof ca !== "string" || ca.trim() === "")) {
                report(`${kubeletSaid(k, "authentication.x509.clientCAFile")} (CIS 4.2.3: set it to the cluster CA, e.g. /etc/kubernetes/pki/ca.crt).`);
            }
        },
    },
);
