import { argsOf, get, onpremPolicy, show } from "./lib/check";

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
        kinds: ["KubeletConfiguration", "JoinConfiguration", "InitConfiguration"],
        doc: (d, _c, report) => {
            if (d.kind === "KubeletConfiguration") {
                const mode = get(d.doc, "authorization.mode");
                if (mode !== undefined && mode !== "Webhook") report(`authorization.mode=${show(mode)} (CIS 4.2.2: must be Webhook).`);
                const webhook = get(d.doc, "authentication.webhook.enabled");
                if (webhook === false || webhook === "false") report(`authentication.webhook.enabled=false (CIS 4.2.2: bearer tokens cannot be verified).`);
                const ca = get(d.doc, "authentication.x509.clientCAFile");
                if (typeof ca !== "string" || ca.trim() === "") report(`authentication.x509.clientCAFile is ${show(ca)} (CIS 4.2.3: set it to the cluster CA, e.g. /etc/kubernetes/pki/ca.crt).`);
                return;
            }
            const args = argsOf(d.doc.nodeRegistration);
            const mode = args.get("authorization-mode");
            if (mode !== undefined && mode !== "Webhook") report(`nodeRegistration.kubeletExtraArgs authorization-mode=${show(mode)} (CIS 4.2.2: must be Webhook).`);
            if (args.get("client-ca-file") === "") report(`nodeRegistration.kubeletExtraArgs client-ca-file is empty (CIS 4.2.3).`);
        },
    },
);
