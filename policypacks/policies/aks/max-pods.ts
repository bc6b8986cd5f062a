// aks.md #25: enough pod slots per node.
import { poolPolicy } from "./common";

export const aksMaxPods = poolPolicy<{ minMaxPods: number }>(
    {
        name: "aks-max-pods",
        measure: "infrastructure.node-pool-capacity",
        severity: "low",
        description:
            "AKS node pools should allow enough pods per node (at least 50 by default). A low maxPods leaves nodes unable to schedule DaemonSets and replacements during upgrades and zone failures.",
        remediationSteps: "Set maxPods to 50 or more (Azure CNI Overlay defaults to 250).",
        configSchema: {
            properties: { minMaxPods: { type: "number", default: 50, description: "Lowest acceptable maxPods." } },
        },
    },
    ({ pool, label, prefix }, ctx, report) => {
        // Unset: the plugin default, which is acceptable for overlay and kubenet.
        if (typeof pool.maxPods === "number" && pool.maxPods < ctx.config.minMaxPods) {
            report(`${label} sets ${prefix}maxPods=${pool.maxPods} (below ${ctx.config.minMaxPods})`);
        }
    },
);
