import { strict as assert } from "assert";
import * as YAML from "yaml";
import { valueOf } from "../helpers/mocks";
import { AZ } from "../../policypacks/policies/aks/common";
import { azRecorded, byName, byType, drain, installAzureMocks } from "./azure-mocks";
import { KV, WS } from "./fixtures";

const future = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
const base = () => ({
    resourceGroupName: "rg",
    location: "westeurope",
    adminGroupObjectIds: ["3a1f5c2e-8d4b-4e6a-9c7f-1b2d3e4f5a6b"],
    logAnalyticsWorkspaceId: WS,
    keyVaultId: KV,
});

describe("HardenedAKSCluster", function () {
    let mod: typeof import("../../components/hardened-aks-cluster");
    before(async () => {
        installAzureMocks();
        mod = await import("../../components/hardened-aks-cluster");
    });
    beforeEach(() => {
        azRecorded.length = 0;
    });

    it("creates the cluster with every secure default", async () => {
        const c = new mod.HardenedAKSCluster("t1", base());
        await valueOf(c.clusterId);
        await drain();
        const mc = byName("t1-cluster")!.inputs;
        assert.equal(mc.apiServerAccessProfile.enablePrivateCluster, true);
        assert.equal(mc.apiServerAccessProfile.enablePrivateClusterPublicFQDN, false);
        assert.equal(mc.apiServerAccessProfile.enableVnetIntegration, true);
        assert.equal(mc.apiServerAccessProfile.disableRunCommand, true);
        assert.equal(mc.publicNetworkAccess, "Disabled");
        assert.equal(mc.enableRBAC, true);
        assert.equal(mc.disableLocalAccounts, true);
        assert.deepEqual(mc.aadProfile, { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ["3a1f5c2e-8d4b-4e6a-9c7f-1b2d3e4f5a6b"] });
        assert.equal(mc.identity.type, "UserAssigned");
        assert.equal(mc.identity.userAssignedIdentities.length, 1);
        assert.equal(mc.oidcIssuerProfile.enabled, true);
        assert.equal(mc.securityProfile.workloadIdentity.enabled, true);
        assert.equal(mc.securityProfile.azureKeyVaultKms.enabled, true);
        assert.match(mc.securityProfile.azureKeyVaultKms.keyId, /\/keys\/t1-kms-key\/[0-9a-f]{32}$/);
        assert.equal(mc.securityProfile.azureKeyVaultKms.keyVaultNetworkAccess, "Private");
        assert.equal(mc.securityProfile.azureKeyVaultKms.keyVaultResourceId, KV);
        assert.deepEqual(mc.securityProfile.defender, { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: WS });
        assert.deepEqual(mc.securityProfile.imageCleaner, { enabled: true, intervalHours: 168 });
        assert.match(mc.diskEncryptionSetID, /diskEncryptionSets\/t1-des$/);
        assert.equal(mc.networkProfile.networkPlugin, "azure");
        assert.equal(mc.networkProfile.networkPluginMode, "overlay");
        assert.equal(mc.networkProfile.networkPolicy, "cilium");
        assert.equal(mc.networkProfile.networkDataplane, "cilium");
        assert.equal(mc.networkProfile.outboundType, "managedNATGateway");
        assert.deepEqual(mc.addonProfiles.azurepolicy, { enabled: true });
        assert.deepEqual(mc.addonProfiles.omsagent, { enabled: true, config: { logAnalyticsWorkspaceResourceID: WS, useAADAuth: "true" } });
        assert.equal(mc.addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation, "true");
        assert.equal(mc.addonProfiles.httpApplicationRouting, undefined);
        assert.equal(mc.addonProfiles.kubeDashboard, undefined);
        assert.equal(mc.azureMonitorProfile.metrics.enabled, true);
        assert.deepEqual(mc.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
        assert.equal(mc.nodeResourceGroupProfile.restrictionLevel, "ReadOnly");
        assert.equal(mc.sku.tier, "Standard");
        assert.equal(mc.linuxProfile, undefined);
        assert.equal(mc.servicePrincipalProfile, undefined);
        const sys = mc.agentPoolProfiles[0];
        assert.equal(mc.agentPoolProfiles.length, 1);
        assert.equal(sys.mode, "System");
        assert.deepEqual(sys.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
        assert.equal(sys.osSKU, "AzureLinux");
        assert.equal(sys.osDiskType, "Ephemeral");
        assert.equal(sys.enableEncryptionAtHost, true);
        assert.deepEqual(sys.availabilityZones, ["1", "2", "3"]);
        assert.equal(sys.minCount, 3);
        assert.equal(sys.enableNodePublicIP, false);
        assert.deepEqual(sys.securityProfile, { sshAccess: "Disabled", enableSecureBoot: true, enableVTPM: true });
        assert.equal(sys.kubeletConfig.podMaxPids, 4096);
        // No waiver tags without opt-outs.
        assert.deepEqual(Object.keys(mc.tags ?? {}).filter((k) => k.startsWith("ksl-waiver-")), []);
    });

    it("creates user pools as separate AgentPools, maintenance schedules, audit diagnostics, safeguards and key grants", async () => {
        const c = new mod.HardenedAKSCluster("t2", { ...base(), userPools: [{ name: "apps", minCount: 3 }, { name: "batch", nodeTaints: ["batch=true:NoSchedule"] }] });
        await valueOf(c.clusterId);
        await drain();
        const pools = byType(AZ.AgentPool);
        assert.deepEqual(pools.map((p) => p.inputs.agentPoolName).sort(), ["apps", "batch"]);
        for (const p of pools) {
            assert.equal(p.inputs.resourceName, "t2-cluster");
            assert.equal(p.inputs.mode, "User");
            assert.equal(p.inputs.enableNodePublicIP, false);
            assert.equal(p.inputs.securityProfile.sshAccess, "Disabled");
            assert.equal(p.inputs.osDiskType, "Ephemeral");
        }
        const mcs = byType(AZ.MaintenanceConfiguration).map((m) => m.inputs);
        assert.deepEqual(mcs.map((m) => m.configName).sort(), ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]);
        for (const m of mcs) {
            assert.equal(m.resourceName, "t2-cluster");
            assert.deepEqual(m.maintenanceWindow.schedule, { weekly: { dayOfWeek: "Sunday", intervalWeeks: 1 } });
            assert.ok(m.maintenanceWindow.durationHours >= 4);
        }
        const ds = byType(AZ.DiagnosticSetting)[0].inputs;
        assert.match(ds.resourceUri, /managedClusters\/t2-cluster$/);
        assert.equal(ds.workspaceId, WS);
        assert.equal(ds.logAnalyticsDestinationType, "Dedicated");
        assert.deepEqual(ds.logs.map((l: any) => l.category), ["kube-audit-admin", "guard"]);
        assert.equal(byType(AZ.DeploymentSafeguard)[0].inputs.level, "Enforce");
        assert.equal(byType(AZ.Pricing).length, 0, "the subscription-wide Defender plan is opt-in");
        const roles = byType(AZ.RoleAssignment).map((r) => r.inputs.roleDefinitionId.split("/").pop());
        assert.ok(roles.includes("12338af0-0e69-4776-bea7-57ae8d297424"), "Key Vault Crypto User for KMS");
        assert.ok(roles.includes("e147488a-f6f5-4113-8e2d-b22465e65bf6"), "Crypto Service Encryption User for the DES");
        for (const r of byType(AZ.RoleAssignment)) assert.match(r.inputs.roleDefinitionId, /^\/subscriptions\/00000000-0000-0000-0000-000000000000\/providers\/Microsoft.Authorization\/roleDefinitions\//);
        assert.ok(byName("t2-k8s"), "Kubernetes provider child");
    });

    it("exposes a kubelogin (Entra ID, azurecli) kubeconfig, marked secret", async () => {
        const c = new mod.HardenedAKSCluster("t3", base());
        const kc = await valueOf(c.kubeconfig);
        const doc = YAML.parse(kc);
        const exec = doc.users[0].user.exec;
        assert.equal(exec.command, "kubelogin");
        assert.deepEqual(exec.args, ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
        assert.equal(doc.clusters[0].cluster.server, "https://aks-1a2b3c4d.privatelink.westeurope.azmk8s.io:443");
        assert.equal(await (c.kubeconfig as any).isSecret, true);
    });

    it("uses given keys, identity, Calico, stable/SecurityPatch, and the Defender plan when asked", async () => {
        const c = new mod.HardenedAKSCluster("t4", {
            ...base(),
            kmsKeyId: "https://kv.vault.azure.net/keys/k/abc",
            diskEncryptionSetId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/d",
            userAssignedIdentity: { id: "/subscriptions/x/uai", principalId: "pid" },
            networkPolicy: "calico",
            upgradeChannel: "stable",
            nodeOsUpgradeChannel: "SecurityPatch",
            enableDefenderPlan: true,
            acrIds: ["/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr"],
        });
        await valueOf(c.clusterId);
        await drain();
        const mc = byName("t4-cluster")!.inputs;
        assert.equal(mc.securityProfile.azureKeyVaultKms.keyId, "https://kv.vault.azure.net/keys/k/abc");
        assert.deepEqual(mc.identity.userAssignedIdentities, ["/subscriptions/x/uai"]);
        assert.equal(mc.networkProfile.networkPolicy, "calico");
        assert.equal(mc.networkProfile.networkDataplane, "azure");
        assert.deepEqual(mc.autoUpgradeProfile, { upgradeChannel: "stable", nodeOSUpgradeChannel: "SecurityPatch" });
        assert.equal(byType("azure-native:keyvault:Key").length, 0);
        assert.equal(byType("azure-native:compute:DiskEncryptionSet").length, 0);
        assert.equal(byType("azure-native:managedidentity:UserAssignedIdentity").length, 0);
        const pricing = byType(AZ.Pricing)[0].inputs;
        assert.deepEqual(pricing, { pricingName: "Containers", pricingTier: "Standard", scopeId: "/subscriptions/00000000-0000-0000-0000-000000000000" });
        assert.ok(byType(AZ.RoleAssignment).some((r) => r.inputs.roleDefinitionId.endsWith("7f951dda-4ed3-4680-a7ca-43fe172d538d")), "AcrPull for the kubelet identity");
    });

    it("a public endpoint needs authorized ranges and a waiver, recorded as a tag", async () => {
        const c = new mod.HardenedAKSCluster("t5", {
            ...base(),
            publicEndpoint: { authorizedIpRanges: ["203.0.113.0/24"] },
            waivers: [{ policy: "aks-private-cluster", justification: "Build agents outside the VNet until Q2", expires: future }],
        });
        await valueOf(c.clusterId);
        await drain();
        const mc = byName("t5-cluster")!.inputs;
        assert.equal(mc.apiServerAccessProfile.enablePrivateCluster, false);
        assert.deepEqual(mc.apiServerAccessProfile.authorizedIPRanges, ["203.0.113.0/24"]);
        assert.equal(mc.tags["ksl-waiver-aks-private-cluster"], `expires=${future}; justification=Build agents outside the VNet until Q2`);
    });

    it("records each opt-out as its waiver tag", async () => {
        const policies = ["aks-encryption-at-host", "aks-ephemeral-os-disk", "aks-trusted-launch", "aks-azure-policy-addon", "aks-defender", "aks-deployment-safeguards", "aks-sku-tier", "aks-zone-redundancy", "aks-controlled-egress"];
        const c = new mod.HardenedAKSCluster("t6", {
            ...base(),
            encryptionAtHost: false,
            ephemeralOsDisk: false,
            trustedLaunch: false,
            azurePolicy: false,
            defender: false,
            deploymentSafeguards: false,
            skuTier: "Free",
            availabilityZones: ["1"],
            outboundType: "loadBalancer",
            waivers: policies.map((policy) => ({ policy, justification: "Dev sandbox, no production data", expires: future })),
        });
        await valueOf(c.clusterId);
        await drain();
        const mc = byName("t6-cluster")!.inputs;
        for (const p of policies) assert.ok(mc.tags[`ksl-waiver-${p}`], p);
        assert.equal(mc.agentPoolProfiles[0].enableEncryptionAtHost, false);
        assert.equal(mc.agentPoolProfiles[0].osDiskType, "Managed");
        assert.equal(mc.addonProfiles.azurepolicy.enabled, false);
        assert.equal(mc.securityProfile.defender, undefined);
        assert.equal(mc.sku.tier, "Free");
        assert.equal(byType(AZ.DeploymentSafeguard).length, 0);
    });

    it("backs the cluster up by default: vault with immutability and soft delete, 4-hourly policy, extension, trusted access, least-privilege grants, instance", async () => {
        const c = new mod.HardenedAKSCluster("tb", base());
        await valueOf(c.clusterId);
        await drain();
        const vault = byType("azure-native:dataprotection:BackupVault")[0].inputs;
        assert.deepEqual(vault.identity, { type: "SystemAssigned" });
        assert.deepEqual(vault.properties.securitySettings, { immutabilitySettings: { state: "Unlocked" }, softDeleteSettings: { state: "On", retentionDurationInDays: 14 } });
        const policy = byType("azure-native:dataprotection:BackupPolicy")[0].inputs.properties;
        assert.deepEqual(policy.datasourceTypes, ["Microsoft.ContainerService/managedClusters"]);
        assert.match(policy.policyRules[0].trigger.schedule.repeatingTimeIntervals[0], /\/PT4H$/);
        assert.equal(policy.policyRules[1].lifecycles[0].deleteAfter.duration, "P7D");
        const ext = byType("azure-native:kubernetesconfiguration:Extension")[0].inputs;
        assert.equal(ext.extensionType, "microsoft.dataprotection.kubernetes");
        assert.equal(ext.clusterName, byName("tb-cluster")!.state.name);
        assert.equal(ext.configurationSettings["configuration.backupStorageLocation.bucket"], "aks-backup");
        assert.equal(ext.configurationSettings["credentials.tenantId"], "72f988bf-86f1-41af-91ab-2d7cd011db47");
        const sa = byType("azure-native:storage:StorageAccount")[0].inputs;
        assert.equal(sa.allowBlobPublicAccess, false);
        assert.equal(sa.allowSharedKeyAccess, false);
        assert.equal(sa.minimumTlsVersion, "TLS1_2");
        const access = byType(AZ.TrustedAccessRoleBinding)[0].inputs;
        assert.deepEqual(access.roles, ["Microsoft.DataProtection/backupVaults/backup-operator"]);
        const inst = byType(AZ.BackupInstance)[0].inputs.properties;
        assert.equal(inst.dataSourceInfo.datasourceType, "Microsoft.ContainerService/managedClusters");
        const snapshotRg = inst.policyInfo.policyParameters.dataStoreParametersList[0].resourceGroupId;
        assert.equal(snapshotRg, byName("tb-backup-snapshots")!.state.id ?? byName("tb-backup-snapshots")!.state.name);
        const grants = byType(AZ.RoleAssignment).map((r) => ({ role: r.inputs.roleDefinitionId.split("/").pop(), scope: r.inputs.scope, principal: r.inputs.principalId }));
        const controlPlane = "11111111-2222-3333-4444-555555555555";
        // The only broad role: Contributor to the control-plane identity on the snapshot group, and nowhere else.
        assert.deepEqual(grants.filter((g) => g.role === "b24988ac-6180-42a0-ab88-20f7382dd24c"), [{ role: "b24988ac-6180-42a0-ab88-20f7382dd24c", scope: snapshotRg, principal: controlPlane }]);
        assert.equal(grants.filter((g) => g.role === "acdd72a7-3385-48ef-bd42-f606fba81ae7" && g.principal === "77777777-8888-9999-0000-111111111111").length, 2, "vault Reader on the cluster and the snapshot group");
        assert.ok(grants.some((g) => g.role === "ba92f5b4-2d11-453d-a403-e96b0029c9fe" && g.principal === "88888888-9999-0000-1111-222222222222"), "extension identity on the storage account");
    });

    it("takes Locked immutability and an existing storage account and snapshot group; backup false needs a waiver", async () => {
        const SA = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/shared/providers/Microsoft.Storage/storageAccounts/backups01";
        const c = new mod.HardenedAKSCluster("tl", { ...base(), backup: { immutability: "Locked", storageAccountId: SA, snapshotResourceGroupId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/snaps", intervalHours: 12 } });
        await valueOf(c.clusterId);
        await drain();
        assert.equal(byType("azure-native:dataprotection:BackupVault")[0].inputs.properties.securitySettings.immutabilitySettings.state, "Locked");
        assert.equal(byType("azure-native:storage:StorageAccount").length, 0);
        assert.equal(byType("azure-native:resources:ResourceGroup").length, 0);
        const ext = byType("azure-native:kubernetesconfiguration:Extension")[0].inputs.configurationSettings;
        assert.equal(ext["configuration.backupStorageLocation.config.storageAccount"], "backups01");
        assert.equal(ext["configuration.backupStorageLocation.config.resourceGroup"], "shared");
        azRecorded.length = 0;
        const off = new mod.HardenedAKSCluster("tn", { ...base(), backup: { enabled: false }, waivers: [{ policy: "aks-cluster-backup", justification: "Stateless dev cluster, rebuilt from git", expires: future }] });
        await valueOf(off.clusterId);
        await drain();
        assert.equal(byType(AZ.BackupInstance).length, 0);
        assert.ok(byName("tn-cluster")!.inputs.tags["ksl-waiver-aks-cluster-backup"]);
    });

    describe("rejects bad args with a ResourceError", () => {
        const cases: Array<[string, Record<string, any>, RegExp]> = [
            ["no admin groups", { adminGroupObjectIds: [] }, /adminGroupObjectIds/],
            ["no workspace", { logAnalyticsWorkspaceId: undefined }, /logAnalyticsWorkspaceId/],
            ["no key vault", { keyVaultId: undefined }, /keyVaultId/],
            ["public endpoint without waiver", { publicEndpoint: { authorizedIpRanges: ["203.0.113.0/24"] } }, /waivers: \[\{ policy: "aks-private-cluster"/],
            ["public endpoint without ranges", { publicEndpoint: { authorizedIpRanges: [] } }, /at least one range/],
            ["public endpoint open to the internet", { publicEndpoint: { authorizedIpRanges: ["0.0.0.0/0"] } }, /0\.0\.0\.0\/0/],
            ["a /2 range", { publicEndpoint: { authorizedIpRanges: ["64.0.0.0/2"] } }, /64\.0\.0\.0\/2/],
            ["unknown network policy", { networkPolicy: "none" }, /networkPolicy/],
            ["upgrade channel none", { upgradeChannel: "none" }, /upgradeChannel/],
            ["node OS channel Unmanaged", { nodeOsUpgradeChannel: "Unmanaged" }, /nodeOsUpgradeChannel/],
            ["opt-out without waiver", { encryptionAtHost: false }, /aks-encryption-at-host/],
            ["waiver without justification", { defender: false, waivers: [{ policy: "aks-defender", justification: "no", expires: future }] }, /justification/],
            ["waiver with a bad date", { defender: false, waivers: [{ policy: "aks-defender", justification: "long enough reason", expires: "soon" }] }, /YYYY-MM-DD/],
            // The packs' own rule (waiver-valid): at most 366 days ahead, not expired.
            ["waiver 400 days out", { defender: false, waivers: [{ policy: "aks-defender", justification: "long enough reason", expires: new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10) }] }, /more than 366 days ahead: the packs would reject it/],
            ["expired waiver", { defender: false, waivers: [{ policy: "aks-defender", justification: "long enough reason", expires: "2020-01-01" }] }, /expired on 2020-01-01/],
            ["bad pool name", { userPools: [{ name: "Apps_Pool" }] }, /pool name/],
            ["two-node system pool without waiver", { systemPoolMinCount: 2 }, /aks-zone-redundancy/],
            ["no backup without waiver", { backup: { enabled: false } }, /aks-cluster-backup/],
            ["the old backup: false spelling", { backup: false }, /backup: \{ enabled: false \}/],
            ["a backup vault without immutability", { backup: { immutability: "Disabled" } }, /backup\.immutability must be "Unlocked" or "Locked"/],
            ["hourly backups", { backup: { intervalHours: 1 } }, /backup\.intervalHours/],
        ];
        for (const [desc, extra, re] of cases) {
            it(desc, () => {
                assert.throws(
                    () => new mod.HardenedAKSCluster(`bad-${desc.replace(/\W+/g, "-")}`, { ...base(), ...extra } as any),
                    (e: any) => e?.constructor?.name === "ResourceError" && re.test(e.message),
                );
            });
        }
    });
});
