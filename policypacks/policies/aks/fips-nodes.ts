// FIPS 140 validated crypto modules on the nodes, where regulation requires it.
import { poolPolicy, show } from "./common";

export const aksFipsNodes = poolPolicy<{ required: boolean }>(
    {
        name: "aks-fips-nodes",
        measure: "infrastructure.fips-nodes",
        severity: "low",
        description:
            "Where regulation requires FIPS 140 validated cryptography (FedRAMP, DoD), AKS node pools must enable FIPS. The check is off unless the `required` option is set.",
        remediationSteps: "Set enableFIPS=true on the node pool (a new pool is needed; the setting cannot be changed in place).",
        configSchema: {
            properties: { required: { type: "boolean", default: false, description: "Require FIPS-enabled node pools." } },
        },
    },
    ({ pool, label, prefix }, ctx, report) => {
        if (ctx.config.required && pool.enableFIPS !== true) report(`${label} sets ${prefix}enableFIPS=${show(pool.enableFIPS)}`);
    },
);
