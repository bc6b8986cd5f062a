// Enough pod slots per node. An unset maxPods takes the network plugin's default, which for Azure
// CNI without overlay is 30 - below the threshold - so the default is resolved, not assumed.
import { poolPolicy, str } from "./common";
import { showValue } from "../../lib/format";

/**
 * AKS's maxPods default per network plugin (learn.microsoft.com/azure/aks/concepts-network-ip-address-planning):
 * kubenet 110, Azure CNI 30, Azure CNI Overlay (and Cilium on overlay) 250. Undefined: no documented default.
 */
export function defaultMaxPods(networkProfile: any): number | undefined {
    const plugin = str(networkProfile?.networkPlugin)?.toLowerCase();
    const mode = str(networkProfile?.networkPluginMode)?.toLowerCase();
    // No plugin: older API versions create kubenet clusters, newer ones Azure CNI Overlay; the lower default.
    if (plugin === undefined) return 110;
    if (plugin === "kubenet") return 110;
    if (plugin === "azure") return mode === "overlay" ? 250 : 30;
    return undefined; // "none" (bring your own CNI): the CNI decides
}

export const aksMaxPods = poolPolicy<{ minMaxPods: number }>(
    {
        name: "aks-max-pods",
        measure: "infrastructure.node-pool-capacity",
        severity: "low",
        description:
            "AKS node pools should allow enough pods per node (at least 50 by default). A low maxPods, including the Azure CNI default of 30, leaves nodes unable to schedule DaemonSets and replacements during upgrades and zone failures.",
        remediationSteps: "Set maxPods to 50 or more on every pool (Azure CNI Overlay defaults to 250; Azure CNI without overlay defaults to 30).",
        configSchema: {
            properties: { minMaxPods: { type: "number", default: 50, description: "Lowest acceptable maxPods." } },
        },
    },
    ({ pool, label, prefix, cluster }, ctx, report) => {
        const min = ctx.config.minMaxPods;
        if (typeof pool.maxPods === "number") {
            if (pool.maxPods < min) report(`${label} sets ${prefix}maxPods=${pool.maxPods} (below ${min})`);
            return;
        }
        if (cluster === undefined) {
            // A separate AgentPool does not carry the cluster's network profile.
            report(`${label} leaves maxPods unset: its default depends on the cluster's network plugin (Azure CNI without overlay: 30, below ${min}); set maxPods explicitly`);
            return;
        }
        const dflt = defaultMaxPods(cluster.networkProfile);
        if (dflt === undefined) report(`${label} leaves ${prefix}maxPods unset with networkProfile.networkPlugin=${showValue(cluster.networkProfile?.networkPlugin)}: the default is the CNI's; set maxPods explicitly`);
        else if (dflt < min) report(`${label} leaves ${prefix}maxPods unset: with networkProfile.networkPlugin="azure" and no overlay the default is ${dflt} (below ${min})`);
    },
);
