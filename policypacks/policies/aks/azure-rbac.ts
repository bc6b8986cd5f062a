// Kubernetes authorization through Azure RBAC.
import { clusterPolicy, show } from "./common";

export const aksAzureRbac = clusterPolicy(
    {
        name: "aks-azure-rbac",
        measure: "cluster.authz-rbac",
        severity: "high",
        description:
            "AKS should authorize Kubernetes requests with Azure RBAC for Kubernetes, so that role assignments are managed, reviewed and audited centrally with the rest of the Azure estate.",
        remediationSteps: "Set aadProfile.enableAzureRBAC=true (requires aadProfile.managed=true).",
    },
    (props, _ctx, report) => {
        const v = props?.aadProfile?.enableAzureRBAC;
        if (v !== true) report(`ManagedCluster sets aadProfile.enableAzureRBAC=${show(v)}`);
    },
);
