// Compliant AKS props (what HardenedAKSCluster writes) for the policy tests; each negative case
// mutates one field of a fresh copy.
export const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
export const WS = `${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs`;
export const KV = `${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`;
export const CLUSTER_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1`;

export function compliantPool(extra: Record<string, any> = {}): Record<string, any> {
    return {
        name: "system",
        mode: "System",
        type: "VirtualMachineScaleSets",
        osType: "Linux",
        osSKU: "AzureLinux",
        vmSize: "Standard_D4ds_v5",
        availabilityZones: ["1", "2", "3"],
        enableAutoScaling: true,
        count: 3,
        minCount: 3,
        maxCount: 5,
        enableNodePublicIP: false,
        enableEncryptionAtHost: true,
        osDiskType: "Ephemeral",
        maxPods: 110,
        nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
        securityProfile: { sshAccess: "Disabled", enableSecureBoot: true, enableVTPM: true },
        kubeletConfig: { podMaxPids: 4096, failSwapOn: true },
        ...extra,
    };
}

/** A separate AgentPool resource's props (user pool). */
export function compliantAgentPool(extra: Record<string, any> = {}): Record<string, any> {
    const p = compliantPool({ mode: "User", nodeTaints: undefined, minCount: 3, count: 3 });
    delete p.name;
    delete p.nodeTaints;
    return { ...p, resourceGroupName: "rg", resourceName: "aks1", agentPoolName: "apps", ...extra };
}

export function compliantCluster(extra: Record<string, any> = {}): Record<string, any> {
    return {
        resourceGroupName: "rg",
        resourceName: "aks1",
        location: "westeurope",
        kubernetesVersion: "1.36",
        sku: { name: "Base", tier: "Standard" },
        identity: { type: "UserAssigned", userAssignedIdentities: [`${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks`] },
        enableRBAC: true,
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ["3a1f5c2e-8d4b-4e6a-9c7f-1b2d3e4f5a6b"] },
        apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, enableVnetIntegration: true, disableRunCommand: true },
        publicNetworkAccess: "Disabled",
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
            workloadIdentity: { enabled: true },
            azureKeyVaultKms: { enabled: true, keyId: "https://kv.vault.azure.net/keys/kms/0123456789abcdef", keyVaultNetworkAccess: "Private", keyVaultResourceId: KV },
            defender: { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: WS },
            imageCleaner: { enabled: true, intervalHours: 168 },
            // Preview API versions only (azure-native containerservice/v2025xxpreview); the GA type has no field for it.
            imageIntegrity: { enabled: true },
        },
        diskEncryptionSetID: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des`,
        networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium", loadBalancerSku: "standard", outboundType: "managedNATGateway" },
        addonProfiles: {
            azurepolicy: { enabled: true },
            omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WS, useAADAuth: "true" } },
            azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } },
        },
        azureMonitorProfile: { metrics: { enabled: true } },
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        nodeResourceGroupProfile: { restrictionLevel: "ReadOnly" },
        storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
        agentPoolProfiles: [compliantPool()],
        ...extra,
    };
}

/** Sets a dotted path (`a.b.0.c`) on a deep copy; `undefined` deletes the field. */
export function mutate(obj: Record<string, any>, path: string, value: unknown): Record<string, any> {
    const copy = JSON.parse(JSON.stringify(obj));
    const parts = path.split(".");
    let cur = copy;
    for (const p of parts.slice(0, -1)) {
        if (cur[p] === undefined || cur[p] === null) cur[p] = {};
        cur = cur[p];
    }
    const last = parts[parts.length - 1];
    if (value === undefined) delete cur[last];
    else cur[last] = value;
    return copy;
}
