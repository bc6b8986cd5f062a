// aks.md #39: no Kubernetes dashboard.
import { addonEnabled, addonOf, clusterPolicy } from "./common";

export const aksDashboardDisabled = clusterPolicy(
    {
        name: "aks-dashboard-disabled",
        measure: "cluster.no-exposed-dashboards",
        severity: "high",
        description:
            "The Kubernetes dashboard add-on must be off. An exposed dashboard with a privileged service account is a well-known way into clusters (it was the entry point of the Tesla crypto-mining breach).",
        remediationSteps: "Remove addonProfiles.kubeDashboard (or set enabled=false); use the Azure portal's Kubernetes resource view.",
    },
    (props, _ctx, report) => {
        if (addonEnabled(props, "kubeDashboard")) report(`ManagedCluster sets addonProfiles.${addonOf(props, "kubeDashboard")!.key}.enabled=true`);
    },
);
