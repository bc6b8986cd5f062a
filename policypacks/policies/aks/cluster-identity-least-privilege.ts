// The identities an AKS cluster runs as (control plane, kubelet, add-ons) hold no Owner,
// Contributor or access-administration role over a resource group or subscription. The kubelet
// identity is reachable from every node through the instance metadata endpoint, so such a grant
// turns one compromised pod with host access into control of everything in that scope.
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../lib/policy";
import { asArray, deferUnknown } from "../../lib/k8s";
import { AKS_BACKUP, AZ, isType, ofType, probe, safe, str } from "./common";

/** Built-in roles that can change or re-grant everything in their scope, by role definition GUID. */
export const BROAD_ROLES: Readonly<Record<string, string>> = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
    "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};

const BROAD_SCOPE = /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?\/?$|^\/providers\/microsoft\.management\/managementgroups\/[^/]+\/?$/;

/** The urns a cluster's identities come from: the cluster itself and its user-assigned identities. */
function identitySources(cluster: PolicyResource): Set<string> {
    const out = new Set<string>([cluster.urn]);
    for (const prop of ["identity", "identityProfile"]) {
        const pd = safe(() => cluster.propertyDependencies?.[prop]);
        for (const d of Array.isArray(pd) ? pd : []) if (typeof d?.urn === "string" && isType(d?.type, AZ.UserAssignedIdentity)) out.add(d.urn);
    }
    return out;
}

/** Principal ids of the cluster's identities that are known (after deployment, or given literally). */
function knownPrincipals(cluster: PolicyResource): Set<string> {
    const ids = [
        safe(() => str(cluster.props?.identity?.principalId)),
        safe(() => str(cluster.props?.identityProfile?.kubeletidentity?.objectId)),
    ];
    return new Set(ids.filter((x): x is string => !!x).map((x) => x.toLowerCase()));
}

/** A resource group named by ARM id (known) and by the stack's ResourceGroup resources it comes from. */
interface GroupRefs {
    ids: Set<string>;
    urns: Set<string>;
}

const normalId = (id: string) => id.toLowerCase().replace(/\/+$/, "");

/**
 * The snapshot resource groups of the stack's AKS backup instances
 * (policyInfo.policyParameters.dataStoreParametersList[].resourceGroupId). Azure Backup for AKS
 * requires the cluster's identity to hold Contributor there, to write the disk snapshots.
 */
function snapshotGroups(resources: PolicyResource[]): GroupRefs {
    const out: GroupRefs = { ids: new Set(), urns: new Set() };
    for (const inst of ofType(resources, AZ.BackupInstance)) {
        const type = safe(() => str(inst.props?.properties?.dataSourceInfo?.datasourceType));
        if (type?.toLowerCase() !== AKS_BACKUP.datasourceType) continue;
        for (const p of asArray(safe(() => inst.props?.properties?.policyInfo?.policyParameters?.dataStoreParametersList))) {
            const id = safe(() => str(p?.resourceGroupId));
            if (id) out.ids.add(normalId(id));
        }
        for (const d of asArray(safe(() => inst.propertyDependencies?.properties))) if (isType(d?.type, AZ.ResourceGroup)) out.urns.add(d.urn);
    }
    return out;
}

/** The resource groups the clusters themselves live in: Contributor there is never a snapshot grant. */
function clusterGroups(clusters: PolicyResource[]): GroupRefs {
    const out: GroupRefs = { ids: new Set(), urns: new Set() };
    for (const c of clusters) {
        const rg = safe(() => str(c.props?.resourceGroupName));
        const id = safe(() => str(c.props?.id));
        if (id && /\/resourcegroups\/[^/]+/i.test(id)) out.ids.add(normalId(id.replace(/(\/resourcegroups\/[^/]+).*$/i, "$1")));
        if (rg) out.ids.add(`rg:${rg.toLowerCase()}`);
        for (const d of asArray(safe(() => c.propertyDependencies?.resourceGroupName))) if (isType(d?.type, AZ.ResourceGroup)) out.urns.add(d.urn);
    }
    return out;
}

/** Whether a role assignment's scope is one of `groups`, by value or by the ResourceGroup it depends on. */
function scopeIn(ra: PolicyResource, groups: GroupRefs): boolean {
    const scope = safe(() => str(ra.props?.scope));
    if (scope !== undefined) {
        const id = normalId(scope);
        const name = /\/resourcegroups\/([^/]+)$/.exec(id)?.[1];
        return groups.ids.has(id) || (name !== undefined && groups.ids.has(`rg:${name}`));
    }
    return asArray(safe(() => ra.propertyDependencies?.scope)).some((d: any) => groups.urns.has(d?.urn));
}

export const aksClusterIdentityLeastPrivilege = stackPolicy(
    {
        name: "aks-cluster-identity-least-privilege",
        measure: "infrastructure.cloud-managed-identity",
        severity: "high",
        description:
            "An AKS cluster's identities (control plane, kubelet, add-ons) must not hold Owner, Contributor, User Access Administrator or Role Based Access Control Administrator on a resource group, subscription or management group. AKS needs only narrow roles (Network Contributor on its subnets, AcrPull on its registry); a broad one lets a compromised node take over the whole scope. The one documented exception is Contributor on the dedicated snapshot resource group of an Azure Backup instance of the cluster (never the cluster's own resource group).",
        remediationSteps:
            "Replace the assignment with the narrow built-in role AKS documents for the task (Network Contributor on the node and load-balancer subnets, Private DNS Zone Contributor on the zone, AcrPull on the registry), scoped to that resource.",
    },
    {
        validate: (args, _config, report) => {
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            if (clusters.length === 0) return;
            const sources = new Set(clusters.flatMap((c) => [...identitySources(c)]));
            const principals = new Set(clusters.flatMap((c) => [...knownPrincipals(c)]));
            const snapshots = snapshotGroups(args.resources);
            const own = clusterGroups(clusters);
            for (const ra of ofType(args.resources, AZ.RoleAssignment)) {
                const label = `RoleAssignment "${ra.name}"`;
                const role = probe(() => str(ra.props?.roleDefinitionId));
                if (role.unknown) {
                    deferUnknown("roleDefinitionId", label);
                    continue;
                }
                const roleName = role.value ? BROAD_ROLES[role.value.split("/").pop()!.toLowerCase()] : undefined;
                if (!roleName) continue;
                if (roleName === "Contributor" && scopeIn(ra, snapshots) && !scopeIn(ra, own)) continue;
                const scope = scopeOf(ra);
                if (scope === "narrow") continue;
                const deps = safe(() => ra.propertyDependencies?.principalId);
                const principal = probe(() => str(ra.props?.principalId)?.toLowerCase());
                let toCluster: boolean | "unknown";
                if (Array.isArray(deps) && deps.some((d) => sources.has(d?.urn))) toCluster = true;
                else if (!principal.unknown) toCluster = !!principal.value && principals.has(principal.value);
                else toCluster = Array.isArray(deps) && deps.length > 0 ? false : "unknown";
                if (toCluster === false) continue;
                if (toCluster === "unknown") deferUnknown("principalId", label);
                else if (scope === "unknown") deferUnknown("scope", label);
                else report(ra, `${label} grants ${roleName} at ${scope} to an identity of an AKS cluster`);
            }
        },
    },
);

/** "narrow", "unknown", or a description of the broad scope. */
function scopeOf(ra: PolicyResource): string {
    const scope = probe(() => str(ra.props?.scope));
    if (!scope.unknown) {
        const s = (scope.value ?? "").toLowerCase();
        return BROAD_SCOPE.test(s) ? `scope "${scope.value}"` : "narrow";
    }
    // Unknown during preview: the id of a resource group the stack creates is a resource-group scope.
    const deps = asArray(safe(() => ra.propertyDependencies?.scope));
    if (deps.some((d: any) => isType(d?.type, AZ.ResourceGroup))) return "the scope of a resource group";
    return deps.length > 0 ? "narrow" : "unknown";
}
