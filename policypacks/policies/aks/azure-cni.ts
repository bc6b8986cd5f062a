// Azure CNI (overlay), not kubenet.
import { clusterPolicy, show, str } from "./common";

export const aksAzureCni = clusterPolicy(
    {
        name: "aks-azure-cni",
        measure: "network.policy-enforcing-cni",
        severity: "low",
        description:
            "AKS should use Azure CNI (preferably in overlay mode) rather than kubenet, which is retired, relies on route tables and user-defined routes, and does not support Azure network policy or Cilium.",
        remediationSteps: "Set networkProfile.networkPlugin=\"azure\" with networkProfile.networkPluginMode=\"overlay\".",
    },
    (props, _ctx, report) => {
        const plugin = str(props?.networkProfile?.networkPlugin);
        if (plugin?.toLowerCase() !== "azure") {
            report(`ManagedCluster sets networkProfile.networkPlugin=${show(props?.networkProfile?.networkPlugin)}${plugin ? "" : " (defaults to kubenet)"} (expected "azure")`);
        }
    },
);
