// A private cluster publishes no public DNS name for its API server.
import { clusterPolicy } from "./common";

export const aksPrivateClusterPublicFqdn = clusterPolicy(
    {
        name: "aks-private-cluster-public-fqdn",
        measure: "cluster.api-private-endpoint",
        severity: "medium",
        description:
            "A private AKS cluster must not publish a public FQDN for its API server. The public DNS record reveals the private endpoint's address and the cluster's existence to anyone.",
        remediationSteps: "Set apiServerAccessProfile.enablePrivateClusterPublicFQDN=false (or leave it unset) and resolve the API server through the private DNS zone.",
    },
    (props, _ctx, report) => {
        const p = props?.apiServerAccessProfile;
        if (p?.enablePrivateCluster === true && p?.enablePrivateClusterPublicFQDN === true) {
            report("ManagedCluster sets apiServerAccessProfile.enablePrivateClusterPublicFQDN=true on a private cluster");
        }
    },
);
