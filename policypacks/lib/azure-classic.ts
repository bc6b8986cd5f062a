// Clusters declared with the classic Azure provider (@pulumi/azure, `azure:containerservice/...`)
// are read as azure-native ManagedCluster / AgentPool, so one set of AKS policies judges both.
// The view is lazy: each azure-native field is a getter over the classic field it comes from, so a
// value unknown during preview is read - and reported as not checkable - only where a policy needs
// it, exactly as with an azure-native cluster.

export const CLASSIC_CLUSTER = "azure:containerservice/kubernetesCluster:KubernetesCluster";
export const CLASSIC_NODE_POOL = "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool";
export const CLASSIC_DIAGNOSTIC_SETTING = "azure:monitoring/diagnosticSetting:DiagnosticSetting";
export const CLASSIC_REGISTRY = "azure:containerservice/registry:Registry";
export const CLASSIC_ROLE_ASSIGNMENT = "azure:authorization/assignment:Assignment";
const NATIVE: Record<string, string> = {
    [CLASSIC_CLUSTER]: "azure-native:containerservice:ManagedCluster",
    [CLASSIC_NODE_POOL]: "azure-native:containerservice:AgentPool",
    [CLASSIC_DIAGNOSTIC_SETTING]: "azure-native:monitor:DiagnosticSetting",
    [CLASSIC_REGISTRY]: "azure-native:containerregistry:Registry",
    [CLASSIC_ROLE_ASSIGNMENT]: "azure-native:authorization:RoleAssignment",
};

/** Built-in role names the classic Assignment may give instead of an id, and their definition GUIDs. */
const BUILT_IN_ROLES: Record<string, string> = {
    owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "user access administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "role based access control administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    acrpull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    acrpush: "8311e382-0749-4cb8-b61a-304f252e45ec",
    acrdelete: "c2f4ef07-c644-48eb-af81-4b1b4947fb11",
};

/** The azure-native type a classic type is read as. */
export function nativeTypeOfClassic(type: string): string | undefined {
    return NATIVE[type];
}

type Getters = Record<string, () => unknown>;

/** An object whose properties are read when accessed; a getter returning undefined leaves the key absent. */
function lazy(fields: Getters): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, get] of Object.entries(fields)) {
        Object.defineProperty(out, k, { enumerable: true, configurable: true, get });
    }
    // `"key" in obj` and Object.keys must not claim fields whose classic source is unset.
    return new Proxy(out, {
        has: (t, k) => typeof k === "string" && k in fields && fields[k]() !== undefined,
        ownKeys: () => Object.keys(fields).filter((k) => fields[k]() !== undefined),
        getOwnPropertyDescriptor: (t, k) => (typeof k === "string" && k in fields && fields[k]() !== undefined ? { enumerable: true, configurable: true, value: fields[k]() } : undefined),
    });
}

function at(obj: any, ...path: string[]): any {
    let cur = obj;
    for (const p of path) {
        if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
        cur = cur[p];
    }
    return cur;
}

/** The first of several classic spellings that is set (the provider renamed fields across major versions). */
function first(obj: any, ...names: string[]): any {
    for (const n of names) {
        const v = at(obj, ...n.split("."));
        if (v !== undefined) return v;
    }
    return undefined;
}

const not = (v: unknown) => (typeof v === "boolean" ? !v : undefined);
const some = (v: unknown) => (v === undefined || v === null ? undefined : true);
const upgradeChannel = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

function poolView(p: any, system: boolean): Record<string, unknown> {
    return lazy({
        name: () => p?.name,
        mode: () => (system ? "System" : p?.mode),
        vmSize: () => p?.vmSize,
        count: () => p?.nodeCount,
        enableAutoScaling: () => first(p, "autoScalingEnabled", "enableAutoScaling"),
        minCount: () => p?.minCount,
        maxCount: () => p?.maxCount,
        maxPods: () => p?.maxPods,
        availabilityZones: () => first(p, "zones", "availabilityZones"),
        enableNodePublicIP: () => first(p, "nodePublicIpEnabled", "enableNodePublicIp"),
        enableEncryptionAtHost: () => first(p, "hostEncryptionEnabled", "enableHostEncryption"),
        enableFIPS: () => first(p, "fipsEnabled", "enableFips"),
        osSKU: () => p?.osSku,
        osDiskType: () => p?.osDiskType,
        type: () => p?.type,
        orchestratorVersion: () => p?.orchestratorVersion,
        nodeTaints: () => (system && p?.onlyCriticalAddonsEnabled === true ? ["CriticalAddonsOnly=true:NoSchedule"] : p?.nodeTaints),
        kubeletConfig: () => p?.kubeletConfig,
        tags: () => p?.tags,
    });
}

/** A classic KubernetesCluster's props as an azure-native ManagedCluster's. */
function clusterView(c: any): Record<string, unknown> {
    const aad = () => c?.azureActiveDirectoryRoleBasedAccessControl;
    return lazy({
        location: () => c?.location,
        resourceGroupName: () => c?.resourceGroupName,
        resourceName: () => c?.name,
        dnsPrefix: () => c?.dnsPrefix,
        kubernetesVersion: () => c?.kubernetesVersion,
        nodeResourceGroup: () => c?.nodeResourceGroup,
        tags: () => c?.tags,
        sku: () => (c?.skuTier === undefined ? undefined : { name: "Base", tier: c.skuTier }),
        enableRBAC: () => first(c, "roleBasedAccessControlEnabled", "roleBasedAccessControl.enabled") ?? true,
        disableLocalAccounts: () => c?.localAccountDisabled,
        aadProfile: () =>
            aad() === undefined
                ? undefined
                : lazy({
                      managed: () => at(aad(), "managed") ?? true,
                      enableAzureRBAC: () => at(aad(), "azureRbacEnabled"),
                      adminGroupObjectIDs: () => at(aad(), "adminGroupObjectIds"),
                      tenantID: () => at(aad(), "tenantId"),
                  }),
        apiServerAccessProfile: () =>
            lazy({
                enablePrivateCluster: () => c?.privateClusterEnabled,
                enablePrivateClusterPublicFQDN: () => c?.privateClusterPublicFqdnEnabled,
                authorizedIPRanges: () => first(c, "apiServerAccessProfile.authorizedIpRanges", "apiServerAuthorizedIpRanges"),
                enableVnetIntegration: () => first(c, "apiServerAccessProfile.vnetIntegrationEnabled"),
                disableRunCommand: () => not(c?.runCommandEnabled ?? true),
            }),
        addonProfiles: () =>
            lazy({
                azurepolicy: () => (c?.azurePolicyEnabled === undefined ? undefined : { enabled: c.azurePolicyEnabled }),
                httpApplicationRouting: () => (c?.httpApplicationRoutingEnabled === undefined ? undefined : { enabled: c.httpApplicationRoutingEnabled }),
                omsagent: () => (c?.omsAgent === undefined ? undefined : { enabled: true, config: { logAnalyticsWorkspaceResourceID: at(c.omsAgent, "logAnalyticsWorkspaceId") } }),
                azureKeyvaultSecretsProvider: () =>
                    c?.keyVaultSecretsProvider === undefined ? undefined : { enabled: true, config: { enableSecretRotation: String(at(c.keyVaultSecretsProvider, "secretRotationEnabled") === true) } },
            }),
        securityProfile: () =>
            lazy({
                defender: () => (c?.microsoftDefender === undefined ? undefined : { logAnalyticsWorkspaceResourceId: at(c.microsoftDefender, "logAnalyticsWorkspaceId"), securityMonitoring: { enabled: true } }),
                azureKeyVaultKms: () =>
                    c?.keyManagementService === undefined
                        ? undefined
                        : {
                              enabled: true,
                              keyId: at(c.keyManagementService, "keyVaultKeyId"),
                              keyVaultNetworkAccess: at(c.keyManagementService, "keyVaultNetworkAccess") ?? "Public",
                              // The classic provider resolves the vault of a private key itself.
                              keyVaultResourceId: "resolved by the classic provider from keyVaultKeyId",
                          },
                imageCleaner: () => (c?.imageCleanerEnabled === undefined ? undefined : { enabled: c.imageCleanerEnabled, intervalHours: c?.imageCleanerIntervalHours }),
                workloadIdentity: () => (c?.workloadIdentityEnabled === undefined ? undefined : { enabled: c.workloadIdentityEnabled }),
            }),
        oidcIssuerProfile: () => (c?.oidcIssuerEnabled === undefined ? undefined : { enabled: c.oidcIssuerEnabled }),
        autoUpgradeProfile: () =>
            lazy({
                upgradeChannel: () => upgradeChannel(first(c, "automaticUpgradeChannel", "automaticChannelUpgrade")),
                nodeOSUpgradeChannel: () => first(c, "nodeOsUpgradeChannel", "nodeOsChannelUpgrade"),
            }),
        networkProfile: () => {
            const n = c?.networkProfile;
            if (n === undefined) return undefined;
            return lazy({
                networkPlugin: () => at(n, "networkPlugin"),
                networkPluginMode: () => at(n, "networkPluginMode"),
                networkPolicy: () => at(n, "networkPolicy"),
                networkDataplane: () => first(n, "networkDataPlane", "ebpfDataPlane"),
                outboundType: () => at(n, "outboundType"),
            });
        },
        identity: () => (c?.identity === undefined ? undefined : lazy({ type: () => at(c.identity, "type"), principalId: () => at(c.identity, "principalId"), userAssignedIdentities: () => at(c.identity, "identityIds") })),
        identityProfile: () => (c?.kubeletIdentity === undefined ? undefined : { kubeletidentity: lazy({ objectId: () => at(c.kubeletIdentity, "objectId"), resourceId: () => at(c.kubeletIdentity, "userAssignedIdentityId") }) }),
        servicePrincipalProfile: () => (c?.servicePrincipal === undefined ? undefined : { clientId: at(c.servicePrincipal, "clientId") }),
        linuxProfile: () =>
            c?.linuxProfile === undefined ? undefined : { adminUsername: at(c.linuxProfile, "adminUsername"), ssh: { publicKeys: [{ keyData: at(c.linuxProfile, "sshKey", "keyData") }] } },
        diskEncryptionSetID: () => c?.diskEncryptionSetId,
        agentPoolProfiles: () => (c?.defaultNodePool === undefined ? undefined : [poolView(c.defaultNodePool, true)]),
    });
}

/** Props of a classic cluster or node pool in azure-native shape; anything else unchanged. */
export function nativePropsOfClassic(type: string, props: any): any {
    if (type === CLASSIC_CLUSTER) return clusterView(props);
    if (type === CLASSIC_NODE_POOL) return poolView(props, props?.mode === "System");
    if (type === CLASSIC_DIAGNOSTIC_SETTING) {
        return lazy({
            resourceUri: () => props?.targetResourceId,
            workspaceId: () => props?.logAnalyticsWorkspaceId,
            storageAccountId: () => props?.storageAccountId,
            eventHubAuthorizationRuleId: () => props?.eventhubAuthorizationRuleId,
            // `enabledLogs` (v5+) lists what is on; the older `logs` carries its own `enabled`.
            logs: () => {
                const enabled = Array.isArray(props?.enabledLogs) ? props.enabledLogs.map((l: any) => ({ category: l?.category, categoryGroup: l?.categoryGroup, enabled: true })) : [];
                const old = Array.isArray(props?.logs) ? props.logs : [];
                return enabled.length || old.length ? [...enabled, ...old] : undefined;
            },
        });
    }
    if (type === CLASSIC_REGISTRY) return lazy({ registryName: () => props?.name, adminUserEnabled: () => props?.adminEnabled, sku: () => (props?.sku === undefined ? undefined : { name: props.sku }) });
    if (type === CLASSIC_ROLE_ASSIGNMENT) {
        return lazy({
            principalId: () => props?.principalId,
            scope: () => props?.scope,
            roleDefinitionId: () => {
                if (props?.roleDefinitionId !== undefined) return props.roleDefinitionId;
                const name = props?.roleDefinitionName;
                const guid = typeof name === "string" ? BUILT_IN_ROLES[name.toLowerCase()] : undefined;
                // A custom role by name cannot be resolved offline: its name stands in for the id.
                return guid ? `/providers/Microsoft.Authorization/roleDefinitions/${guid}` : name;
            },
        });
    }
    return props;
}
