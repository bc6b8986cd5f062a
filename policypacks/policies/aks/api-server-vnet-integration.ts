// The API server is projected into the cluster's VNet.
import { clusterPolicy, show } from "./common";

export const aksApiServerVnetIntegration = clusterPolicy(
    {
        name: "aks-api-server-vnet-integration",
        measure: "cluster.api-private-endpoint",
        severity: "low",
        description:
            "The AKS API server should use API Server VNet Integration, so that node-to-control-plane traffic stays on a private subnet without a private-link tunnel.",
        remediationSteps: "Set apiServerAccessProfile.enableVnetIntegration=true (and apiServerAccessProfile.subnetId when you bring your own VNet).",
    },
    (props, _ctx, report) => {
        const v = props?.apiServerAccessProfile?.enableVnetIntegration;
        if (v !== true) report(`ManagedCluster sets apiServerAccessProfile.enableVnetIntegration=${show(v)}`);
    },
);
