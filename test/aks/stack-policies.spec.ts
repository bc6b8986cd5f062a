import { strict as assert } from "assert";
import { aksPolicies } from "../../policypacks/policies/aks";
import { AZ } from "../../policypacks/policies/aks/common";
import { ACR_PULL_ROLE as ACR_PULL } from "../../policypacks/policies/aks/kubelet-identity-acr-pull";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { runStackPolicy, StackResourceInput, UNKNOWN } from "../helpers/policy-harness";
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
        it("reports AcrPush by object id and Contributor through a property dependency", () => {
            assert.match(runStackPolicy(p, [withKubelet(), ra("8311e382-0749-4cb8-b61a-304f252e45ec")])[0].message, /8311e382/);
            const dep = ra("b24988ac-6180-42a0-ab88-20f7382dd24c", { propertyDependencies: { principalId: ["aks1"] } }, UNKNOWN);
            assert.equal(runStackPolicy(p, [cluster(), dep]).length, 1);
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
        const cant = (vs: { message: string; enforcementLevel: string }[]) => vs.filter((v) => /can't run policy .* during preview/.test(v.message));
        const findings = (vs: { message: string }[]) => vs.filter((v) => !/can't run policy/.test(v.message)).map((v) => v.message);
        const advisoryAt = (vs: { message: string; enforcementLevel: string }[], path: RegExp) => {
            const c = cant(vs);
            assert.equal(c.length, 1, JSON.stringify(vs));
            assert.equal(c[0].enforcementLevel, "advisory");
            assert.match(c[0].message, path);
        };
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
        const tested = ["aks-audit-logs", "aks-defender-plan", "aks-maintenance-window", "aks-node-version-skew", "aks-kubelet-identity-acr-pull", "aks-deployment-safeguards"];
        assert.deepEqual(aksPolicies.filter((x) => x.ksl.kind === "stack").map((x) => x.name).sort(), tested.sort());
    });
});
