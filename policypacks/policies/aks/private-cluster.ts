// aks.md #1: the API server has no public endpoint.
import { clusterPolicy, show } from "./common";

export const aksPrivateCluster = clusterPolicy(
    {
        name: "aks-private-cluster",
        measure: "cluster.api-private-endpoint",
        severity: "high",
        description:
            "The AKS API server must be reachable only from private networks. A public endpoint exposes the control plane to credential stuffing and to every future API server vulnerability.",
        remediationSteps:
            "Set apiServerAccessProfile.enablePrivateCluster=true (HardenedAKSCluster does this by default). If a public endpoint is unavoidable, restrict it with apiServerAccessProfile.authorizedIPRanges and record a waiver tag `ksl-waiver-aks-private-cluster`.",
    },
    (props, _ctx, report) => {
        const v = props?.apiServerAccessProfile?.enablePrivateCluster;
        if (v !== true) report(`ManagedCluster sets apiServerAccessProfile.enablePrivateCluster=${show(v)}: the API server has a public endpoint`);
    },
);
