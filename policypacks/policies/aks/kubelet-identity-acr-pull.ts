// The kubelet identity gets read-only registry access (AcrPull), nothing more (CIS AKS 5.1.2/5.1.3).
import { stackPolicy } from "../../lib/policy";
import { asArray, deferUnknown } from "../../lib/k8s";
import { AZ, isType, ofType, probe, safe, str } from "./common";

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
            if (clusters.length === 0) return; // no kubelet identity in this stack
            const kubeletIds = new Set<string>();
            // A user-assigned kubelet identity: the resources the clusters' identityProfile depends on.
            const kubeletSources = new Set<string>();
            for (const c of clusters) {
                const id = safe(() => str(c.props?.identityProfile?.kubeletidentity?.objectId))?.toLowerCase();
                if (id) kubeletIds.add(id);
                const pd = safe(() => c.propertyDependencies?.identityProfile);
                for (const d of Array.isArray(pd) ? pd : []) if (typeof d?.urn === "string") kubeletSources.add(d.urn);
            }
            const allowed = asArray(config.allowedRoleDefinitionIds).map((x) => String(x).toLowerCase());
            for (const ra of ofType(args.resources, AZ.RoleAssignment)) {
                const label = `RoleAssignment "${ra.name}"`;
                const deps = safe(() => ra.propertyDependencies?.principalId);
                const principal = probe(() => str(ra.props?.principalId)?.toLowerCase());
                // true, false, or "unknown": an unknown principalId whose origin no dependency tells.
                let toKubelet: boolean | "unknown";
                // A user-assigned kubelet identity is known by its resource. A principal computed from the
                // cluster may be the kubelet's or another of its identities (control plane, add-ons):
                // only its value tells, so while it is unknown the check cannot be decided.
                const fromCluster = Array.isArray(deps) && deps.some((d) => isType(d?.type, AZ.ManagedCluster));
                if (Array.isArray(deps) && deps.some((d) => kubeletSources.has(d?.urn))) toKubelet = true;
                else if (!principal.unknown) toKubelet = !!principal.value && kubeletIds.has(principal.value);
                else toKubelet = fromCluster || !(Array.isArray(deps) && deps.length > 0) ? "unknown" : false;
                if (toKubelet === false) continue;
                const role = probe(() => str(ra.props?.roleDefinitionId));
                if (role.unknown) {
                    deferUnknown("roleDefinitionId", label);
                    continue;
                }
                if (role.value === undefined) continue;
                const guid = role.value.split("/").pop()!.toLowerCase();
                if (allowed.includes(guid)) continue;
                if (toKubelet === "unknown") deferUnknown("principalId", label);
                else report(ra, `RoleAssignment "${ra.name}" grants roleDefinitionId "${guid}" to an AKS kubelet identity (only AcrPull is allowed)`);
            }
        },
    },
);
