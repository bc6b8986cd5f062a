// aks.md #8: users authenticate through Entra ID (managed AAD), with an admin group.
import { asArray } from "../../lib/k8s";
import { clusterPolicy, show } from "./common";

export const aksEntraId = clusterPolicy(
    {
        name: "aks-entra-id",
        measure: "cluster.authn-central-idp",
        severity: "high",
        description:
            "AKS must authenticate users through Microsoft Entra ID (managed AAD integration) with at least one admin group, so that access follows the central identity provider: MFA, conditional access and leaver processes.",
        remediationSteps:
            "Set aadProfile.managed=true and aadProfile.adminGroupObjectIDs to the object ids of the cluster-admin groups; drop the legacy aadProfile.serverAppID/clientAppID/serverAppSecret.",
    },
    (props, _ctx, report) => {
        const aad = props?.aadProfile;
        if (aad?.managed !== true) {
            report(`ManagedCluster sets aadProfile.managed=${show(aad?.managed)}: Entra ID integration is off`);
            return;
        }
        if (asArray(aad?.adminGroupObjectIDs).filter((g) => typeof g === "string" && g !== "").length === 0) {
            report("ManagedCluster has aadProfile.managed=true but no aadProfile.adminGroupObjectIDs");
        }
        // Never echo the secret itself.
        if (aad?.serverAppSecret !== undefined || aad?.serverAppID !== undefined || aad?.clientAppID !== undefined) {
            report("ManagedCluster sets legacy aadProfile.serverAppID/clientAppID/serverAppSecret (the deprecated AAD integration)");
        }
    },
);
