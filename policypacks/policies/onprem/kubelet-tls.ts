import { get, onpremPolicy, show, TLS_VERSION_ORDER, weakSuites } from "./lib/check";

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
        kinds: ["KubeletConfiguration"],
        doc: (d, _c, report) => {
            const doc = d.doc;
            const bootstrap = get(doc, "serverTLSBootstrap") === true;
            const files = typeof doc.tlsCertFile === "string" && doc.tlsCertFile !== "" && typeof doc.tlsPrivateKeyFile === "string" && doc.tlsPrivateKeyFile !== "";
            if (!bootstrap && !files) report(`serverTLSBootstrap=${show(doc.serverTLSBootstrap)} and no tlsCertFile/tlsPrivateKeyFile: the kubelet serves a self-signed certificate (CIS 4.2.9).`);
            if (doc.rotateCertificates === false) report(`rotateCertificates=false (CIS 4.2.10: client certificates must rotate).`);
            if (get(doc, "featureGates.RotateKubeletServerCertificate") === false) report(`featureGates.RotateKubeletServerCertificate=false (CIS 4.2.11).`);
            const min = doc.tlsMinVersion;
            if (min === undefined || TLS_VERSION_ORDER.indexOf(String(min)) < 2) report(`tlsMinVersion=${show(min)} (CIS 4.2.12: VersionTLS12 or VersionTLS13).`);
            if (min !== "VersionTLS13") {
                if (!Array.isArray(doc.tlsCipherSuites) || doc.tlsCipherSuites.length === 0) {
                    report(`tlsCipherSuites is ${show(doc.tlsCipherSuites)}: Go's defaults include CBC suites (CIS 4.2.12: list ECDHE+AEAD suites only).`);
                } else {
                    const weak = weakSuites(doc.tlsCipherSuites);
                    if (weak.length > 0) report(`tlsCipherSuites includes weak suites ${weak.join(", ")} (CIS 4.2.12).`);
                }
            }
        },
    },
);
