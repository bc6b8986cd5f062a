// Hardened AKS example: resource group, Log Analytics workspace, a private RBAC Key Vault with the
// KMS key, HardenedAKSCluster, then the shared tenants (two HardenedNamespaces and a sample web app)
// on the cluster's Entra-authenticated provider. Passes every policy of the k8s-security-aks pack.
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { ENCRYPTION_KEY_PROPERTIES, HardenedAKSCluster } from "../../components/hardened-aks-cluster";
import { createTenants } from "../shared/tenant";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
// Illustrative ids; set your own with `pulumi config set`.
const tenantId = config.get("tenantId") ?? "72f988bf-86f1-41af-91ab-2d7cd011db47";
const adminGroupObjectIds = config.getObject<string[]>("adminGroupObjectIds") ?? ["3a1f5c2e-8d4b-4e6a-9c7f-1b2d3e4f5a6b"];
const kubernetesVersion = config.get("kubernetesVersion") ?? "1.36";
const tags = { workload: "platform", owner: "platform-team", "data-classification": "internal" };

const rg = new resources.ResourceGroup("aks-rg", { location, tags });

const workspace = new operationalinsights.Workspace("aks-logs", {
    resourceGroupName: rg.name,
    location,
    sku: { name: "PerGB2018" },
    // Audit logs are kept a year for investigations.
    retentionInDays: 365,
    tags,
});

// The KMS and disk keys live here: RBAC authorization (no access policies), purge protection so a
// deleted key cannot take the cluster's Secrets with it, and no public network access.
const vault = new keyvault.Vault("aks-kv", {
    resourceGroupName: rg.name,
    location,
    properties: {
        tenantId,
        sku: { family: "A", name: "premium" },
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        publicNetworkAccess: "Disabled",
        networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
    },
    tags,
});

const kmsKey = new keyvault.Key("aks-kms-key", {
    resourceGroupName: rg.name,
    vaultName: vault.name,
    properties: ENCRYPTION_KEY_PROPERTIES,
    tags,
});

export const aks = new HardenedAKSCluster("aks", {
    resourceGroupName: rg.name,
    location,
    kubernetesVersion,
    adminGroupObjectIds,
    tenantId,
    logAnalyticsWorkspaceId: workspace.id,
    keyVaultId: vault.id,
    kmsKeyId: kmsKey.keyUriWithVersion,
    // This sample owns its subscription, so it enables the Defender for Containers plan too.
    enableDefenderPlan: true,
    userPools: [{ name: "apps", minCount: 3, maxCount: 9 }],
    tags,
});

export const tenants = createTenants(aks.provider);

export const outputs = {
    resourceGroup: rg.name,
    clusterName: aks.clusterName,
    oidcIssuerUrl: aks.oidcIssuerUrl,
    kubeconfig: aks.kubeconfig,
    tenantNamespaces: [tenants.teamA.namespaceName, tenants.teamB.namespaceName],
};
