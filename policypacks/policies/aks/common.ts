// Helpers shared by the AKS policies: type tokens (strings only: importing @pulumi/azure-native
// at run time would cost the pack seconds of start-up), case-insensitive addon lookup, node
// pools wherever they are declared, and cluster ↔ related-resource matching for stack policies.
import { canonicalProps, canonicalType } from "../../lib/type-tokens";
import { UnknownValueError } from "@pulumi/policy";
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, PolicyMeta, Report, ResourceContext, KslPolicy } from "../../lib/policy";
import { isObject, asArray } from "../../lib/k8s";

export const AZ = {
    ManagedCluster: "azure-native:containerservice:ManagedCluster",
    AgentPool: "azure-native:containerservice:AgentPool",
    MaintenanceConfiguration: "azure-native:containerservice:MaintenanceConfiguration",
    DeploymentSafeguard: "azure-native:containerservice:DeploymentSafeguard",
    DiagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    Pricing: "azure-native:security:Pricing",
    RoleAssignment: "azure-native:authorization:RoleAssignment",
    Registry: "azure-native:containerregistry:Registry",
    UserAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    ResourceGroup: "azure-native:resources:ResourceGroup",
    BackupVault: "azure-native:dataprotection:BackupVault",
    BackupInstance: "azure-native:dataprotection:BackupInstance",
    Extension: "azure-native:kubernetesconfiguration:Extension",
    TrustedAccessRoleBinding: "azure-native:containerservice:TrustedAccessRoleBinding",
} as const;

/** The datasource type of an AKS cluster in Azure Backup, and the trusted-access role its vault needs. */
export const AKS_BACKUP = {
    datasourceType: "microsoft.containerservice/managedclusters",
    extensionType: "microsoft.dataprotection.kubernetes",
    trustedAccessRole: "microsoft.dataprotection/backupvaults/backup-operator",
} as const;

/** Reads a value without ever throwing (unknown-during-preview proxies and odd shapes included). */
export function safe<T>(fn: () => T): T | undefined {
    try {
        return fn();
    } catch {
        return undefined;
    }
}

/** Like `safe`, but says whether the value was unknown (an output not yet known during preview). */
export function probe<T>(fn: () => T): { value?: T; unknown: boolean } {
    try {
        return { value: fn(), unknown: false };
    } catch (e) {
        return { unknown: e instanceof UnknownValueError };
    }
}

export function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

/** Values in messages: see lib/format. */
export { showValue as show } from "../../lib/format";

/**
 * The addon profile under `key`, compared without regard to case as ARM does
 * (`azurepolicy` = `azurePolicy`, `omsagent` = `omsAgent`). When several casings are present the
 * enabled one wins, since ARM would merge them and the addon would run.
 */
export function addonOf(props: any, key: string): { key: string; profile: any } | undefined {
    const addons = props?.addonProfiles;
    if (!isObject(addons)) return undefined;
    const want = key.toLowerCase();
    let found: { key: string; profile: any } | undefined;
    for (const k of Object.keys(addons)) {
        if (k.toLowerCase() !== want) continue;
        const profile = addons[k];
        if (!found || (isObject(profile) && profile.enabled === true)) found = { key: k, profile };
    }
    return found;
}

export function addonEnabled(props: any, key: string): boolean {
    const a = addonOf(props, key);
    return !!a && isObject(a.profile) && a.profile.enabled === true;
}

/** An addon config value, keys compared without regard to case. */
export function addonConfig(profile: any, key: string): unknown {
    const cfg = profile?.config;
    if (!isObject(cfg)) return undefined;
    const want = key.toLowerCase();
    for (const k of Object.keys(cfg)) if (k.toLowerCase() === want) return cfg[k];
    return undefined;
}

/**
 * For "add-on must be off" policies: the casing of `key` whose profile is enabled, and the field
 * path of one whose profile or `enabled` is unknown during preview. Each casing is read on its own
 * (addonOf lets the first unknown one throw), so an unknown casing never hides a known enabled one.
 */
export function addonOn(props: any, key: string): { enabled?: string; unknown?: string } {
    const addons = probe(() => props?.addonProfiles);
    if (addons.unknown) return { unknown: "addonProfiles" };
    if (!isObject(addons.value)) return {};
    const out: { enabled?: string; unknown?: string } = {};
    const want = key.toLowerCase();
    for (const k of safe(() => Object.keys(addons.value)) ?? []) {
        if (k.toLowerCase() !== want) continue;
        const profile = probe(() => addons.value[k]);
        const enabled = profile.unknown ? profile : probe(() => (isObject(profile.value) ? profile.value.enabled : undefined));
        if (enabled.unknown) out.unknown ??= profile.unknown ? `addonProfiles.${k}` : `addonProfiles.${k}.enabled`;
        else if (enabled.value === true) out.enabled ??= k;
    }
    return out;
}

export function isTrueString(v: unknown): boolean {
    return v === true || (typeof v === "string" && v.toLowerCase() === "true");
}

/** One node pool, inline (`agentPoolProfiles[i]`) or a separate AgentPool resource. */
export interface PoolView {
    pool: Record<string, any>;
    /** `agent pool "system" (agentPoolProfiles[0])` or `AgentPool "user"`. */
    label: string;
    /** Field path prefix inside the resource: `agentPoolProfiles[0].` or empty. */
    prefix: string;
    inline: boolean;
    /** The ManagedCluster's props for an inline pool; undefined for a separate AgentPool. */
    cluster?: Record<string, any>;
}

/** Whether a type token, in any spelling, is `canonical`. */
export function isType(type: unknown, canonical: string): boolean {
    return typeof type === "string" && canonicalType(type) === canonical;
}

export function poolsOf(rawType: string, props: any, resourceName: string): PoolView[] {
    const type = canonicalType(rawType);
    if (type === AZ.ManagedCluster) {
        const out: PoolView[] = [];
        asArray(props?.agentPoolProfiles).forEach((p, i) => {
            if (!isObject(p)) return;
            const name = str(p.name) ?? `#${i}`;
            out.push({ pool: p, label: `agent pool "${name}" (agentPoolProfiles[${i}])`, prefix: `agentPoolProfiles[${i}].`, inline: true, cluster: props });
        });
        return out;
    }
    if (type === AZ.AgentPool && isObject(props)) {
        const name = str(props.agentPoolName) ?? resourceName;
        return [{ pool: props, label: `AgentPool "${name}"`, prefix: "", inline: false }];
    }
    return [];
}

export function isWindowsPool(pool: any): boolean {
    const t = str(pool?.osType);
    const sku = str(pool?.osSKU);
    return (t !== undefined && t.toLowerCase() === "windows") || (sku !== undefined && sku.toLowerCase().startsWith("windows"));
}

export function isSystemPool(pool: any): boolean {
    return str(pool?.mode)?.toLowerCase() === "system";
}

/** A policy over every node pool: inline pools of a ManagedCluster and separate AgentPools. */
export function poolPolicy<C = Record<string, never>>(
    meta: PolicyMeta,
    check: (v: PoolView, ctx: ResourceContext<C>, report: Report) => void,
): KslPolicy {
    return resourcePolicy<C>(meta, {
        types: [AZ.ManagedCluster, AZ.AgentPool],
        validate: (props, ctx, report) => {
            for (const v of poolsOf(ctx.type, props, ctx.name)) check(v, ctx, report);
        },
    });
}

/** A policy over ManagedCluster properties only. */
export function clusterPolicy<C = Record<string, never>>(
    meta: PolicyMeta,
    validate: (props: any, ctx: ResourceContext<C>, report: Report) => void,
): KslPolicy {
    return resourcePolicy<C>(meta, { types: [AZ.ManagedCluster], validate });
}

// ---- stack-policy matching -------------------------------------------------------------------

export function clusterLabel(r: PolicyResource): string {
    return `ManagedCluster "${r.name}"`;
}

/** The names a cluster may be referred to by: its ARM id and its resource name, lower-cased. */
function clusterKeys(cluster: PolicyResource): { id?: string; name?: string } {
    const id = safe(() => str(cluster.props?.id));
    const name = safe(() => str(cluster.props?.resourceName)) ?? safe(() => str(cluster.props?.name));
    return { id: id?.toLowerCase(), name: name?.toLowerCase() };
}

function dependsOn(r: PolicyResource, prop: string, cluster: PolicyResource): boolean | undefined {
    const pd = safe(() => r.propertyDependencies?.[prop]);
    if (Array.isArray(pd) && pd.length > 0) return pd.some((d) => d?.urn === cluster.urn);
    return undefined;
}

/**
 * Whether `r` refers to `cluster` through `prop` (an ARM id like `resourceUri`, or a cluster name
 * like `resourceName`). Resolution order: property dependencies (exact, works during preview when
 * ids are unknown), then the id or name string, then plain dependencies.
 */
export function refersTo(r: PolicyResource, prop: string, kind: "id" | "name", cluster: PolicyResource, clusters: PolicyResource[]): boolean {
    const viaProp = dependsOn(r, prop, cluster);
    if (viaProp !== undefined) return viaProp;
    const value = safe(() => str(r.props?.[prop]))?.toLowerCase();
    const keys = clusterKeys(cluster);
    if (value !== undefined) {
        if (kind === "id") {
            if (keys.id && value === keys.id) return true;
            if (keys.name && /\/managedclusters\/[^/]+$/.test(value) && value.endsWith(`/managedclusters/${keys.name}`)) return true;
            if (keys.id || keys.name) return false;
        } else {
            if (keys.name) return value === keys.name;
        }
    }
    // Value unknown (preview) or the cluster's keys unknown: fall back to dependencies, then to
    // "the only cluster in the stack".
    const deps = safe(() => r.dependencies) ?? [];
    if (Array.isArray(deps) && deps.some((d) => isType(d?.type, AZ.ManagedCluster))) return deps.some((d) => d?.urn === cluster.urn);
    return value === undefined && clusters.length === 1;
}

/**
 * refersTo, but "unknown" where refersTo guesses "no": the reference is unknown during preview and
 * neither property dependencies nor dependencies nor a single cluster in the stack resolve it.
 */
export function refersToState(r: PolicyResource, prop: string, kind: "id" | "name", cluster: PolicyResource, clusters: PolicyResource[]): boolean | "unknown" {
    if (refersTo(r, prop, kind, cluster, clusters)) return true;
    if (dependsOn(r, prop, cluster) !== undefined) return false;
    const deps = safe(() => r.dependencies) ?? [];
    if (Array.isArray(deps) && deps.some((d) => isType(d?.type, AZ.ManagedCluster))) return false;
    const value = probe(() => r.props?.[prop]);
    if (value.unknown) return "unknown";
    if (typeof value.value !== "string") return false;
    // A known reference, but the cluster's own name (or id) is unknown during preview.
    const rn = probe(() => cluster.props?.resourceName);
    const nameUnknown = rn.unknown || (rn.value === undefined && probe(() => cluster.props?.name).unknown);
    if (kind === "name") return nameUnknown ? "unknown" : false;
    return nameUnknown && probe(() => cluster.props?.id).unknown ? "unknown" : false;
}

/**
 * The stack's resources of a type, in any spelling of it (API-versioned azure-native modules, the
 * classic provider), each with its canonical type and props.
 */
export function ofType(resources: PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => canonicalType(r.type, r.props) === type).map((r) => (r.type === type ? r : { ...r, type, props: canonicalProps(r.type, r.props) }));
}
