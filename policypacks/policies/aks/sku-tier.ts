// A paid tier with a financially backed API server SLA.
import { clusterPolicy, show, str } from "./common";

export const aksSkuTier = clusterPolicy(
    {
        name: "aks-sku-tier",
        measure: "infrastructure.uptime-sla",
        severity: "low",
        description:
            "Production AKS clusters should use the Standard (or Premium) tier, which scales the control plane and carries an uptime SLA; the Free tier has neither.",
        remediationSteps: "Set sku={name: \"Base\", tier: \"Standard\"}.",
    },
    (props, _ctx, report) => {
        const t = str(props?.sku?.tier);
        if (t !== "Standard" && t !== "Premium") report(`ManagedCluster sets sku.tier=${show(props?.sku?.tier)}${t ? "" : " (defaults to Free)"}`);
    },
);
