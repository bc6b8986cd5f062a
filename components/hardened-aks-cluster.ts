// HardenedAKSCluster: an AKS cluster with every preview-checkable AKS measure of the catalog on by
// default, so the k8s-security-aks pack passes it without findings. Each opt-out is explicit and
// needs a waiver, recorded as a `ksl-waiver-<policy>` tag on the ManagedCluster.
// Only azure-native submodules are imported: the package root costs over a second to load.
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as monitor from "@pulumi/azure-native/monitor";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as security from "@pulumi/azure-native/security";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as compute from "@pulumi/azure-native/compute";
import { Provider } from "@pulumi/kubernetes/provider";
import * as YAML from "yaml";
import { waiverArgProblem, waiverEntry } from "../policypacks/lib/waivers";

/** Entra ID application id of the AKS AAD server, the audience kubelogin requests tokens for. */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
export const CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule";

const ROLE = {
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    keyVaultContributor: "f25e0fa2-a7c8-4377-a976-54943a77a395",
    keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
};

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
    /** @default "Standard_D4ds_v5" (Gen2, a temp disk large enough for an ephemeral OS disk) */
    vmSize?: string;
    /**
     * Autoscaler bounds. @default 3 - one node in each of the three zones, so a zone's loss leaves
     * the pool serving (Azure Policy holds User pools to the same count as System pools).
     */
    minCount?: number;
    /** @default 6 */
    maxCount?: number;
    /** Kubernetes labels for the nodes. */
    nodeLabels?: Record<string, string>;
    /** Taints, e.g. `team=a:NoSchedule`. */
    nodeTaints?: string[];
}

/** The maintenance window both upgrade schedules use (weekly). */
export interface HardenedAKSMaintenanceWindow {
    /** @default "Sunday" */
    dayOfWeek?: string;
    /** `HH:mm`. @default "02:00" */
    startTime?: string;
    /** At least 4. @default 4 */
    durationHours?: number;
    /** @default "+00:00" */
    utcOffset?: string;
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
    networkPolicy?: string;
    /**
     * Egress path: `managedNATGateway`, `userAssignedNATGateway` or `userDefinedRouting` (firewall).
     * `loadBalancer` needs a waiver for `aks-controlled-egress`. @default "managedNATGateway"
     */
    outboundType?: string;
    /** Kubernetes upgrade channel: `patch` or `stable`. @default "patch" (fixes without minor jumps) */
    upgradeChannel?: string;
    /** Node OS channel: `NodeImage` or `SecurityPatch`. @default "NodeImage" (weekly patched images) */
    nodeOsUpgradeChannel?: string;
    /** Window for both upgrade schedules. */
    maintenanceWindow?: HardenedAKSMaintenanceWindow;
    /** System pool VM size (Gen2 for Trusted Launch, a temp disk for the ephemeral OS disk). @default "Standard_D4ds_v5" */
    systemPoolVmSize?: string;
    /** System pool nodes (autoscaler minimum). At least 3 across 3 zones. @default 3 */
    systemPoolMinCount?: number;
    /** @default 5 */
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
    skuTier?: string;
    /** Container registries the kubelet identity may pull from (AcrPull only). @default [] */
    acrIds?: pulumi.Input<string>[];
    /** Waivers for the opt-outs above; each becomes a `ksl-waiver-<policy>` tag on the cluster. */
    waivers?: HardenedAKSClusterWaiver[];
    /** Tags for every Azure child. */
    tags?: Record<string, string>;
}

const WIDE_RANGE = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

export class HardenedAKSCluster extends pulumi.ComponentResource {
    public readonly cluster: containerservice.ManagedCluster;
    public readonly clusterName: pulumi.Output<string>;
    public readonly clusterId: pulumi.Output<string>;
    /** Kubeconfig using kubelogin (Entra ID, Azure CLI login); secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** Kubernetes provider authenticated through Entra ID, for HardenedNamespaces and workloads. */
    public readonly provider: Provider;
    /** OIDC issuer URL, for workload identity federated credentials. */
    public readonly oidcIssuerUrl: pulumi.Output<string | undefined>;
    /** Object id of the kubelet identity (AcrPull target). */
    public readonly kubeletObjectId: pulumi.Output<string | undefined>;

    constructor(name: string, args: HardenedAKSClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ksl:index:HardenedAKSCluster", name, {}, opts);
        const fail = (msg: string): never => {
            throw new pulumi.ResourceError(`HardenedAKSCluster ${name}: ${msg}`, this);
        };
        if (!args) fail("args are required.");

        // ---- validation and opt-outs --------------------------------------------------------
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
        if (networkPolicy !== "cilium" && networkPolicy !== "calico") fail(`networkPolicy must be "cilium" or "calico", not "${args.networkPolicy}".`);
        const outboundType = args.outboundType ?? "managedNATGateway";
        if (!["managedNATGateway", "userAssignedNATGateway", "userDefinedRouting", "loadBalancer"].includes(outboundType)) fail(`outboundType "${outboundType}" is not supported.`);
        if (outboundType === "loadBalancer") requireWaiver("aks-controlled-egress", 'outboundType "loadBalancer"');
        const upgradeChannel = args.upgradeChannel ?? "patch";
        if (!["patch", "stable", "rapid"].includes(upgradeChannel)) fail(`upgradeChannel must be "patch", "stable" or "rapid", not "${upgradeChannel}".`);
        const nodeOsChannel = args.nodeOsUpgradeChannel ?? "NodeImage";
        if (!["NodeImage", "SecurityPatch"].includes(nodeOsChannel)) fail(`nodeOsUpgradeChannel must be "NodeImage" or "SecurityPatch", not "${nodeOsChannel}".`);
        const zones = args.availabilityZones ?? ["1", "2", "3"];
        if (new Set(zones).size < 3) requireWaiver("aks-zone-redundancy", `availabilityZones ${JSON.stringify(zones)}`);
        const systemMin = args.systemPoolMinCount ?? 3;
        const systemMax = args.systemPoolMaxCount ?? Math.max(5, systemMin);
        if (systemMin < 3) requireWaiver("aks-zone-redundancy", `systemPoolMinCount ${systemMin}`);
        if (systemMax < systemMin) fail("systemPoolMaxCount must not be below systemPoolMinCount.");
        const skuTier = args.skuTier ?? "Standard";
        if (!["Standard", "Premium", "Free"].includes(skuTier)) fail(`skuTier "${skuTier}" is not an AKS tier.`);
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

        // ---- shared values ------------------------------------------------------------------
        const tags = { ...(args.tags ?? {}) };
        const parent = { parent: this };
        const vaultParts = pulumi.output(args.keyVaultId).apply((id) => {
            const m = /\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)/i.exec(id ?? "");
            return { subscription: m?.[1] ?? "", resourceGroup: m?.[2] ?? "", vault: m?.[3] ?? "" };
        });
        const subscriptionId = args.subscriptionId ? pulumi.output(args.subscriptionId) : vaultParts.subscription;
        const roleId = (guid: string) => pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
        const keyVaultPrivate = args.keyVaultPrivate ?? true;

        // Control-plane identity, created first so it can be granted the key before the cluster exists.
        let identityId: pulumi.Input<string>;
        let identityPrincipal: pulumi.Input<string>;
        if (args.userAssignedIdentity) {
            identityId = args.userAssignedIdentity.id;
            identityPrincipal = args.userAssignedIdentity.principalId;
        } else {
            const uai = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location, tags }, parent);
            identityId = uai.id;
            identityPrincipal = uai.principalId;
        }
        const kmsGrants: pulumi.Resource[] = [];
        const grant = (role: string, guid: string, principal: pulumi.Input<string>, scope: pulumi.Input<string>, deps: pulumi.Input<pulumi.Resource>[] = []) =>
            new authorization.RoleAssignment(
                `${name}-${role}`,
                { principalId: principal, principalType: "ServicePrincipal", roleDefinitionId: roleId(guid), scope },
                { parent: this, dependsOn: deps },
            );
        kmsGrants.push(grant("kms-crypto-user", ROLE.keyVaultCryptoUser, identityPrincipal, args.keyVaultId));
        // With a private vault AKS manages its private endpoint to the vault: it needs Contributor on it.
        if (keyVaultPrivate) kmsGrants.push(grant("kms-vault-contributor", ROLE.keyVaultContributor, identityPrincipal, args.keyVaultId));

        const newKey = (role: string) =>
            new keyvault.Key(
                `${name}-${role}`,
                {
                    resourceGroupName: vaultParts.resourceGroup,
                    vaultName: vaultParts.vault,
                    properties: {
                        kty: "RSA",
                        keySize: 2048,
                        keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
                        // Rotate yearly; AKS KMS and the DES follow new versions.
                        rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P11M" } }], attributes: { expiryTime: "P1Y" } },
                    },
                    tags,
                },
                parent,
            );
        const kmsKeyId = args.kmsKeyId ?? newKey("kms-key").keyUriWithVersion;

        let diskEncryptionSetId = args.diskEncryptionSetId;
        const desDeps: pulumi.Resource[] = [];
        if (!diskEncryptionSetId) {
            const desKey = newKey("disk-key");
            const des = new compute.DiskEncryptionSet(
                `${name}-des`,
                {
                    resourceGroupName: args.resourceGroupName,
                    location: args.location,
                    identity: { type: "SystemAssigned" },
                    encryptionType: "EncryptionAtRestWithCustomerKey",
                    activeKey: { keyUrl: desKey.keyUriWithVersion, sourceVault: { id: args.keyVaultId } },
                    rotationToLatestKeyVersionEnabled: true,
                    tags,
                },
                parent,
            );
            desDeps.push(grant("des-crypto-user", ROLE.keyVaultCryptoServiceEncryptionUser, des.identity.apply((i) => i?.principalId ?? ""), args.keyVaultId));
            diskEncryptionSetId = des.id;
        }

        // Node pool settings shared by the system pool and user pools.
        const poolBase = {
            type: "VirtualMachineScaleSets",
            osType: "Linux",
            osSKU: "AzureLinux", // minimal, CIS-aligned container host
            availabilityZones: zones,
            enableAutoScaling: true,
            enableNodePublicIP: false,
            enableEncryptionAtHost: encryptionAtHost,
            enableFIPS: args.fips ?? false,
            osDiskType: ephemeral ? "Ephemeral" : "Managed",
            osDiskSizeGB: 128,
            maxPods: 110,
            vnetSubnetID: args.vnetSubnetId,
            securityProfile: { sshAccess: "Disabled", enableSecureBoot: trustedLaunch, enableVTPM: trustedLaunch },
            kubeletConfig: { podMaxPids, failSwapOn: true },
            upgradeSettings: { maxSurge: "33%" },
        };

        const workspaceId = args.logAnalyticsWorkspaceId;
        const clusterTags = { ...tags, ...waiverTags };

        // ---- the cluster ----------------------------------------------------------------------
        this.cluster = new containerservice.ManagedCluster(
            `${name}-cluster`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                resourceName: args.clusterName,
                dnsPrefix: name.replace(/[^a-zA-Z0-9-]/g, "").slice(0, 40) || "aks",
                kubernetesVersion: args.kubernetesVersion,
                sku: { name: "Base", tier: skuTier },
                identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
                enableRBAC: true,
                disableLocalAccounts: true,
                aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: args.adminGroupObjectIds, tenantID: args.tenantId },
                apiServerAccessProfile: pub
                    ? { enablePrivateCluster: false, authorizedIPRanges: pub.authorizedIpRanges, enableVnetIntegration: true, subnetId: args.apiServerSubnetId, disableRunCommand: true }
                    : { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, enableVnetIntegration: true, subnetId: args.apiServerSubnetId, disableRunCommand: true },
                publicNetworkAccess: pub ? "Enabled" : "Disabled",
                oidcIssuerProfile: { enabled: true },
                securityProfile: {
                    workloadIdentity: { enabled: true },
                    azureKeyVaultKms: {
                        enabled: true,
                        keyId: kmsKeyId,
                        keyVaultNetworkAccess: keyVaultPrivate ? "Private" : "Public",
                        keyVaultResourceId: keyVaultPrivate ? args.keyVaultId : undefined,
                    },
                    defender: defender ? { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: workspaceId } : undefined,
                    imageCleaner: { enabled: true, intervalHours: 168 },
                },
                diskEncryptionSetID: diskEncryptionSetId,
                networkProfile: {
                    networkPlugin: "azure",
                    networkPluginMode: "overlay",
                    networkPolicy,
                    networkDataplane: networkPolicy === "cilium" ? "cilium" : "azure",
                    loadBalancerSku: "standard",
                    outboundType,
                    podCidr: "10.244.0.0/16",
                    serviceCidr: "10.0.0.0/16",
                    dnsServiceIP: "10.0.0.10",
                },
                addonProfiles: {
                    azurepolicy: { enabled: azurePolicy },
                    omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId, useAADAuth: "true" } },
                    azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } },
                },
                azureMonitorProfile: { metrics: { enabled: true } },
                autoUpgradeProfile: { upgradeChannel, nodeOSUpgradeChannel: nodeOsChannel },
                nodeResourceGroupProfile: { restrictionLevel: "ReadOnly" },
                storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
                agentPoolProfiles: [
                    {
                        ...poolBase,
                        name: "system",
                        mode: "System",
                        vmSize: args.systemPoolVmSize ?? "Standard_D4ds_v5",
                        count: systemMin,
                        minCount: systemMin,
                        maxCount: systemMax,
                        nodeTaints: [CRITICAL_ADDONS_TAINT],
                    },
                ],
                tags: clusterTags,
            },
            { parent: this, dependsOn: [...kmsGrants, ...desDeps] },
        );
        const cluster = this.cluster;
        this.clusterName = cluster.name;
        this.clusterId = cluster.id;

        for (const p of userPools) {
            new containerservice.AgentPool(
                `${name}-pool-${p.name}`,
                {
                    ...poolBase,
                    resourceGroupName: args.resourceGroupName,
                    resourceName: cluster.name,
                    agentPoolName: p.name,
                    mode: "User",
                    vmSize: p.vmSize ?? "Standard_D4ds_v5",
                    count: p.minCount ?? 3,
                    minCount: p.minCount ?? 3,
                    maxCount: p.maxCount ?? 6,
                    orchestratorVersion: args.kubernetesVersion,
                    nodeLabels: p.nodeLabels,
                    nodeTaints: p.nodeTaints,
                    tags,
                },
                parent,
            );
        }

        // ---- maintenance, audit, Defender, safeguards, registry ---------------------------------
        const mw = args.maintenanceWindow ?? {};
        const window = {
            schedule: { weekly: { dayOfWeek: mw.dayOfWeek ?? "Sunday", intervalWeeks: 1 } },
            durationHours: Math.max(4, mw.durationHours ?? 4),
            startTime: mw.startTime ?? "02:00",
            utcOffset: mw.utcOffset ?? "+00:00",
        };
        for (const [role, configName] of [["maintenance-upgrade", "aksManagedAutoUpgradeSchedule"], ["maintenance-nodeos", "aksManagedNodeOSUpgradeSchedule"]]) {
            new containerservice.MaintenanceConfiguration(
                `${name}-${role}`,
                { resourceGroupName: args.resourceGroupName, resourceName: cluster.name, configName, maintenanceWindow: window },
                parent,
            );
        }

        const logs = [
            { category: "kube-audit-admin", enabled: true },
            { category: "guard", enabled: true },
            ...(args.auditAllRequests ? [{ category: "kube-audit", enabled: true }] : []),
        ];
        new monitor.DiagnosticSetting(
            `${name}-diagnostics`,
            {
                resourceUri: cluster.id,
                workspaceId,
                logAnalyticsDestinationType: "Dedicated",
                logs,
                metrics: [{ category: "AllMetrics", enabled: true }],
            },
            parent,
        );

        if (args.enableDefenderPlan) {
            new security.Pricing(
                `${name}-defender-containers`,
                { pricingName: "Containers", pricingTier: "Standard", scopeId: pulumi.interpolate`/subscriptions/${subscriptionId}` },
                parent,
            );
        }

        if (safeguards) {
            new containerservice.DeploymentSafeguard(`${name}-safeguards`, { resourceUri: cluster.id, level: "Enforce" }, parent);
        }

        this.kubeletObjectId = cluster.identityProfile.apply((p) => p?.["kubeletidentity"]?.objectId);
        (args.acrIds ?? []).forEach((acrId, i) => {
            grant(`acr-pull-${i}`, ROLE.acrPull, this.kubeletObjectId.apply((id) => id ?? ""), acrId);
        });

        // ---- Entra-authenticated Kubernetes provider ------------------------------------------
        const creds = containerservice.listManagedClusterUserCredentialsOutput(
            { resourceGroupName: args.resourceGroupName, resourceName: cluster.name },
            { parent: this },
        );
        this.kubeconfig = pulumi.secret(
            creds.apply((c) => {
                const encoded = c?.kubeconfigs?.[0]?.value;
                if (!encoded) return "";
                return toKubelogin(Buffer.from(encoded, "base64").toString("utf8"));
            }),
        );
        this.provider = new Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });
        this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL);

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterId: this.clusterId,
            kubeconfig: this.kubeconfig,
            oidcIssuerUrl: this.oidcIssuerUrl,
            kubeletObjectId: this.kubeletObjectId,
        });
    }
}

/**
 * Rewrites an AKS user kubeconfig so every user authenticates with kubelogin (Entra ID through the
 * Azure CLI login) instead of a static token or the interactive devicecode flow.
 */
export function toKubelogin(kubeconfig: string): string {
    const doc = YAML.parse(kubeconfig) ?? {};
    const users = Array.isArray(doc.users) && doc.users.length > 0 ? doc.users : [{ name: "clusterUser" }];
    doc.users = users.map((u: any) => ({
        name: u?.name ?? "clusterUser",
        user: {
            exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "kubelogin",
                args: ["get-token", "--login", "azurecli", "--server-id", AKS_AAD_SERVER_ID],
                env: null,
                interactiveMode: "IfAvailable",
                provideClusterInfo: false,
                installHint: "kubelogin is required: https://azure.github.io/kubelogin/install.html",
            },
        },
    }));
    return YAML.stringify(doc);
}
