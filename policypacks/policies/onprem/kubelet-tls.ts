import { kubeletSaid, onpremPolicy, overrideNote, TLS_VERSION_ORDER, weakSuites } from "./lib/check";

/** CIS 4.2.9–4.2.12: the kubelet's serving certificate is CA-signed and rotated; TLS is modern. */
export const onpremKubeletTls = onpremPolicy(
    {
        name: "onprem-kubelet-tls",
        measure: "infrastructure.kubelet-tls",
        description:
            "The kubelet must serve a CA-signed certificate (`serverTLSBootstrap: true` or tlsCertFile/tlsPrivateKeyFile, CIS 4.2.9), rotate its client and serving certificates (CIS 4.2.10/4.2.11) and use TLS 1.2 or newer with strong cipher suites only (CIS 4.2.12). A self-signed serving certificate cannot be verified by the API server, so its connections to the kubelet can be intercepted.",
        severity: "medium",
        remediationSteps:
            "Set `serverTLSBootstrap: true` (and approve kubelet-serving CSRs), `rotateCertificates: true`, leave the RotateKubeletServerCertificate feature gate on, set `tlsMinVersion: VersionTLS12` (or 13) and `tlsCipherSuites` to ECDHE+AEAD suites only.",
    },
    {
        kubelet: (k, _c, report) => {
            const bootstrap = k.setting("serverTLSBootstrap").value === true;
            const cert = k.setting("tlsCertFile").value;
            const key = k.setting("tlsPrivateKeyFile").value;
            const files = typeof cert === "string" && cert !== "" && typeof key === "string" && key !== "";
            if ((k.complete || k.decided("serverTLSBootstrap")) && !bootstrap && !files) {
                report(`${kubeletSaid(k, "serverTLSBootstrap")} and no tlsCertFile/tlsPrivateKeyFile: the kubelet serves a self-signed certificate (CIS 4.2.9).`);
            }
            const rotate = k.setting("rotateCertificates").value;
            if (rotate === false || rotate === "false") report(`${kubeletSaid(k, "rotateCertificates")} (CIS 4.2.10: client certificates must rotate).`);
            const gates = k.setting("featureGates");
            const gate = gates.value && typeof gates.value === "object" ? (gates.value as Record<string, unknown>).RotateKubeletServerCertificate : undefined;
            if (gate === false || gate === "false") report(`${gates.name} sets RotateKubeletServerCertificate=false${overrideNote(k, "featureGates")} (CIS 4.2.11).`);
            const min = k.setting("tlsMinVersion").value;
            if (k.decided("tlsMinVersion") && (min === undefined || TLS_VERSION_ORDER.indexOf(String(min)) < 2)) report(`${kubeletSaid(k, "tlsMinVersion")} (CIS 4.2.12: VersionTLS12 or VersionTLS13).`);
            const suites = k.setting("tlsCipherSuites").value;
            if (min !== "VersionTLS13" && k.decided("tlsCipherSuites")) {
                if (!Array.isArray(suites) || suites.length === 0) {
                    report(`${kubeletSaid(k, "tlsCipherSuites")}: Go's defaults include CBC suites (CIS 4.2.12: list ECDHE+AEAD suites only).`);
                } else {
                    const weak = weakSuites(suites);
                    if (weak.length > 0) report(`${k.setting("tlsCipherSuites").name} includes weak suites ${weak.join(", ")} (CIS 4.2.12).`);
                }
            }
        },
    },
);
