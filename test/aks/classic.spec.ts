// The same insecure cluster declared three ways - azure-native, an API-versioned azure-native
// module, the classic provider (@pulumi/azure) - is blocked by the same critical and high AKS
// measures. The fixtures are raw props of each type, as a CustomResource of that type sends them.
import { strict as assert } from "assert";
import { aksPolicies } from "../../policypacks/policies/aks";
import { CLASSIC_CLUSTER, CLASSIC_DIAGNOSTIC_SETTING, CLASSIC_NODE_POOL, CLASSIC_REGISTRY, CLASSIC_ROLE_ASSIGNMENT } from "../../policypacks/lib/azure-classic";
import { CLASSIC_PROVIDER } from "../../policypacks/catalog/classic-provider";
import { waiverEntry } from "../../policypacks/lib/waivers";
import { runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";
import { pinToday } from "../helpers/today";
import { SUB, WS } from "./fixtures";

const blocking = aksPolicies.filter((p) => (p as { severity?: string }).severity === "critical" || (p as { severity?: string }).severity === "high");
const resourcePolicies = blocking.filter((p) => p.ksl.kind === "resource");

/** An insecure cluster, azure-native shape. */
const nativeInsecure = () => ({
    resourceGroupName: "rg",
    resourceName: "legacy",
    location: "westeurope",
    kubernetesVersion: "1.27",
    enableRBAC: false,
    servicePrincipalProfile: { clientId: "00000000-0000-0000-0000-000000000001", secret: "not-a-real-secret" },
    addonProfiles: { httpApplicationRouting: { enabled: true }, azurepolicy: { enabled: false } },
    networkProfile: { networkPlugin: "kubenet" },
    linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: "ssh-rsa AAAAB3Nza example" }] } },
    agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D2s_v3", count: 1, enableNodePublicIP: true, type: "VirtualMachineScaleSets" }],
});

/** The same cluster through the classic provider's KubernetesCluster. */
const classicInsecure = () => ({
    resourceGroupName: "rg",
    name: "legacy",
    location: "westeurope",
    dnsPrefix: "legacy",
    kubernetesVersion: "1.27",
    roleBasedAccessControlEnabled: false,
    servicePrincipal: { clientId: "00000000-0000-0000-0000-000000000001", clientSecret: "not-a-real-secret" },
    httpApplicationRoutingEnabled: true,
    azurePolicyEnabled: false,
    networkProfile: { networkPlugin: "kubenet" },
    linuxProfile: { adminUsername: "azureuser", sshKey: { keyData: "ssh-rsa AAAAB3Nza example" } },
    defaultNodePool: { name: "system", vmSize: "Standard_D2s_v3", nodeCount: 1, nodePublicIpEnabled: true, type: "VirtualMachineScaleSets" },
});

/** A hardened cluster through the classic provider. */
const classicHardened = () => ({
    resourceGroupName: "rg",
    name: "aks1",
    location: "westeurope",
    dnsPrefix: "aks1",
    kubernetesVersion: "1.36",
    skuTier: "Standard",
    identity: { type: "UserAssigned", identityIds: [`${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks`] },
    roleBasedAccessControlEnabled: true,
    localAccountDisabled: true,
    azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, adminGroupObjectIds: ["3a1f5c2e-8d4b-4e6a-9c7f-1b2d3e4f5a6b"] },
    privateClusterEnabled: true,
    privateClusterPublicFqdnEnabled: false,
    runCommandEnabled: false,
    oidcIssuerEnabled: true,
    workloadIdentityEnabled: true,
    keyManagementService: { keyVaultKeyId: "https://kv.vault.azure.net/keys/kms/0123456789abcdef", keyVaultNetworkAccess: "Private" },
    microsoftDefender: { logAnalyticsWorkspaceId: WS },
    imageCleanerEnabled: true,
    imageCleanerIntervalHours: 168,
    azurePolicyEnabled: true,
    omsAgent: { logAnalyticsWorkspaceId: WS },
    keyVaultSecretsProvider: { secretRotationEnabled: true },
    automaticUpgradeChannel: "patch",
    nodeOsUpgradeChannel: "NodeImage",
    networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataPlane: "cilium", outboundType: "managedNATGateway" },
    diskEncryptionSetId: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des`,
    defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5", nodeCount: 3, minCount: 3, maxCount: 5, autoScalingEnabled: true, zones: ["1", "2", "3"], nodePublicIpEnabled: false, hostEncryptionEnabled: true, onlyCriticalAddonsEnabled: true, osSku: "AzureLinux", type: "VirtualMachineScaleSets" },
});

const fired = (type: string, props: Record<string, unknown>) => resourcePolicies.filter((p) => runResourcePolicy(p, { type, props, name: "legacy" }).some((v) => !v.waived)).map((p) => p.name).sort();

describe("AKS clusters in every spelling: azure-native, versioned azure-native, classic provider", () => {
    it("the insecure cluster is blocked by the same critical/high resource policies in all three", () => {
        const native = fired("azure-native:containerservice:ManagedCluster", nativeInsecure());
        assert.ok(native.length >= 12, native.join(", "));
        assert.deepEqual(fired("azure-native:containerservice/v20240901:ManagedCluster", nativeInsecure()), native);
        assert.deepEqual(fired(CLASSIC_CLUSTER, classicInsecure()), native);
    });

    it("a hardened classic cluster passes every critical/high policy the classic provider can satisfy", () => {
        // The classic provider has no setting for a node pool's SSH access: that finding stands (the catalog says so).
        assert.deepEqual(fired(CLASSIC_CLUSTER, classicHardened()), ["aks-node-ssh-disabled"]);
    });

    it("a classic node pool is read as an AgentPool", () => {
        const pool = { kubernetesClusterId: `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1`, name: "apps", vmSize: "Standard_D4ds_v5", nodeCount: 2, nodePublicIpEnabled: true };
        assert.ok(fired(CLASSIC_NODE_POOL, pool).includes("aks-node-public-ip"));
        assert.ok(!fired(CLASSIC_NODE_POOL, { ...pool, nodePublicIpEnabled: false }).includes("aks-node-public-ip"));
    });

    it("audit logs: a classic DiagnosticSetting on a classic cluster counts", () => {
        const audit = aksPolicies.find((p) => p.name === "aks-audit-logs")!;
        const cluster = { type: CLASSIC_CLUSTER, name: "aks1", props: { ...classicHardened(), id: `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1` } };
        const diag = {
            type: CLASSIC_DIAGNOSTIC_SETTING,
            name: "aks1-audit",
            props: { targetResourceId: cluster.props.id, logAnalyticsWorkspaceId: WS, enabledLogs: [{ category: "kube-audit-admin" }, { category: "guard" }] },
        };
        assert.deepEqual(runStackPolicy(audit, [cluster, diag]), []);
        assert.equal(runStackPolicy(audit, [cluster]).length, 1);
    });
});

describe("classic registries and role assignments", () => {
    const policy = (n: string) => aksPolicies.find((p) => p.name === n)!;
    it("a classic Registry with adminEnabled is read as an azure-native Registry", () => {
        const acr = policy("aks-acr-admin-user-disabled");
        assert.equal(runResourcePolicy(acr, { type: CLASSIC_REGISTRY, props: { name: "acr", resourceGroupName: "rg", sku: "Premium", adminEnabled: true } }).length, 1);
        assert.deepEqual(runResourcePolicy(acr, { type: CLASSIC_REGISTRY, props: { name: "acr", resourceGroupName: "rg", sku: "Premium", adminEnabled: false } }), []);
    });
    it("a classic Assignment by built-in role name to the kubelet identity is read as a RoleAssignment", () => {
        const cluster = { type: CLASSIC_CLUSTER, name: "aks1", props: { ...classicHardened(), kubeletIdentity: { objectId: "kubelet-oid" } } };
        const assignment = (roleDefinitionName: string, scope: string) => ({ type: CLASSIC_ROLE_ASSIGNMENT, name: `ra-${roleDefinitionName}`, props: { principalId: "kubelet-oid", roleDefinitionName, scope } });
        const broad = runStackPolicy(policy("aks-cluster-identity-least-privilege"), [cluster, assignment("Contributor", `${SUB}/resourceGroups/rg`)]);
        assert.equal(broad.length, 1);
        assert.match(broad[0].message, /grants Contributor at scope/);
        const acr = `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr`;
        assert.deepEqual(runStackPolicy(policy("aks-kubelet-identity-acr-pull"), [cluster, assignment("AcrPull", acr)]), []);
        assert.equal(runStackPolicy(policy("aks-kubelet-identity-acr-pull"), [cluster, assignment("AcrPush", acr)]).length, 1);
    });
});

describe("the catalog says, per AKS measure, whether it holds for the classic provider", () => {
    it("every measure with an AKS policy has an entry, and only those", () => {
        const measures = new Set(aksPolicies.map((p) => p.ksl.measure));
        assert.deepEqual(Object.keys(CLASSIC_PROVIDER).sort(), [...measures].sort());
    });
    it("every critical/high AKS policy holds for classic clusters, or its measure says why it cannot", () => {
        for (const p of blocking) {
            const c = CLASSIC_PROVIDER[p.ksl.measure];
            assert.ok(c.holds !== "no" || p.name === "aks-node-ssh-disabled", `${p.name}: ${c.holds}`);
            assert.ok(c.note.length > 10);
        }
    });
});

describe("waivers on classic-provider clusters", () => {
    pinToday("2098-06-01");
    it("a waiver tag on a classic cluster waives the finding, as on an azure-native one", () => {
        const [k, v] = waiverEntry("azure", "aks-node-ssh-disabled", "classic provider cannot disable node SSH; migrating to azure-native", "2099-01-01");
        const p = aksPolicies.find((x) => x.name === "aks-node-ssh-disabled")!;
        const vs = runResourcePolicy(p, { type: CLASSIC_CLUSTER, props: { ...classicHardened(), tags: { [k]: v } }, name: "aks1" });
        assert.equal(vs.length, 1);
        assert.equal(vs[0].waived, true);
    });
});
