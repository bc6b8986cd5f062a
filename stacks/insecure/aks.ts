// Insecure AKS resources: a cluster as the portal's defaults and shortcuts leave it (public API
// server, no Entra ID, local accounts, kubenet without network policy, no add-ons, public node IPs,
// Free tier, ...), a separate AgentPool with bad settings, an over-privileged kubelet role
// assignment, Contributor over the resource group for the kubelet identity, a registry with its
// admin user on, and a private cluster that leaks a public FQDN. Every AKS policy reports on them.
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as authorization from "@pulumi/azure-native/authorization";

const rg = "insecure-rg";
const kubeletObjectId = "9f8e7d6c-5b4a-4321-8fed-cba987654321";

export const insecureCluster = new containerservice.ManagedCluster("insecure-aks", {
    resourceGroupName: rg,
    resourceName: "insecure-aks",
    location: "westeurope",
    dnsPrefix: "insecure",
    kubernetesVersion: "1.29.4",
    sku: { name: "Base", tier: "Free" },
    // A service principal with a client secret instead of a managed identity.
    servicePrincipalProfile: { clientId: "00000000-1111-2222-3333-444444444444", secret: "not-a-real-secret" },
    // Bring-your-own kubelet identity, so its role assignment below can be checked at preview.
    identityProfile: { kubeletidentity: { resourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/insecure-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kubelet", objectId: kubeletObjectId } },
    enableRBAC: false,
    disableLocalAccounts: false,
    apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ["0.0.0.0/0"], disableRunCommand: false },
    podIdentityProfile: { enabled: true, allowNetworkPluginKubenet: true },
    networkProfile: { networkPlugin: "kubenet", loadBalancerSku: "basic", outboundType: "loadBalancer" },
    // Addon keys in the casing the CLI used to write; the policies compare without regard to case.
    addonProfiles: {
        httpApplicationRouting: { enabled: true },
        KubeDashboard: { enabled: true },
        omsAgent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/insecure-rg/providers/Microsoft.OperationalInsights/workspaces/logs" } },
        azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "false" } },
        azurePolicy: { enabled: false },
    },
    autoUpgradeProfile: { upgradeChannel: "none", nodeOSUpgradeChannel: "Unmanaged" },
    nodeResourceGroupProfile: { restrictionLevel: "Unrestricted" },
    storageProfile: { diskCSIDriver: { enabled: false } },
    securityProfile: { imageCleaner: { enabled: false } },
    agentPoolProfiles: [
        {
            name: "nodepool1",
            mode: "System",
            count: 1,
            vmSize: "Standard_DS2_v2",
            osType: "Linux",
            osSKU: "Ubuntu",
            type: "AvailabilitySet",
            maxPods: 30,
            enableNodePublicIP: true,
            kubeletConfig: { allowedUnsafeSysctls: ["kernel.msg*", "net.core.somaxconn"] },
        },
    ],
    tags: { environment: "dev" },
});

export const insecurePool = new containerservice.AgentPool("insecure-aks-pool", {
    resourceGroupName: rg,
    resourceName: "insecure-aks",
    agentPoolName: "userpool",
    mode: "System",
    count: 1,
    vmSize: "Standard_DS2_v2",
    osType: "Linux",
    osSKU: "Ubuntu",
    type: "AvailabilitySet",
    orchestratorVersion: "1.27.9",
    maxPods: 10,
    enableNodePublicIP: true,
    enableFIPS: false,
    osDiskType: "Managed",
    availabilityZones: ["1"],
    securityProfile: { sshAccess: "LocalUser", enableSecureBoot: false, enableVTPM: false },
    kubeletConfig: { podMaxPids: -1, failSwapOn: false },
});

// The kubelet identity may push to (and so poison) the registry.
export const insecureAcrPush = new authorization.RoleAssignment("insecure-aks-acr-push", {
    principalId: kubeletObjectId,
    principalType: "ServicePrincipal",
    roleDefinitionId: "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/8311e382-0749-4cb8-b61a-304f252e45ec",
    scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/insecure-rg/providers/Microsoft.ContainerRegistry/registries/insecureacr",
});

// Contributor over the whole resource group: a node with host access controls everything in it.
export const insecureKubeletContributor = new authorization.RoleAssignment("insecure-aks-kubelet-contributor", {
    principalId: kubeletObjectId,
    principalType: "ServicePrincipal",
    roleDefinitionId: "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
    scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/insecure-rg",
});

// The registry's shared admin password can push and delete images.
export const insecureRegistry = new containerregistry.Registry("insecure-acr", {
    resourceGroupName: rg,
    registryName: "insecureacr",
    sku: { name: "Basic" },
    adminUserEnabled: true,
});

// A private cluster that still publishes a public FQDN and leaves public network access on, and
// auto-upgrades at any time of day (no maintenance configuration).
export const insecurePrivateCluster = new containerservice.ManagedCluster("insecure-private-aks", {
    resourceGroupName: rg,
    resourceName: "insecure-private-aks",
    location: "westeurope",
    dnsPrefix: "insecure-private",
    identity: { type: "SystemAssigned" },
    apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: true },
    publicNetworkAccess: "Enabled",
    autoUpgradeProfile: { upgradeChannel: "rapid", nodeOSUpgradeChannel: "SecurityPatch" },
    agentPoolProfiles: [{ name: "system", mode: "System", count: 3, vmSize: "Standard_D4ds_v5" }],
});
