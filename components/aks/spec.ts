// HardenedAKSCluster's arguments resolved to the settings it provisions: every default, every
// validation, and every opt-out with the waiver tag it records. Pure (no resources), so it is
// tested directly and the component's constructor only creates resources.
import type * as pulumi from "@pulumi/pulumi";
import type { ManagedClusterArgs } from "@pulumi/azure-native/containerservice";
import type { types } from "@pulumi/azure-native";

/** The taint that keeps everything but critical add-ons off the system pool. */
export const CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule";
import { waiverArgProblem, waiverEntry } from "../../policypacks/lib/waivers";

/** An explicit, time-bound exception to one policy of the AKS pack. */
export interface HardenedAKSClusterWaiver {
    /** Name of the policy waived, e.g. `aks-private-cluster`. */
    policy: string;
    /** Why the exception is acceptable (at least 10 characters); shown in every report. */
    justification: string;
    /** Last day the waiver holds, `YYYY-MM-DD` (the packs accept at most a year ahead). */
    expires: string;
}

/** A public API endpoint, for callers who cannot reach a private one. Needs a waiver for `aks-private-cluster`. */
export interface HardenedAKSPublicEndpoint {
    /**
     * Source ranges allowed to reach the API server (CIDR strings, plain values). Required and
     * non-empty; `0.0.0.0/0` and ranges wider than /8 are rejected.
     */
    authorizedIpRanges: string[];
}

/** The caller's existing control-plane identity. */
export interface HardenedAKSUserAssignedIdentity {
    /** ARM id of the user-assigned identity. */
    id: pulumi.Input<string>;
    /** Its principal (object) id, for the Key Vault role assignments KMS needs. */
    principalId: pulumi.Input<string>;
}

/** A user node pool, created as a separate AgentPool. Secure settings are the system pool's. */
export interface HardenedAKSUserPool {
    /** Pool name (lowercase letters and digits, at most 12). */
    name: string;
    /** VM size of the pool. @default "Standard_D4ds_v5" (Gen2, a temp disk large enough for an ephemeral OS disk) */
    vmSize?: string;
    /**
     * Autoscaler bounds. @default 3 - one node in each of the three zones, so a zone's loss leaves
     * the pool serving (Azure Policy holds User pools to the same count as System pools).
     */
    minCount?: number;
    /** Autoscaler maximum of nodes. @default 6 */
    maxCount?: number;
    /** Kubernetes labels for the nodes. */
    nodeLabels?: Record<string, string>;
    /** Taints, e.g. `team=a:NoSchedule`. */
    nodeTaints?: string[];
}

/** The maintenance window both upgrade schedules use (weekly). */
export interface HardenedAKSMaintenanceWindow {
    /** Day of the weekly window. @default "Sunday" */
    dayOfWeek?: string;
    /** `HH:mm`. @default "02:00" */
    startTime?: string;
    /** At least 4. @default 4 */
    durationHours?: number;
    /** UTC offset of the window's start time. @default "+00:00" */
    utcOffset?: string;
}

// String enums are `as const` objects (not bare literal unions) so the component package's
// schema carries them as enum types for the other languages' SDKs.

/** Backup vault immutability. */
export const BackupImmutability = { Unlocked: "Unlocked", Locked: "Locked" } as const;
export type BackupImmutability = (typeof BackupImmutability)[keyof typeof BackupImmutability];
/** Backup vault storage redundancy. */
export const BackupRedundancy = { LocallyRedundant: "LocallyRedundant", ZoneRedundant: "ZoneRedundant", GeoRedundant: "GeoRedundant" } as const;
export type BackupRedundancy = (typeof BackupRedundancy)[keyof typeof BackupRedundancy];
/** Network policy engine of an AKS cluster. */
export const AKSNetworkPolicy = { cilium: "cilium", calico: "calico" } as const;
export type AKSNetworkPolicy = (typeof AKSNetworkPolicy)[keyof typeof AKSNetworkPolicy];
/** Egress path of an AKS cluster. */
export const AKSOutboundType = { managedNATGateway: "managedNATGateway", userAssignedNATGateway: "userAssignedNATGateway", userDefinedRouting: "userDefinedRouting", loadBalancer: "loadBalancer" } as const;
export type AKSOutboundType = (typeof AKSOutboundType)[keyof typeof AKSOutboundType];
/** Kubernetes auto-upgrade channel. */
export const AKSUpgradeChannel = { patch: "patch", stable: "stable", rapid: "rapid" } as const;
export type AKSUpgradeChannel = (typeof AKSUpgradeChannel)[keyof typeof AKSUpgradeChannel];
/** Node OS auto-upgrade channel. */
export const AKSNodeOsUpgradeChannel = { NodeImage: "NodeImage", SecurityPatch: "SecurityPatch" } as const;
export type AKSNodeOsUpgradeChannel = (typeof AKSNodeOsUpgradeChannel)[keyof typeof AKSNodeOsUpgradeChannel];
/** AKS pricing tier. */
export const AKSSkuTier = { Standard: "Standard", Premium: "Premium", Free: "Free" } as const;
export type AKSSkuTier = (typeof AKSSkuTier)[keyof typeof AKSSkuTier];

/** Whether a value (from JavaScript or another language, so unchecked) is one of an enum's. */
const isMember = (e: Record<string, string>, v: unknown): boolean => Object.values(e).includes(v as string);

/**
 * Azure Backup for AKS: a Backup vault the cluster is backed up to on a schedule, with
 * immutability and soft delete so an attacker who takes the cluster (or ransomware) cannot delete
 * the backups; the backup extension in the cluster, the vault's trusted access to it, and the
 * role assignments Azure Backup documents (vault: Reader on the cluster and the snapshot group;
 * cluster identity: Contributor on the snapshot group only).
 */
export interface HardenedAKSBackup {
    /** Back the cluster up. `false` needs a waiver for `aks-cluster-backup`. @default true */
    enabled?: boolean;
    /** Hours between backups: 4, 6, 8, 12 or 24. @default 4 (Azure Backup's default for AKS) */
    intervalHours?: number;
    /** Days each backup is kept (1-360). @default 7 */
    retentionDays?: number;
    /**
     * Vault immutability: `Unlocked` (on, and a vault contributor can still turn it off) or
     * `Locked` (irreversible: recovery points cannot be deleted before they expire).
     * @default "Unlocked" (lock it once the retention is settled)
     */
    immutability?: BackupImmutability;
    /** Days deleted backups stay recoverable (soft delete, 14-180). @default 14 */
    softDeleteRetentionDays?: number;
    /** Redundancy of the vault's storage. @default "ZoneRedundant" */
    redundancy?: BackupRedundancy;
    /**
     * Existing storage account (ARM id) for the backup extension's blob container.
     * @default a new StorageV2 account (TLS 1.2, HTTPS only, no public blob access, no shared keys)
     */
    storageAccountId?: pulumi.Input<string>;
    /** Blob container for the extension's backups. @default "aks-backup" */
    blobContainerName?: string;
    /**
     * Resource group for the disk snapshots (ARM id). The cluster identity gets Contributor on it,
     * so it must hold nothing else. @default a new resource group for the snapshots
     */
    snapshotResourceGroupId?: pulumi.Input<string>;
}

export interface HardenedAKSClusterArgs {
    /** Resource group of the cluster. */
    resourceGroupName: pulumi.Input<string>;
    /** Azure region. @default the resource group's */
    location?: pulumi.Input<string>;
    /** ARM name of the cluster. @default auto-named from the component name */
    clusterName?: pulumi.Input<string>;
    /**
     * Kubernetes minor or patch version. Keep it inside the AKS support window (policy
     * `aks-supported-version`). @default the AKS default version
     */
    kubernetesVersion?: pulumi.Input<string>;
    /** Entra ID groups that become cluster admins (Azure RBAC Cluster Admin). Required: with local accounts disabled they are the only way in. */
    adminGroupObjectIds: pulumi.Input<string>[];
    /** Entra tenant. @default the deploying identity's tenant */
    tenantId?: pulumi.Input<string>;
    /** Log Analytics workspace for Container Insights, Defender and the control-plane audit logs. Required. */
    logAnalyticsWorkspaceId: pulumi.Input<string>;
    /**
     * Key Vault (RBAC authorization, purge protection, private access) holding the KMS key and
     * the disk-encryption key. Required: Secrets in etcd are encrypted with its key.
     */
    keyVaultId: pulumi.Input<string>;
    /** Versioned key id for KMS. @default a new RSA-2048 key created in `keyVaultId` */
    kmsKeyId?: pulumi.Input<string>;
    /**
     * Whether the key vault is reachable only privately (KMS `keyVaultNetworkAccess: Private`).
     * @default true
     */
    keyVaultPrivate?: boolean;
    /** Disk encryption set for node OS disks (customer-managed key). @default a new one over a key in `keyVaultId` */
    diskEncryptionSetId?: pulumi.Input<string>;
    /** Subscription id (for role definitions and the Defender plan). @default parsed from `keyVaultId` */
    subscriptionId?: pulumi.Input<string>;
    /** Control-plane identity. @default a new user-assigned identity (KMS needs its rights before the cluster exists) */
    userAssignedIdentity?: HardenedAKSUserAssignedIdentity;
    /**
     * A public API endpoint with authorized ranges instead of the private cluster. Needs a waiver
     * for `aks-private-cluster`. @default undefined (private cluster, no public FQDN)
     */
    publicEndpoint?: HardenedAKSPublicEndpoint;
    /** Subnet for API Server VNet Integration (bring-your-own VNet). @default AKS-managed subnet */
    apiServerSubnetId?: pulumi.Input<string>;
    /** Subnet for the nodes. @default AKS-managed VNet */
    vnetSubnetId?: pulumi.Input<string>;
    /**
     * Network policy engine: `cilium` (Cilium dataplane) or `calico`. Both enforce NetworkPolicy
     * with Azure CNI Overlay. @default "cilium"
     */
    networkPolicy?: AKSNetworkPolicy;
    /**
     * Egress path: `managedNATGateway`, `userAssignedNATGateway` or `userDefinedRouting` (firewall).
     * `loadBalancer` needs a waiver for `aks-controlled-egress`. @default "managedNATGateway"
     */
    outboundType?: AKSOutboundType;
    /** Kubernetes upgrade channel: `patch` or `stable`. @default "patch" (fixes without minor jumps) */
    upgradeChannel?: AKSUpgradeChannel;
    /** Node OS channel: `NodeImage` or `SecurityPatch`. @default "NodeImage" (weekly patched images) */
    nodeOsUpgradeChannel?: AKSNodeOsUpgradeChannel;
    /** Window for both upgrade schedules. */
    maintenanceWindow?: HardenedAKSMaintenanceWindow;
    /** System pool VM size (Gen2 for Trusted Launch, a temp disk for the ephemeral OS disk). @default "Standard_D4ds_v5" */
    systemPoolVmSize?: string;
    /** System pool nodes (autoscaler minimum). At least 3 across 3 zones. @default 3 */
    systemPoolMinCount?: number;
    /** System pool nodes (autoscaler maximum). @default 5 */
    systemPoolMaxCount?: number;
    /**
     * Availability zones of every pool. Fewer than 3 needs a waiver for `aks-zone-redundancy`.
     * @default ["1", "2", "3"]
     */
    availabilityZones?: string[];
    /**
     * User pools, created as separate AgentPool children: they can be added, resized and removed
     * without touching the cluster resource (inline pool changes force painful cluster diffs,
     * pulumi-azure-native #1808/#2719), while the system pool stays inline because a cluster
     * cannot be created without one. @default one pool "user"
     */
    userPools?: HardenedAKSUserPool[];
    /** Encryption at host on every pool. `false` needs a waiver for `aks-encryption-at-host`. @default true */
    encryptionAtHost?: boolean;
    /** Ephemeral OS disks. `false` needs a waiver for `aks-ephemeral-os-disk`. @default true */
    ephemeralOsDisk?: boolean;
    /** Secure Boot + vTPM. `false` needs a waiver for `aks-trusted-launch`. @default true */
    trustedLaunch?: boolean;
    /** FIPS 140 node images (only where regulation asks; policy `aks-fips-nodes` is opt-in). @default false */
    fips?: boolean;
    /** Max PIDs per pod (kubelet), against fork bombs. @default 4096 */
    podMaxPids?: number;
    /** Azure Policy add-on (Gatekeeper). `false` needs a waiver for `aks-azure-policy-addon`. @default true */
    azurePolicy?: boolean;
    /** Defender sensor. `false` needs a waiver for `aks-defender`. @default true */
    defender?: boolean;
    /**
     * Also enable the Defender for Containers plan (security.Pricing "Containers", Standard) for the
     * whole subscription. Off by default because it bills subscription-wide and is usually owned
     * by the landing zone. @default false
     */
    enableDefenderPlan?: boolean;
    /** AKS Deployment Safeguards at Enforce (a preview API). `false` needs a waiver for `aks-deployment-safeguards`. @default true */
    deploymentSafeguards?: boolean;
    /** Also send `kube-audit` (every request, large) besides kube-audit-admin and guard. @default false */
    auditAllRequests?: boolean;
    /** Pricing tier: `Standard` or `Premium`. `Free` needs a waiver for `aks-sku-tier`. @default "Standard" (uptime SLA) */
    skuTier?: AKSSkuTier;
    /** Container registries the kubelet identity may pull from (AcrPull only). @default [] */
    acrIds?: pulumi.Input<string>[];
    /**
     * Azure Backup for the cluster; `{ enabled: false }` needs a waiver for `aks-cluster-backup`.
     * @default a vault, policy and backup instance as described by HardenedAKSBackup
     */
    backup?: HardenedAKSBackup;
    /** Waivers for the opt-outs above; each becomes a `ksl-waiver-<policy>` tag on the cluster. */
    waivers?: HardenedAKSClusterWaiver[];
    /** Tags for every Azure child. */
    tags?: Record<string, string>;
}

const WIDE_RANGE = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

/** A Key Vault key for KMS or disk encryption: RSA-2048, rotated yearly (AKS KMS and the DES follow new versions). */
export const ENCRYPTION_KEY_PROPERTIES: types.input.keyvault.KeyPropertiesArgs = {
    kty: "RSA",
    keySize: 2048,
    keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
    rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P11M" } }], attributes: { expiryTime: "P1Y" } },
};

/** Invalid arguments; the component reports it as a ResourceError naming itself. */
export class AksSpecError extends Error {}

export interface AksSpec {
    networkPolicy: AKSNetworkPolicy;
    outboundType: NonNullable<HardenedAKSClusterArgs["outboundType"]>;
    upgradeChannel: NonNullable<HardenedAKSClusterArgs["upgradeChannel"]>;
    nodeOsChannel: NonNullable<HardenedAKSClusterArgs["nodeOsUpgradeChannel"]>;
    zones: string[];
    systemMin: number;
    systemMax: number;
    skuTier: NonNullable<HardenedAKSClusterArgs["skuTier"]>;
    encryptionAtHost: boolean;
    ephemeral: boolean;
    trustedLaunch: boolean;
    azurePolicy: boolean;
    defender: boolean;
    safeguards: boolean;
    podMaxPids: number;
    userPools: HardenedAKSUserPool[];
    publicEndpoint?: HardenedAKSPublicEndpoint;
    /** The backup settings, every default resolved; undefined when waived. */
    backup?: Required<Pick<HardenedAKSBackup, "intervalHours" | "retentionDays" | "immutability" | "softDeleteRetentionDays" | "redundancy" | "blobContainerName">> &
        Pick<HardenedAKSBackup, "storageAccountId" | "snapshotResourceGroupId">;
    /** `ksl-waiver-<policy>` tags for the opt-outs taken. */
    waiverTags: Record<string, string>;
}

export function resolveAksSpec(args: HardenedAKSClusterArgs): AksSpec {
    const fail = (msg: string): never => {
        throw new AksSpecError(msg);
    };
    if (!args) fail("args are required.");
    if (!Array.isArray(args.adminGroupObjectIds) || args.adminGroupObjectIds.length === 0) {
        fail("adminGroupObjectIds must name at least one Entra ID group: local accounts are disabled, so admins come only from Entra ID.");
    }
    if (!args.logAnalyticsWorkspaceId) fail("logAnalyticsWorkspaceId is required (Container Insights, Defender and audit logs).");
    if (!args.keyVaultId) fail("keyVaultId is required (KMS encryption of Secrets and node disks).");
    const waivers = args.waivers ?? [];
    for (const w of waivers) {
        const problem = waiverArgProblem(w, /^aks-[a-z0-9]+(-[a-z0-9]+)*$/);
        if (problem) fail(problem);
    }
    const waiverTags: Record<string, string> = {};
    const requireWaiver = (policy: string, optOut: string) => {
        const w = waivers.find((x) => x.policy === policy);
        if (!w) fail(`${optOut} is an opt-out of policy ${policy}: add waivers: [{ policy: "${policy}", justification, expires }].`);
        const [k, v] = waiverEntry("azure", policy, w!.justification.trim(), w!.expires);
        waiverTags[k] = v;
    };

    const pub = args.publicEndpoint;
    if (pub) {
        const ranges = pub.authorizedIpRanges;
        if (!Array.isArray(ranges) || ranges.length === 0) fail("publicEndpoint.authorizedIpRanges must list at least one range.");
        for (const r of ranges) {
            const m = typeof r === "string" ? WIDE_RANGE.exec(r.trim()) : null;
            if (typeof r !== "string" || ["0.0.0.0/0", "0.0.0.0", "::/0", "*"].includes(r.trim()) || (m && Number(m[2]) < 8)) {
                fail(`publicEndpoint.authorizedIpRanges contains "${r}": a range that opens the API server to the internet is not allowed.`);
            }
        }
        requireWaiver("aks-private-cluster", "publicEndpoint");
    }
    const networkPolicy = (args.networkPolicy ?? "cilium").toLowerCase();
    if (!isMember(AKSNetworkPolicy, networkPolicy)) fail(`networkPolicy must be "cilium" or "calico", not "${args.networkPolicy}".`);
    const outboundType = args.outboundType ?? "managedNATGateway";
    if (!isMember(AKSOutboundType, outboundType)) fail(`outboundType "${outboundType}" is not supported.`);
    if (outboundType === "loadBalancer") requireWaiver("aks-controlled-egress", 'outboundType "loadBalancer"');
    const upgradeChannel = args.upgradeChannel ?? "patch";
    if (!isMember(AKSUpgradeChannel, upgradeChannel)) fail(`upgradeChannel must be "patch", "stable" or "rapid", not "${upgradeChannel}".`);
    const nodeOsChannel = args.nodeOsUpgradeChannel ?? "NodeImage";
    if (!isMember(AKSNodeOsUpgradeChannel, nodeOsChannel)) fail(`nodeOsUpgradeChannel must be "NodeImage" or "SecurityPatch", not "${nodeOsChannel}".`);
    const zones = args.availabilityZones ?? ["1", "2", "3"];
    if (new Set(zones).size < 3) requireWaiver("aks-zone-redundancy", `availabilityZones ${JSON.stringify(zones)}`);
    const systemMin = args.systemPoolMinCount ?? 3;
    const systemMax = args.systemPoolMaxCount ?? Math.max(5, systemMin);
    if (systemMin < 3) requireWaiver("aks-zone-redundancy", `systemPoolMinCount ${systemMin}`);
    if (systemMax < systemMin) fail("systemPoolMaxCount must not be below systemPoolMinCount.");
    const skuTier = args.skuTier ?? "Standard";
    if (!isMember(AKSSkuTier, skuTier)) fail(`skuTier "${skuTier}" is not an AKS tier.`);
    if (skuTier === "Free") requireWaiver("aks-sku-tier", 'skuTier "Free"');
    const encryptionAtHost = args.encryptionAtHost ?? true;
    if (!encryptionAtHost) requireWaiver("aks-encryption-at-host", "encryptionAtHost false");
    const ephemeral = args.ephemeralOsDisk ?? true;
    if (!ephemeral) requireWaiver("aks-ephemeral-os-disk", "ephemeralOsDisk false");
    const trustedLaunch = args.trustedLaunch ?? true;
    if (!trustedLaunch) requireWaiver("aks-trusted-launch", "trustedLaunch false");
    const azurePolicy = args.azurePolicy ?? true;
    if (!azurePolicy) requireWaiver("aks-azure-policy-addon", "azurePolicy false");
    const defender = args.defender ?? true;
    if (!defender) requireWaiver("aks-defender", "defender false");
    const safeguards = args.deploymentSafeguards ?? true;
    if (!safeguards) requireWaiver("aks-deployment-safeguards", "deploymentSafeguards false");
    const podMaxPids = args.podMaxPids ?? 4096;
    if (!Number.isInteger(podMaxPids) || podMaxPids <= 0) fail("podMaxPids must be a positive integer.");
    const userPools = args.userPools ?? [{ name: "user" }];
    for (const p of userPools) {
        if (!p || typeof p.name !== "string" || !/^[a-z][a-z0-9]{0,11}$/.test(p.name)) fail(`user pool name "${p?.name}" must be 1-12 lowercase letters and digits.`);
        if ((p.minCount ?? 3) > (p.maxCount ?? 6)) fail(`user pool ${p.name}: minCount above maxCount.`);
    }

    let backup: AksSpec["backup"];
    // `backup: false` was the opt-out before the component package (whose schema has no
    // object-or-false type); refused rather than read as "back up with defaults".
    if ((args.backup as unknown) === false) fail("backup: false is written backup: { enabled: false }.");
    if (args.backup?.enabled === false) requireWaiver("aks-cluster-backup", "backup.enabled false");
    else {
        const b = args.backup ?? {};
        backup = {
            intervalHours: b.intervalHours ?? 4,
            retentionDays: b.retentionDays ?? 7,
            immutability: b.immutability ?? "Unlocked",
            softDeleteRetentionDays: b.softDeleteRetentionDays ?? 14,
            redundancy: b.redundancy ?? "ZoneRedundant",
            blobContainerName: b.blobContainerName ?? "aks-backup",
            storageAccountId: b.storageAccountId,
            snapshotResourceGroupId: b.snapshotResourceGroupId,
        };
        if (![4, 6, 8, 12, 24].includes(backup.intervalHours)) fail(`backup.intervalHours must be 4, 6, 8, 12 or 24, not ${backup.intervalHours}.`);
        if (!Number.isInteger(backup.retentionDays) || backup.retentionDays < 1 || backup.retentionDays > 360) fail("backup.retentionDays must be a whole number of days from 1 to 360.");
        if (!isMember(BackupImmutability, backup.immutability)) fail(`backup.immutability must be "Unlocked" or "Locked", not "${backup.immutability}": a vault without immutability lets an attacker delete the backups.`);
        const sd = backup.softDeleteRetentionDays;
        if (!Number.isInteger(sd) || sd < 14 || sd > 180) fail("backup.softDeleteRetentionDays must be a whole number of days from 14 to 180.");
        if (!isMember(BackupRedundancy, backup.redundancy)) fail(`backup.redundancy "${backup.redundancy}" is not a vault storage redundancy.`);
        if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(backup.blobContainerName)) fail(`backup.blobContainerName "${backup.blobContainerName}" is not a valid blob container name.`);
    }

    return {
        networkPolicy: networkPolicy as AksSpec["networkPolicy"],
        outboundType,
        upgradeChannel,
        nodeOsChannel,
        zones,
        systemMin,
        systemMax,
        skuTier,
        encryptionAtHost,
        ephemeral,
        trustedLaunch,
        azurePolicy,
        defender,
        safeguards,
        podMaxPids,
        userPools,
        publicEndpoint: pub,
        backup,
        waiverTags,
    };
}

/** What the system pool and the user pools share (an inline profile without its name, mode and size). */
export type PoolSettings = Omit<types.input.containerservice.ManagedClusterAgentPoolProfileArgs, "name">;

/** Node pool settings shared by the system pool and the user pools. */
export function poolSettings(args: HardenedAKSClusterArgs, spec: AksSpec): PoolSettings {
    return {
        type: "VirtualMachineScaleSets",
        osType: "Linux",
        osSKU: "AzureLinux", // minimal, CIS-aligned container host
        availabilityZones: spec.zones,
        enableAutoScaling: true,
        enableNodePublicIP: false,
        enableEncryptionAtHost: spec.encryptionAtHost,
        enableFIPS: args.fips ?? false,
        osDiskType: spec.ephemeral ? "Ephemeral" : "Managed",
        osDiskSizeGB: 128,
        maxPods: 110,
        vnetSubnetID: args.vnetSubnetId,
        securityProfile: { sshAccess: "Disabled", enableSecureBoot: spec.trustedLaunch, enableVTPM: spec.trustedLaunch },
        kubeletConfig: { podMaxPids: spec.podMaxPids, failSwapOn: true },
        upgradeSettings: { maxSurge: "33%" },
    };
}

/** The resources the cluster's settings refer to, created by the component first. */
export interface ClusterRefs {
    identityId: pulumi.Input<string>;
    kmsKeyId: pulumi.Input<string>;
    keyVaultPrivate: boolean;
    diskEncryptionSetId: pulumi.Input<string> | undefined;
    poolBase: ReturnType<typeof poolSettings>;
    tags: Record<string, pulumi.Input<string>>;
}

/** The ManagedCluster's inputs: every secure default, with the spec's choices. */
export function clusterSettings(name: string, args: HardenedAKSClusterArgs, spec: AksSpec, refs: ClusterRefs): ManagedClusterArgs {
    return {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        resourceName: args.clusterName,
        dnsPrefix: name.replace(/[^a-zA-Z0-9-]/g, "").slice(0, 40) || "aks",
        kubernetesVersion: args.kubernetesVersion,
        sku: { name: "Base", tier: spec.skuTier },
        identity: { type: "UserAssigned", userAssignedIdentities: [refs.identityId] },
        enableRBAC: true,
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: args.adminGroupObjectIds, tenantID: args.tenantId },
        apiServerAccessProfile: spec.publicEndpoint
            ? { enablePrivateCluster: false, authorizedIPRanges: spec.publicEndpoint.authorizedIpRanges, enableVnetIntegration: true, subnetId: args.apiServerSubnetId, disableRunCommand: true }
            : { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, enableVnetIntegration: true, subnetId: args.apiServerSubnetId, disableRunCommand: true },
        publicNetworkAccess: spec.publicEndpoint ? "Enabled" : "Disabled",
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
            workloadIdentity: { enabled: true },
            azureKeyVaultKms: {
                enabled: true,
                keyId: refs.kmsKeyId,
                keyVaultNetworkAccess: refs.keyVaultPrivate ? "Private" : "Public",
                keyVaultResourceId: refs.keyVaultPrivate ? args.keyVaultId : undefined,
            },
            defender: spec.defender ? { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: args.logAnalyticsWorkspaceId } : undefined,
            imageCleaner: { enabled: true, intervalHours: 168 },
        },
        diskEncryptionSetID: refs.diskEncryptionSetId,
        networkProfile: {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkPolicy: spec.networkPolicy,
            networkDataplane: spec.networkPolicy === "cilium" ? "cilium" : "azure",
            loadBalancerSku: "standard",
            outboundType: spec.outboundType,
            podCidr: "10.244.0.0/16",
            serviceCidr: "10.0.0.0/16",
            dnsServiceIP: "10.0.0.10",
        },
        addonProfiles: {
            azurepolicy: { enabled: spec.azurePolicy },
            omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: args.logAnalyticsWorkspaceId, useAADAuth: "true" } },
            azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } },
        },
        azureMonitorProfile: { metrics: { enabled: true } },
        autoUpgradeProfile: { upgradeChannel: spec.upgradeChannel, nodeOSUpgradeChannel: spec.nodeOsChannel },
        nodeResourceGroupProfile: { restrictionLevel: "ReadOnly" },
        storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
        agentPoolProfiles: [
            {
                ...refs.poolBase,
                name: "system",
                mode: "System",
                vmSize: args.systemPoolVmSize ?? "Standard_D4ds_v5",
                count: spec.systemMin,
                minCount: spec.systemMin,
                maxCount: spec.systemMax,
                nodeTaints: [CRITICAL_ADDONS_TAINT],
            },
        ],
        tags: refs.tags,
    };
}

/** Both maintenance schedules' window: at least four hours, Sunday 02:00 UTC by default. */
export function maintenanceWindow(w: HardenedAKSMaintenanceWindow | undefined) {
    const mw = w ?? {};
    return {
        schedule: { weekly: { dayOfWeek: mw.dayOfWeek ?? "Sunday", intervalWeeks: 1 } },
        durationHours: Math.max(4, mw.durationHours ?? 4),
        startTime: mw.startTime ?? "02:00",
        utcOffset: mw.utcOffset ?? "+00:00",
    };
}

/** The control-plane log categories sent to the workspace (kube-audit too when asked). */
export function auditLogCategories(all: boolean) {
    return [
        { category: "kube-audit-admin", enabled: true },
        { category: "guard", enabled: true },
        ...(all ? [{ category: "kube-audit", enabled: true }] : []),
    ];
}
