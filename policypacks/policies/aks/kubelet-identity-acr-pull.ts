// aks.md #46: the kubelet identity gets read-only registry access (AcrPull), nothing more.
import { stackPolicy } from "../../lib/policy";
import { asArray } from "../../lib/k8s";
import { AZ, ofType, safe, str } from "./common";

export const ACR_PULL_ROLE = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

export const aksKubeletIdentityAcrPull = stackPolicy<{ allowedRoleDefinitionIds: string[] }>(
    {
        name: "aks-kubelet-identity-acr-pull",
        measure: "supply-chain.registry-access",
        severity: "medium",
        description:
            "Role assignments to an AKS cluster's kubelet identity should grant only AcrPull. The kubelet identity is reachable from every node, so push, delete or contributor rights on it let a compromised node poison the registry.",
        remediationSteps:
            "Assign the built-in AcrPull role (7f951dda-4ed3-4680-a7ca-43fe172d538d) on the registry to identityProfile.kubeletidentity.objectId and remove other role assignments to it.",
        configSchema: {
            properties: {
                allowedRoleDefinitionIds: {
                    type: "array",
                    items: { type: "string" },
                    default: [ACR_PULL_ROLE],
                    description: "Role definition GUIDs the kubelet identity may hold.",
                },
            },
        },
    },
    {
        validate: (args, config, report) => {
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            const kubeletIds = new Set(
                clusters
                    .map((c) => safe(() => str(c.props?.identityProfile?.kubeletidentity?.objectId))?.toLowerCase())
                    .filter((x): x is string => !!x),
            );
            const allowed = asArray(config.allowedRoleDefinitionIds).map((x) => String(x).toLowerCase());
            for (const ra of ofType(args.resources, AZ.RoleAssignment)) {
                const deps = safe(() => ra.propertyDependencies?.principalId) ?? [];
                const principal = safe(() => str(ra.props?.principalId))?.toLowerCase();
                const toKubelet = (Array.isArray(deps) && deps.some((d) => d?.type === AZ.ManagedCluster)) || (!!principal && kubeletIds.has(principal));
                if (!toKubelet) continue;
                const role = safe(() => str(ra.props?.roleDefinitionId));
                if (role === undefined) continue; // unknown during preview
                const guid = role.split("/").pop()!.toLowerCase();
                if (!allowed.includes(guid)) {
                    report(ra, `RoleAssignment "${ra.name}" grants roleDefinitionId "${guid}" to an AKS kubelet identity (only AcrPull is allowed)`);
                }
            }
        },
    },
);
