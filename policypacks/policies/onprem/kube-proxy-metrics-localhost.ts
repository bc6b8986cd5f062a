import { onpremPolicy, show } from "./lib/check";

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[?::1\]?|localhost)$/;

/** The host part of `host:port` (IPv6 in brackets); the whole value when it has no port. */
function hostOf(address: string): string {
    const v6 = /^\[([^\]]*)\](?::\d+)?$/.exec(address);
    if (v6) return v6[1];
    const i = address.lastIndexOf(":");
    return i >= 0 && address.indexOf(":") === i ? address.slice(0, i) : address;
}

/** CIS 4.3.1: kube-proxy's metrics endpoint is unauthenticated, so it listens on loopback only. */
export const onpremKubeProxyMetricsLocalhost = onpremPolicy(
    {
        name: "onprem-kube-proxy-metrics-localhost",
        measure: "cluster.control-plane-components",
        description:
            "kube-proxy must serve its metrics on localhost only (`metricsBindAddress: 127.0.0.1:10249`, CIS 4.3.1). The endpoint has no authentication: bound to every address it shows anyone on the network the node's Services, endpoints and proxy rules.",
        severity: "medium",
        remediationSteps:
            "Set `metricsBindAddress: 127.0.0.1:10249` in the KubeProxyConfiguration (kubeadm writes it to the kube-system/kube-proxy ConfigMap, key config.conf) or leave it unset; scrape through a local agent instead of 0.0.0.0.",
    },
    {
        kinds: ["KubeProxyConfiguration"],
        doc: (d, _c, report) => {
            const addr = d.doc.metricsBindAddress;
            if (addr === undefined || addr === null) return; // the default is 127.0.0.1:10249
            const host = typeof addr === "string" ? hostOf(addr.trim()) : "";
            if (!LOOPBACK.test(host)) report(`metricsBindAddress=${show(addr)} (CIS 4.3.1: must be 127.0.0.1, e.g. 127.0.0.1:10249).`);
        },
    },
);
