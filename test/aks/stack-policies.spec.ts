import { strict as assert } from "assert";
import { aksPolicies } from "../../policypacks/policies/aks";
import { AZ } from "../../policypacks/policies/aks/common";
import { ACR_PULL_ROLE as ACR_PULL } from "../../policypacks/policies/aks/kubelet-identity-acr-pull";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { runStackPolicy, StackResourceInput, UNKNOWN, findingsOf, assertNotCheckable } from "../helpers/policy-harness";
import { CLUSTER_ID, compliantAgentPool, compliantCluster, SUB, WS } from "./fixtures";

const policy = (n: string): KslPolicy => aksPolicies.find((p) => p.name === n)!;
const cluster = (extra: Record<string, any> = {}): StackResourceInput => ({ type: AZ.ManagedCluster, name: "aks1", props: { ...compliantCluster(), id: CLUSTER_ID, ...extra } });
const diag = (props: Record<string, any> = {}, extra: Partial<StackResourceInput> = {}): StackResourceInput => ({
    type: AZ.DiagnosticSetting,
    name: "aks1-diag",
    props: { resourceUri: CLUSTER_ID, workspaceId: WS, logs: [{ category: "kube-audit-admin", enabled: true }, { category: "guard", enabled: true }], ...props },
    ...extra,
});
const pricing = (tier = "Standard", name = "Containers"): StackResourceInput => ({ type: AZ.Pricing, name: "defender", props: { pricingName: name, pricingTier: tier, scopeId: SUB } });
const maint = (configName: string, extra: Record<string, any> = {}): StackResourceInput => ({
    type: AZ.MaintenanceConfiguration,
    name: `aks1-${configName}`,
    props: { resourceGroupName: "rg", resourceName: "aks1", configName, maintenanceWindow: { schedule: { weekly: { dayOfWeek: "Sunday", intervalWeeks: 1 } }, durationHours: 4, startTime: "02:00" }, ...extra },
});
const safeguard = (level = "Enforce"): StackResourceInput => ({ type: AZ.DeploymentSafeguard, name: "aks1-safeguards", props: { resourceUri: CLUSTER_ID, level } });

describe("AKS stack policies", () => {
    describe("aks-audit-logs", () => {
        const p = policy("aks-audit-logs");
        it("passes with a DiagnosticSetting enabling kube-audit-admin and guard", () => {
            assert.deepEqual(runStackPolicy(p, [cluster(), diag()]), []);
        });
        it("passes with categoryGroup audit or kube-audit (a superset)", () => {
            assert.deepEqual(runStackPolicy(p, [cluster(), diag({ logs: [{ categoryGroup: "audit", enabled: true }] })]), []);
            assert.deepEqual(runStackPolicy(p, [cluster(), diag({ logs: [{ category: "kube-audit", enabled: true }, { category: "guard", enabled: true }] })]), []);
        });
        it("reads API-versioned tokens as the unversioned ones (cluster and DiagnosticSetting)", () => {
            const v = (r: StackResourceInput, version: string): StackResourceInput => ({ ...r, type: r.type.replace(/^(azure-native:[a-z]+):/, `$1/${version}:`) });
            assert.deepEqual(runStackPolicy(p, [v(cluster(), "v20240901"), v(diag(), "v20210501preview")]), []);
            assert.equal(runStackPolicy(p, [v(cluster(), "v20240901")]).length, 1);
        });
        it("reports a cluster without a DiagnosticSetting", () => {
            const vs = runStackPolicy(p, [cluster()]);
            assert.equal(vs.length, 1);
            assert.match(vs[0].message, /ManagedCluster "aks1" has no monitor DiagnosticSetting/);
        });
        it("reports missing categories, disabled categories and a setting without destination", () => {
            assert.match(runStackPolicy(p, [cluster(), diag({ logs: [{ category: "kube-audit-admin", enabled: true }] })])[0].message, /"guard"/);
            assert.match(runStackPolicy(p, [cluster(), diag({ logs: [{ category: "kube-audit-admin", enabled: false }, { category: "guard", enabled: true }] })])[0].message, /"kube-audit-admin"/);
            assert.equal(runStackPolicy(p, [cluster(), diag({ workspaceId: undefined })]).length, 1);
        });
        it("a setting for another cluster does not count", () => {
            const other = diag({ resourceUri: CLUSTER_ID.replace("aks1", "aks2") });
            assert.equal(runStackPolicy(p, [cluster(), other]).length, 1);
        });
        it("resolves the cluster through propertyDependencies when ids are unknown at preview", () => {
            const c = cluster({ id: UNKNOWN, resourceName: UNKNOWN });
            const c2: StackResourceInput = { ...cluster({ id: UNKNOWN, resourceName: UNKNOWN }), name: "aks2" };
            const d = diag({ resourceUri: UNKNOWN, workspaceId: UNKNOWN }, { propertyDependencies: { resourceUri: ["aks1"] } });
            const vs = runStackPolicy(p, [c, c2, d]);
            assert.equal(vs.length, 1, vs.map((v) => v.message).join("\n"));
            assert.match(vs[0].message, /"aks2"/);
        });
        it("matches by the managedClusters name in the id when the cluster's id is not in its props", () => {
            const c = cluster({ id: undefined });
            assert.deepEqual(runStackPolicy(p, [c, diag()]), []);
        });
    });

    describe("aks-defender-plan", () => {
        const p = policy("aks-defender-plan");
        it("passes with the Containers plan at Standard", () => assert.deepEqual(runStackPolicy(p, [cluster(), pricing()]), []));
        it("reports without it, or at Free, or another plan", () => {
            assert.equal(runStackPolicy(p, [cluster()]).length, 1);
            assert.equal(runStackPolicy(p, [cluster(), pricing("Free")]).length, 1);
            assert.equal(runStackPolicy(p, [cluster(), pricing("Standard", "VirtualMachines")]).length, 1);
        });
        it("is silent when config says Defender is managed elsewhere, or without clusters", () => {
            assert.deepEqual(runStackPolicy(p, [cluster()], { defenderManagedElsewhere: true }), []);
            assert.deepEqual(runStackPolicy(p, [pricing("Free")]), []);
        });
    });

    describe("aks-maintenance-window", () => {
        const p = policy("aks-maintenance-window");
        it("passes with both schedules", () => {
            assert.deepEqual(runStackPolicy(p, [cluster(), maint("aksManagedAutoUpgradeSchedule"), maint("aksManagedNodeOSUpgradeSchedule")]), []);
        });
        it("reports each missing schedule", () => {
            const vs = runStackPolicy(p, [cluster(), maint("aksManagedAutoUpgradeSchedule")]);
            assert.equal(vs.length, 1);
            assert.match(vs[0].message, /aksManagedNodeOSUpgradeSchedule/);
            assert.equal(runStackPolicy(p, [cluster()]).length, 2);
            assert.equal(runStackPolicy(p, [cluster(), maint("aksManagedAutoUpgradeSchedule", { maintenanceWindow: undefined }), maint("aksManagedNodeOSUpgradeSchedule")]).length, 1);
        });
        it("does not apply without auto-upgrade channels", () => {
            assert.deepEqual(runStackPolicy(p, [cluster({ autoUpgradeProfile: { upgradeChannel: "none", nodeOSUpgradeChannel: "None" } })]), []);
        });
        it("a schedule for another cluster does not count", () => {
            const vs = runStackPolicy(p, [cluster(), maint("aksManagedAutoUpgradeSchedule", { resourceName: "aks2" }), maint("aksManagedNodeOSUpgradeSchedule")]);
            assert.equal(vs.length, 1);
        });
    });

    describe("aks-node-version-skew", () => {
        const p = policy("aks-node-version-skew");
        const pool = (v?: string): StackResourceInput => ({ type: AZ.AgentPool, name: "apps", props: compliantAgentPool({ orchestratorVersion: v }) });
        it("passes when pools follow or match the control plane", () => {
            assert.deepEqual(runStackPolicy(p, [cluster(), pool(), pool("1.36.3")]), []);
        });
        it("reports a lagging separate pool and a lagging inline pool", () => {
            const vs = runStackPolicy(p, [cluster(), pool("1.34.1")]);
            assert.equal(vs.length, 1);
            assert.match(vs[0].message, /AgentPool "apps" sets orchestratorVersion="1.34.1"/);
            const inline = cluster({ agentPoolProfiles: [{ ...compliantCluster().agentPoolProfiles[0], orchestratorVersion: "1.35" }] });
            assert.match(runStackPolicy(p, [inline])[0].message, /agentPoolProfiles\[0\]/);
            assert.deepEqual(runStackPolicy(p, [cluster(), pool("1.35")], { maxMinorSkew: 1 }), []);
        });
    });

    describe("aks-kubelet-identity-acr-pull", () => {
        const p = policy("aks-kubelet-identity-acr-pull");
        const ra = (guid: string, extra: Partial<StackResourceInput> = {}, principalId = "kubelet-oid"): StackResourceInput => ({
            type: AZ.RoleAssignment,
            name: "acr",
            props: { principalId, roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, scope: `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr` },
            ...extra,
        });
        const withKubelet = () => cluster({ identityProfile: { kubeletidentity: { objectId: "kubelet-oid" } } });
        it("passes AcrPull to the kubelet identity, and ignores other principals", () => {
            assert.deepEqual(runStackPolicy(p, [withKubelet(), ra("7f951dda-4ed3-4680-a7ca-43fe172d538d")]), []);
            assert.deepEqual(runStackPolicy(p, [withKubelet(), ra("8311e382-0749-4cb8-b61a-304f252e45ec", {}, "someone-else")]), []);
        });
        it("reports AcrPush by object id; a principal computed from the cluster is not decided until known", () => {
            assert.match(runStackPolicy(p, [withKubelet(), ra("8311e382-0749-4cb8-b61a-304f252e45ec")])[0].message, /8311e382/);
            // The cluster has several identities (kubelet, control plane, add-ons such as the monitoring
            // agent, which Microsoft's baseline grants Monitoring Metrics Publisher): which one an unknown
            // principal is, only its value tells.
            const dep = ra("b24988ac-6180-42a0-ab88-20f7382dd24c", { propertyDependencies: { principalId: ["aks1"] } }, UNKNOWN);
            const vs = runStackPolicy(p, [cluster(), dep]);
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "advisory");
            assert.match(vs[0].message, /principalId can't be known during preview/);
            // Known, it is decided: the add-on's identity is not the kubelet's.
            const known = cluster({ identityProfile: { kubeletidentity: { objectId: "kubelet-oid" } }, addonProfiles: { omsagent: { enabled: true, identity: { objectId: "oms-oid" } } } });
            assert.deepEqual(runStackPolicy(p, [known, ra("3913510d-42f4-4e42-8a64-420c390055eb", { propertyDependencies: { principalId: ["aks1"] } }, "oms-oid")]), []);
        });
    });

    describe("aks-cluster-identity-least-privilege", () => {
        const p = policy("aks-cluster-identity-least-privilege");
        const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
        const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
        const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";
        const RG = `${SUB}/resourceGroups/rg`;
        const ra = (name: string, guid: string, scope: unknown, principalId: unknown, extra: Partial<StackResourceInput> = {}): StackResourceInput => ({
            type: AZ.RoleAssignment,
            name,
            props: { principalId, roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, scope },
            ...extra,
        });
        const controlPlane: StackResourceInput = { type: AZ.UserAssignedIdentity, name: "mi-controlplane", props: { resourceGroupName: "rg" } };
        const withIdentity = (): StackResourceInput => ({ ...cluster({ identity: { type: "UserAssigned", userAssignedIdentities: [UNKNOWN] } }), propertyDependencies: { identity: ["mi-controlplane"] } });
        const fromControlPlane = { propertyDependencies: { principalId: ["mi-controlplane"] } };

        it("passes the narrow roles AKS documents, and broad roles to other principals", () => {
            const vs = runStackPolicy(p, [
                controlPlane,
                withIdentity(),
                ra("subnet", NETWORK_CONTRIBUTOR, `${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`, UNKNOWN, fromControlPlane),
                // Network Contributor over a whole resource group is not one of the takeover roles.
                ra("rg-network", NETWORK_CONTRIBUTOR, RG, UNKNOWN, fromControlPlane),
                ra("ops", OWNER, RG, "ops-group-oid"),
                // Contributor on the cluster resource itself is narrow.
                ra("self", CONTRIBUTOR, CLUSTER_ID, UNKNOWN, fromControlPlane),
            ]);
            assert.deepEqual(vs, []);
        });
        it("reports Owner or Contributor at resource group or subscription scope to the control plane, kubelet or an add-on identity", () => {
            const vs = runStackPolicy(p, [
                controlPlane,
                withIdentity(),
                ra("cp-rg", CONTRIBUTOR, RG, UNKNOWN, fromControlPlane),
                ra("kubelet-sub", OWNER, SUB, UNKNOWN, { propertyDependencies: { principalId: ["aks1"] } }),
            ]);
            assert.deepEqual(vs.map((v) => v.message.split("\n").pop()).sort(), [
                `RoleAssignment "cp-rg" grants Contributor at scope "${RG}" to an identity of an AKS cluster`,
                `RoleAssignment "kubelet-sub" grants Owner at scope "${SUB}" to an identity of an AKS cluster`,
            ]);
            for (const v of vs) assert.equal(v.enforcementLevel, "mandatory");
            // A known kubelet object id, and a resource group the stack creates (its id unknown at preview).
            const rg: StackResourceInput = { type: AZ.ResourceGroup, name: "rg", props: { resourceGroupName: "rg" } };
            const known = runStackPolicy(p, [rg, cluster({ identityProfile: { kubeletidentity: { objectId: "kubelet-oid" } } }), ra("k", CONTRIBUTOR, UNKNOWN, "kubelet-oid", { propertyDependencies: { scope: ["rg"] } })]);
            assert.equal(known.length, 1);
            assert.match(known[0].message, /grants Contributor at the scope of a resource group/);
        });
        it("an unknown principal or scope is not checkable (advisory), never passed", () => {
            const who = runStackPolicy(p, [cluster(), ra("who", OWNER, SUB, UNKNOWN)]);
            assert.equal(who.length, 1);
            assert.equal(who[0].enforcementLevel, "advisory");
            assert.match(who[0].message, /<RoleAssignment "who">\.principalId can't be known/);
            const where = runStackPolicy(p, [controlPlane, withIdentity(), ra("where", OWNER, UNKNOWN, UNKNOWN, fromControlPlane)]);
            assert.equal(where.length, 1);
            assert.match(where[0].message, /<RoleAssignment "where">\.scope can't be known/);
        });
        it("no cluster in the stack: nothing to check", () => {
            assert.deepEqual(runStackPolicy(p, [ra("x", OWNER, SUB, "someone")]), []);
        });
    });

    describe("aks-cluster-backup", () => {
        const p = policy("aks-cluster-backup");
        const VAULT_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/vault1`;
        const SNAP_RG = `${SUB}/resourceGroups/aks1-snapshots`;
        const vault = (security: Record<string, any> = { immutabilitySettings: { state: "Unlocked" }, softDeleteSettings: { state: "On", retentionDurationInDays: 14 } }): StackResourceInput => ({
            type: AZ.BackupVault,
            name: "vault1",
            props: { resourceGroupName: "rg", vaultName: "vault1", identity: { type: "SystemAssigned" }, properties: { storageSettings: [{ datastoreType: "VaultStore", type: "ZoneRedundant" }], securitySettings: security } },
        });
        const instance = (extra: Partial<StackResourceInput> = {}, source: Record<string, any> = {}): StackResourceInput => ({
            type: AZ.BackupInstance,
            name: "aks1-backup",
            props: {
                resourceGroupName: "rg",
                vaultName: "vault1",
                properties: {
                    objectType: "BackupInstance",
                    dataSourceInfo: { datasourceType: "Microsoft.ContainerService/managedClusters", resourceID: CLUSTER_ID, ...source },
                    policyInfo: { policyId: `${VAULT_ID}/backupPolicies/aks`, policyParameters: { dataStoreParametersList: [{ objectType: "AzureOperationalStoreParameters", dataStoreType: "OperationalStore", resourceGroupId: SNAP_RG }] } },
                },
            },
            ...extra,
        });
        const extension = (type = "microsoft.dataprotection.kubernetes", extra: Partial<StackResourceInput> = {}): StackResourceInput => ({
            type: AZ.Extension,
            name: "aks1-backup-extension",
            props: { resourceGroupName: "rg", clusterName: "aks1", clusterRp: "Microsoft.ContainerService", clusterResourceName: "managedClusters", extensionType: type },
            ...extra,
        });
        const binding = (roles: unknown = ["Microsoft.DataProtection/backupVaults/backup-operator"], extra: Partial<StackResourceInput> = {}): StackResourceInput => ({
            type: AZ.TrustedAccessRoleBinding,
            name: "aks1-backup-access",
            props: { resourceGroupName: "rg", resourceName: "aks1", roles, sourceResourceId: VAULT_ID },
            ...extra,
        });
        const complete = () => [cluster(), vault(), instance(), extension(), binding()];

        it("passes a cluster backed up to an immutable, soft-deleting vault with the extension and trusted access", () => {
            assert.deepEqual(runStackPolicy(p, complete()), []);
            assert.deepEqual(runStackPolicy(p, [cluster(), vault({ immutabilitySettings: { state: "Locked" }, softDeleteSettings: { state: "AlwaysOn" } }), instance(), extension(), binding()]), []);
            // Soft delete is on by default when the vault does not say.
            assert.deepEqual(runStackPolicy(p, [cluster(), vault({ immutabilitySettings: { state: "Unlocked" } }), instance(), extension(), binding()]), []);
        });
        it("reports a cluster with no backup at all, naming every missing piece, advisory by default", () => {
            const vs = runStackPolicy(p, [cluster()]);
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "advisory");
            assert.match(vs[0].message, /ManagedCluster "aks1" is not backed up: no dataprotection BackupInstance backs it up; the backup extension is not installed .*; no TrustedAccessRoleBinding/);
        });
        it("reports each missing piece on its own", () => {
            const without = (type: string) => complete().filter((r) => r.type !== type);
            assert.match(runStackPolicy(p, without(AZ.Extension))[0].message, /backup extension is not installed/);
            assert.match(runStackPolicy(p, without(AZ.TrustedAccessRoleBinding))[0].message, /no TrustedAccessRoleBinding gives BackupVault "vault1"/);
            assert.match(runStackPolicy(p, [cluster(), vault(), instance(), extension("microsoft.flux"), binding()])[0].message, /backup extension is not installed/);
            assert.match(runStackPolicy(p, [cluster(), vault(), instance(), extension(), binding(["Microsoft.MachineLearningServices/workspaces/mlworkload"])])[0].message, /no TrustedAccessRoleBinding/);
        });
        it("reports a vault without immutability or with soft delete off, on the vault", () => {
            const off = runStackPolicy(p, [cluster(), vault({ immutabilitySettings: { state: "Disabled" }, softDeleteSettings: { state: "Off" } }), instance(), extension(), binding()]);
            assert.equal(off.length, 1);
            assert.equal(off[0].urn?.endsWith("::vault1"), true);
            assert.match(off[0].message, /BackupVault "vault1" holds the backups of ManagedCluster "aks1" but immutability is "Disabled" .*; soft delete is "Off"/);
            assert.match(runStackPolicy(p, [cluster(), vault({}), instance(), extension(), binding()])[0].message, /immutability is "Disabled"/);
            assert.match(runStackPolicy(p, complete(), { requireLockedImmutability: true })[0].message, /immutability is "Unlocked" \(set .* to "Locked"\)/);
        });
        it("an instance of another cluster, or of another datasource type, does not count", () => {
            assert.match(runStackPolicy(p, [cluster(), vault(), instance({}, { resourceID: CLUSTER_ID.replace("aks1", "aks9") }), extension(), binding()])[0].message, /no dataprotection BackupInstance/);
            assert.match(runStackPolicy(p, [cluster(), vault(), instance({}, { datasourceType: "Microsoft.Compute/disks" }), extension(), binding()])[0].message, /no dataprotection BackupInstance/);
        });
        it("resolves cluster and vault through property dependencies when ids are unknown at preview", () => {
            const c = cluster({ id: UNKNOWN, resourceName: UNKNOWN });
            const v = { ...vault(), props: { ...vault().props, vaultName: UNKNOWN } };
            const i = instance({ propertyDependencies: { properties: ["aks1"], vaultName: ["vault1"] } }, { resourceID: UNKNOWN });
            i.props.vaultName = UNKNOWN;
            const x = extension(undefined, { propertyDependencies: { clusterName: ["aks1"] } });
            x.props.clusterName = UNKNOWN;
            const b = binding(undefined, { propertyDependencies: { resourceName: ["aks1"], sourceResourceId: ["vault1"] } });
            b.props.resourceName = UNKNOWN;
            b.props.sourceResourceId = UNKNOWN;
            assert.deepEqual(runStackPolicy(p, [c, v, i, x, b]), []);
        });
        it("an unknown vault setting or instance source is not checkable (advisory), never passed", () => {
            assertNotCheckable(runStackPolicy(p, [cluster(), vault({ immutabilitySettings: UNKNOWN }), instance(), extension(), binding()]), /<BackupVault "vault1">\.properties\.securitySettings\.immutabilitySettings\.state can't be known/);
            assertNotCheckable(runStackPolicy(p, [cluster(), vault(), instance({}, { datasourceType: UNKNOWN }), extension(), binding()]), /<BackupInstance "aks1-backup">\.properties\.dataSourceInfo can't be known/);
        });
        it("a vault outside the stack is reported as not checkable here, with what to do", () => {
            const vs = runStackPolicy(p, [cluster(), { ...instance(), props: { ...instance().props, vaultName: "central-vault" } }, extension(), binding()]);
            assert.equal(vs.length, 1);
            assert.match(vs[0].message, /in vault "central-vault", which is not in this stack, so the vault's immutability and soft delete cannot be checked here/);
        });
        it("is silent when backups are managed elsewhere, or without clusters", () => {
            assert.deepEqual(runStackPolicy(p, [cluster()], { backupsManagedElsewhere: true }), []);
            assert.deepEqual(runStackPolicy(p, [vault({})]), []);
        });
        it("aks-cluster-identity-least-privilege allows Contributor on the instance's snapshot resource group, and only there", () => {
            const lp = policy("aks-cluster-identity-least-privilege");
            const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
            const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
            const controlPlane: StackResourceInput = { type: AZ.UserAssignedIdentity, name: "mi", props: { resourceGroupName: "rg" } };
            const c: StackResourceInput = { ...cluster({ resourceGroupName: "rg" }), propertyDependencies: { identity: ["mi"] } };
            const grant = (name: string, guid: string, scope: unknown, extra: Record<string, string[]> = {}): StackResourceInput => ({
                type: AZ.RoleAssignment,
                name,
                props: { principalId: UNKNOWN, roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, scope },
                propertyDependencies: { principalId: ["mi"], ...extra },
            });
            assert.deepEqual(runStackPolicy(lp, [controlPlane, c, vault(), instance(), grant("snap", CONTRIBUTOR, SNAP_RG)]), []);
            // Owner there, Contributor on the cluster's own group, or no backup instance naming the group: reported.
            assert.equal(runStackPolicy(lp, [controlPlane, c, vault(), instance(), grant("snap-owner", OWNER, SNAP_RG)]).length, 1);
            assert.equal(runStackPolicy(lp, [controlPlane, c, grant("snap", CONTRIBUTOR, SNAP_RG)]).length, 1);
            const sameRg = instance();
            (sameRg.props.properties as any).policyInfo.policyParameters.dataStoreParametersList[0].resourceGroupId = `${SUB}/resourceGroups/rg`;
            assert.equal(runStackPolicy(lp, [controlPlane, c, vault(), sameRg, grant("own", CONTRIBUTOR, `${SUB}/resourceGroups/rg`)]).length, 1);
            // At preview: the snapshot group is a ResourceGroup of the stack, its id unknown.
            const snapRg: StackResourceInput = { type: AZ.ResourceGroup, name: "snapshots", props: { resourceGroupName: "aks1-snapshots" } };
            const i = instance({ propertyDependencies: { properties: ["aks1", "snapshots"] } });
            (i.props.properties as any).policyInfo.policyParameters.dataStoreParametersList[0].resourceGroupId = UNKNOWN;
            assert.deepEqual(runStackPolicy(lp, [controlPlane, c, snapRg, vault(), i, grant("snap", CONTRIBUTOR, UNKNOWN, { scope: ["snapshots"] })]), []);
        });
    });

    describe("aks-deployment-safeguards", () => {
        const p = policy("aks-deployment-safeguards");
        it("passes at Enforce", () => assert.deepEqual(runStackPolicy(p, [cluster(), safeguard()]), []));
        it("reports none, or Warn unless allowed", () => {
            assert.match(runStackPolicy(p, [cluster()])[0].message, /no DeploymentSafeguard/);
            assert.match(runStackPolicy(p, [cluster(), safeguard("Warn")])[0].message, /"Warn"/);
            assert.deepEqual(runStackPolicy(p, [cluster(), safeguard("Warn")], { allowWarn: true }), []);
        });
    });

    describe("values unknown during preview: not checkable (advisory), never passed", () => {
        const findings = findingsOf;
        const advisoryAt = assertNotCheckable;
        const aks2 = (extra: Record<string, any> = {}): StackResourceInput => ({ ...cluster({ resourceName: "aks2", id: CLUSTER_ID.replace("aks1", "aks2"), ...extra }), name: "aks2" });

        it("aks-maintenance-window: unknown channel next to a known missing schedule; unknown schedule fields are not read as missing", () => {
            const p = policy("aks-maintenance-window");
            const both = runStackPolicy(p, [cluster({ autoUpgradeProfile: { upgradeChannel: UNKNOWN, nodeOSUpgradeChannel: "NodeImage" } })]);
            assert.equal(findings(both).length, 1);
            assert.match(findings(both)[0], /aksManagedNodeOSUpgradeSchedule/);
            advisoryAt(both, /<ManagedCluster "aks1">\.autoUpgradeProfile\.upgradeChannel can't be known/);
            // A known schedule decides whatever the channel.
            assert.deepEqual(runStackPolicy(p, [cluster({ autoUpgradeProfile: UNKNOWN }), maint("aksManagedAutoUpgradeSchedule"), maint("aksManagedNodeOSUpgradeSchedule")]), []);
            const win = runStackPolicy(p, [cluster(), maint("aksManagedAutoUpgradeSchedule", { maintenanceWindow: UNKNOWN }), maint("aksManagedNodeOSUpgradeSchedule")]);
            assert.deepEqual(findings(win), []);
            advisoryAt(win, /<MaintenanceConfiguration "aks1-aksManagedAutoUpgradeSchedule">\.maintenanceWindow can't be known/);
            advisoryAt(runStackPolicy(p, [cluster(), maint("aksManagedAutoUpgradeSchedule"), maint("x", { configName: UNKNOWN })]), /\.configName can't be known/);
            // Two clusters: a schedule whose cluster is unknown may be either's.
            const two = runStackPolicy(p, [cluster(), aks2(), maint("aksManagedAutoUpgradeSchedule"), maint("aksManagedNodeOSUpgradeSchedule"), { ...maint("aksManagedAutoUpgradeSchedule", { resourceName: UNKNOWN }), name: "m2" }, { ...maint("aksManagedNodeOSUpgradeSchedule", { resourceName: "aks2" }), name: "m3" }]);
            assert.deepEqual(findings(two), []);
            advisoryAt(two, /<MaintenanceConfiguration "m2">\.resourceName can't be known/);
        });

        it("aks-node-version-skew: unknown versions and pools, next to a known lagging pool", () => {
            const p = policy("aks-node-version-skew");
            const pool = (v: unknown, extra: Record<string, any> = {}): StackResourceInput => ({ type: AZ.AgentPool, name: "apps", props: compliantAgentPool({ orchestratorVersion: v, ...extra }) });
            const inline = (...pools: unknown[]) => cluster({ agentPoolProfiles: pools });
            const lagging = { ...compliantCluster().agentPoolProfiles[0], name: "old", orchestratorVersion: "1.34" };
            const both = runStackPolicy(p, [inline(UNKNOWN, lagging)]);
            assert.equal(findings(both).length, 1);
            assert.match(findings(both)[0], /agent pool "old" \(agentPoolProfiles\[1\]\)/);
            advisoryAt(both, /<ManagedCluster "aks1">\.agentPoolProfiles\[0\] can't be known/);
            advisoryAt(runStackPolicy(p, [cluster({ agentPoolProfiles: UNKNOWN })]), /\.agentPoolProfiles can't be known/);
            advisoryAt(runStackPolicy(p, [cluster(), pool(UNKNOWN)]), /<AgentPool "apps">\.orchestratorVersion can't be known/);
            advisoryAt(runStackPolicy(p, [cluster({ kubernetesVersion: UNKNOWN }), pool("1.34")]), /<ManagedCluster "aks1">\.kubernetesVersion can't be known/);
            // An unpinned pool follows the control plane, whatever its version.
            assert.deepEqual(runStackPolicy(p, [cluster({ kubernetesVersion: UNKNOWN }), pool(undefined)]), []);
            advisoryAt(runStackPolicy(p, [cluster(), aks2(), pool("1.34", { resourceName: UNKNOWN })]), /<AgentPool "apps">\.resourceName can't be known/);
            assert.deepEqual(runStackPolicy(p, [cluster(), aks2(), pool(undefined, { resourceName: UNKNOWN })]), []);
        });

        it("aks-kubelet-identity-acr-pull: unknown role or principal, next to a known violation", () => {
            const p = policy("aks-kubelet-identity-acr-pull");
            const CONTRIB = "b24988ac-6180-42a0-ab88-20f7382dd24c";
            const ra = (name: string, role: unknown, principalId: unknown, extra: Partial<StackResourceInput> = {}): StackResourceInput => ({
                type: AZ.RoleAssignment,
                name,
                props: { principalId, roleDefinitionId: typeof role === "string" && role !== UNKNOWN ? `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}` : role, scope: SUB },
                ...extra,
            });
            const withKubelet = () => cluster({ identityProfile: { kubeletidentity: { objectId: "kubelet-oid" } } });
            const both = runStackPolicy(p, [withKubelet(), ra("push", CONTRIB, "kubelet-oid"), ra("later", UNKNOWN, "kubelet-oid")]);
            assert.equal(findings(both).length, 1);
            assert.match(findings(both)[0], /RoleAssignment "push" grants roleDefinitionId "b24988ac/);
            advisoryAt(both, /<RoleAssignment "later">\.roleDefinitionId can't be known/);
            // A principal unknown with no dependency telling where it comes from may be the kubelet's.
            advisoryAt(runStackPolicy(p, [withKubelet(), ra("who", CONTRIB, UNKNOWN)]), /<RoleAssignment "who">\.principalId can't be known/);
            assert.deepEqual(runStackPolicy(p, [withKubelet(), ra("who", ACR_PULL, UNKNOWN)]), []);
            // ... but one that depends on another resource is that resource's identity.
            const uai: StackResourceInput = { type: "azure-native:managedidentity:UserAssignedIdentity", name: "app-id", props: { resourceGroupName: "rg" } };
            assert.deepEqual(runStackPolicy(p, [withKubelet(), uai, ra("app", CONTRIB, UNKNOWN, { propertyDependencies: { principalId: ["app-id"] } })]), []);
            // A user-assigned kubelet identity is recognised through the cluster's identityProfile dependency.
            const kubeletUai: StackResourceInput = { type: "azure-native:managedidentity:UserAssignedIdentity", name: "kubelet-id", props: { resourceGroupName: "rg" } };
            const viaUai = runStackPolicy(p, [kubeletUai, { ...cluster({ identityProfile: { kubeletidentity: UNKNOWN } }), propertyDependencies: { identityProfile: ["kubelet-id"] } }, ra("uai", CONTRIB, UNKNOWN, { propertyDependencies: { principalId: ["kubelet-id"] } })]);
            assert.equal(viaUai.length, 1, JSON.stringify(viaUai));
            assert.match(viaUai[0].message, /RoleAssignment "uai" grants/);
            // No cluster in the stack: no kubelet identity to check.
            assert.deepEqual(runStackPolicy(p, [ra("who", UNKNOWN, UNKNOWN)]), []);
        });
    });

    it("no stack policy throws on malformed resources", () => {
        const junk: StackResourceInput[] = [
            { type: AZ.ManagedCluster, name: "x", props: { autoUpgradeProfile: 3, agentPoolProfiles: "y", identityProfile: [] } },
            { type: AZ.DiagnosticSetting, name: "d", props: { logs: "z", resourceUri: 5 } },
            { type: AZ.MaintenanceConfiguration, name: "m", props: { resourceName: [] } },
            { type: AZ.AgentPool, name: "a", props: { resourceName: null } },
            { type: AZ.RoleAssignment, name: "r", props: { roleDefinitionId: 7 } },
            { type: AZ.Pricing, name: "p", props: {} },
        ];
        for (const p of aksPolicies.filter((x) => x.ksl.kind === "stack")) assert.doesNotThrow(() => runStackPolicy(p, junk), p.name);
    });

    it("every stack policy is tested here", () => {
        const tested = ["aks-audit-logs", "aks-defender-plan", "aks-maintenance-window", "aks-node-version-skew", "aks-kubelet-identity-acr-pull", "aks-cluster-identity-least-privilege", "aks-deployment-safeguards", "aks-cluster-backup"];
        assert.deepEqual(aksPolicies.filter((x) => x.ksl.kind === "stack").map((x) => x.name).sort(), tested.sort());
    });
});
