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
import { provisionBackup } from "./aks/backup";
import { AksSpec, AksSpecError, auditLogCategories, ENCRYPTION_KEY_PROPERTIES, clusterSettings, HardenedAKSClusterArgs, maintenanceWindow, poolSettings, resolveAksSpec } from "./aks/spec";

/** Entra ID application id of the AKS AAD server, the audience kubelogin requests tokens for. */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

const ROLE = {
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    keyVaultContributor: "f25e0fa2-a7c8-4377-a976-54943a77a395",
    keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
};

export { CRITICAL_ADDONS_TAINT, ENCRYPTION_KEY_PROPERTIES } from "./aks/spec";
export type { HardenedAKSClusterArgs, HardenedAKSClusterWaiver, HardenedAKSMaintenanceWindow, HardenedAKSPublicEndpoint, HardenedAKSUserAssignedIdentity, HardenedAKSUserPool } from "./aks/spec";


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
        // The arguments are the component's inputs, so policies and the engine see what was asked for.
        super("ksl:index:HardenedAKSCluster", name, args ?? {}, opts);
        let spec: AksSpec;
        try {
            spec = resolveAksSpec(args);
        } catch (e) {
            if (e instanceof AksSpecError) throw new pulumi.ResourceError(`HardenedAKSCluster ${name}: ${e.message}`, this);
            throw e;
        }
        const { safeguards, userPools, waiverTags } = spec;

        // ---- shared values ------------------------------------------------------------------
        const tags = { ...(args.tags ?? {}) };
        const parent = { parent: this };
        const { grant, subscriptionId, identityId, identityPrincipal, kmsKeyId, keyVaultPrivate, diskEncryptionSetId, readyForCluster } = this.keyMaterial(name, args, tags);

        // Node pool settings shared by the system pool and user pools.
        const poolBase = poolSettings(args, spec);
        const workspaceId = args.logAnalyticsWorkspaceId;
        const clusterTags = { ...tags, ...waiverTags };

        // ---- the cluster ----------------------------------------------------------------------
        this.cluster = new containerservice.ManagedCluster(
            `${name}-cluster`,
            clusterSettings(name, args, spec, { identityId, kmsKeyId, keyVaultPrivate, diskEncryptionSetId, poolBase, tags: clusterTags }),
            { parent: this, dependsOn: readyForCluster },
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

        // ---- maintenance, audit, Defender, safeguards, backup, registry ---------------------------------
        const window = maintenanceWindow(args.maintenanceWindow);
        for (const [role, configName] of [["maintenance-upgrade", "aksManagedAutoUpgradeSchedule"], ["maintenance-nodeos", "aksManagedNodeOSUpgradeSchedule"]]) {
            new containerservice.MaintenanceConfiguration(
                `${name}-${role}`,
                { resourceGroupName: args.resourceGroupName, resourceName: cluster.name, configName, maintenanceWindow: window },
                parent,
            );
        }

        const logs = auditLogCategories(args.auditAllRequests === true);
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

        if (spec.backup) provisionBackup(this, name, args, spec.backup, { cluster, identityPrincipal, subscriptionId, grant, tags });

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

    /**
     * The control-plane identity and the keys it needs before the cluster exists: the KMS key, the
     * disk encryption set over its own key, and their role assignments on the vault.
     */
    private keyMaterial(name: string, args: HardenedAKSClusterArgs, tags: Record<string, pulumi.Input<string>>) {
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
                    properties: ENCRYPTION_KEY_PROPERTIES,
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

        return { grant, subscriptionId, identityId, identityPrincipal, kmsKeyId, keyVaultPrivate, diskEncryptionSetId, readyForCluster: [...kmsGrants, ...desDeps] };
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
