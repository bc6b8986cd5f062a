// Users authenticate through Entra ID (managed AAD); admins come from an Entra group or Azure RBAC.
import { asArray } from "../../lib/k8s";
import { clusterPolicy, show } from "./common";

export const aksEntraId = clusterPolicy(
    {
        name: "aks-entra-id",
        measure: "cluster.authn-central-idp",
        severity: "high",
        description:
            "AKS must authenticate users through Microsoft Entra ID (managed AAD integration), with cluster admins granted through Entra: an admin group, or Azure RBAC role assignments when aadProfile.enableAzureRBAC is on. Access then follows the central identity provider: MFA, conditional access and leaver processes.",
        remediationSteps:
            "Set aadProfile.managed=true and either aadProfile.enableAzureRBAC=true (grant admins the \"Azure Kubernetes Service RBAC Cluster Admin\" role on the cluster) or aadProfile.adminGroupObjectIDs to the object ids of the cluster-admin groups; drop the legacy aadProfile.serverAppID/clientAppID/serverAppSecret.",
    },
    (props, _ctx, report) => {
        const aad = props?.aadProfile;
        if (aad?.managed !== true) {
            report(`ManagedCluster sets aadProfile.managed=${show(aad?.managed)}: Entra ID integration is off`);
            return;
        }
        // With Azure RBAC, admins are Azure role assignments on the cluster (what Azure Policy
        // 450d2877 and Microsoft's baseline cluster do); adminGroupObjectIDs is then optional.
        if (aad?.enableAzureRBAC !== true && asArray(aad?.adminGroupObjectIDs).filter((g) => typeof g === "string" && g !== "").length === 0) {
            report("ManagedCluster has aadProfile.managed=true but neither aadProfile.adminGroupObjectIDs nor aadProfile.enableAzureRBAC=true: no one administers the cluster through Entra ID");
        }
        // Never echo the secret itself.
        if (aad?.serverAppSecret !== undefined || aad?.serverAppID !== undefined || aad?.clientAppID !== undefined) {
            report("ManagedCluster sets legacy aadProfile.serverAppID/clientAppID/serverAppSecret (the deprecated AAD integration)");
        }
    },
);
