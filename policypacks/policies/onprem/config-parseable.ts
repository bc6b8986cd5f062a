import { onpremPolicy } from "./lib/check";

/** An embedded configuration document that cannot be read hides its settings from every other check. */
export const onpremConfigParseable = onpremPolicy(
    {
        name: "onprem-config-parseable",
        measure: "cluster.cis-benchmark",
        description:
            "Node and control-plane configuration embedded in ConfigMaps, cloud-init user-data or OnPremNodePool inputs must parse. A document that cannot be read cannot be checked by the other on-prem policies, and kubeadm or the kubelet would reject it at boot.",
        severity: "high",
        remediationSteps:
            "Fix the YAML, JSON or TOML syntax of the named document (or the OnPremNodePool argument named in the message) and preview again.",
    },
    {
        scan: (s, _c, report) => {
            for (const e of s.errors) report(e);
        },
    },
);
