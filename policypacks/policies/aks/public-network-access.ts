// Public network access to the cluster resource is off for private clusters.
import { clusterPolicy, show } from "./common";

export const aksPublicNetworkAccess = clusterPolicy(
    {
        name: "aks-public-network-access",
        measure: "cluster.api-private-endpoint",
        severity: "medium",
        description:
            "A private AKS cluster must set publicNetworkAccess to Disabled, so that no public path to the API server can be re-enabled without changing this setting.",
        remediationSteps: "Set publicNetworkAccess=\"Disabled\" on the private ManagedCluster.",
    },
    (props, _ctx, report) => {
        if (props?.apiServerAccessProfile?.enablePrivateCluster !== true) return; // aks-private-cluster reports public clusters
        const v = props?.publicNetworkAccess;
        if (typeof v !== "string" || v.toLowerCase() !== "disabled") {
            report(`ManagedCluster sets publicNetworkAccess=${show(v)} on a private cluster (expected "Disabled")`);
        }
    },
);
