import { argsOf, onpremPolicy, show, TLS_VERSION_ORDER, weakSuites } from "./lib/check";

/** CIS 1.2.5, 1.2.29 (+ 1.2.4, 1.2.24–1.2.26 if emptied): verified kubelet connections, modern TLS. */
export const onpremApiserverTls = onpremPolicy(
    {
        name: "onprem-apiserver-tls",
        measure: "cluster.control-plane-tls",
        description:
            "The API server must verify kubelet serving certificates (`kubelet-certificate-authority`, CIS 1.2.5), serve TLS 1.2 or newer with strong cipher suites only (CIS 1.2.29), keep its kubeadm PKI flags (1.2.4, 1.2.24–1.2.26) and expose no insecure port. Without the kubelet CA, exec and log traffic to nodes can be intercepted.",
        severity: "high",
        remediationSteps:
            "Set `kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt` (with kubelet `serverTLSBootstrap: true`), `tls-min-version=VersionTLS12` and `tls-cipher-suites` with ECDHE+AEAD suites only in `apiServer.extraArgs`; never blank kubeadm's certificate flags or set insecure-port.",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const args = argsOf(d.doc.apiServer);
            if (!args.get("kubelet-certificate-authority")) report(`apiServer.extraArgs has no kubelet-certificate-authority: kubelet certificates are not verified (CIS 1.2.5).`);
            const min = args.get("tls-min-version");
            if (min === undefined || TLS_VERSION_ORDER.indexOf(min) < 2) report(`apiServer.extraArgs tls-min-version=${show(min)} (CIS 1.2.29: VersionTLS12 or VersionTLS13).`);
            const suites = args.get("tls-cipher-suites");
            if (min !== "VersionTLS13") {
                if (!suites) report(`apiServer.extraArgs has no tls-cipher-suites: Go's defaults include CBC suites (CIS 1.2.29).`);
                else {
                    const weak = weakSuites(suites);
                    if (weak.length > 0) report(`apiServer.extraArgs tls-cipher-suites includes weak suites ${weak.join(", ")} (CIS 1.2.29).`);
                }
            }
            for (const [flag, cis] of [
                ["kubelet-client-certificate", "1.2.4"], ["kubelet-client-key", "1.2.4"],
                ["etcd-certfile", "1.2.23"], ["etcd-keyfile", "1.2.23"], ["tls-cert-file", "1.2.24"],
                ["tls-private-key-file", "1.2.24"], ["client-ca-file", "1.2.25"], ["etcd-cafile", "1.2.26"],
            ] as const) {
                if (args.get(flag) === "") report(`apiServer.extraArgs ${flag} is empty (CIS ${cis}).`);
            }
            const insecure = args.get("insecure-port");
            if (insecure !== undefined && insecure !== "0") report(`apiServer.extraArgs insecure-port=${show(insecure)}: unauthenticated HTTP.`);
            if (args.has("insecure-bind-address")) report(`apiServer.extraArgs sets insecure-bind-address.`);
        },
    },
);
