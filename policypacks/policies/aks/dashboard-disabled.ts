// No Kubernetes dashboard.
import { deferUnknown } from "../../lib/k8s";
import { addonOn, clusterPolicy } from "./common";

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
        const a = addonOn(props, "kubeDashboard");
        if (a.enabled) report(`ManagedCluster sets addonProfiles.${a.enabled}.enabled=true`);
        // Not checkable during preview unless a known casing already decides.
        else if (a.unknown) deferUnknown(a.unknown);
    },
);
