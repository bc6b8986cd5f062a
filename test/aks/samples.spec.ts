import { strict as assert } from "assert";
import { aksPolicies } from "../../policypacks/policies/aks";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { runResourcePolicy, runStackPolicy, StackResourceInput, Violation } from "../helpers/policy-harness";
import { azRecorded, azureStack, drain, installAzureMocks } from "./azure-mocks";
import { valueOf } from "../helpers/mocks";

/** Every AKS policy (resource and stack) over a stack of recorded resources. */
function runAll(policies: readonly KslPolicy[], stack: StackResourceInput[]): Violation[] {
    const out: Violation[] = [];
    for (const p of policies) {
        if ((p as any).validateStack) out.push(...runStackPolicy(p, stack));
        else for (const r of stack) out.push(...runResourcePolicy(p, { type: r.type, props: r.props, name: r.name }));
    }
    return out;
}

describe("AKS sample stacks", function () {
    describe("hardened (stacks/aks)", () => {
        let stack: StackResourceInput[];
        before(async () => {
            installAzureMocks("aks");
            const mod = await import("../../stacks/aks");
            await valueOf(mod.aks.kubeconfig);
            await drain();
            stack = azureStack();
        });

        it("records the infrastructure: cluster, separate pool, diagnostics, maintenance, safeguards, Defender plan, vault and keys", () => {
            const types = new Set(stack.map((r) => r.type));
            for (const t of [
                "azure-native:resources:ResourceGroup",
                "azure-native:operationalinsights:Workspace",
                "azure-native:keyvault:Vault",
                "azure-native:keyvault:Key",
                "azure-native:containerservice:ManagedCluster",
                "azure-native:containerservice:AgentPool",
                "azure-native:containerservice:MaintenanceConfiguration",
                "azure-native:containerservice:DeploymentSafeguard",
                "azure-native:monitor:DiagnosticSetting",
                "azure-native:security:Pricing",
            ]) assert.ok(types.has(t), t);
            const vault = stack.find((r) => r.type === "azure-native:keyvault:Vault")!.props.properties as Record<string, unknown>;
            assert.equal(vault.enableRbacAuthorization, true);
            assert.equal(vault.enablePurgeProtection, true);
            assert.equal(vault.publicNetworkAccess, "Disabled");
        });

        it("places the tenants on the cluster's provider", () => {
            assert.ok(azRecorded.some((r) => r.type === "kubernetes:core/v1:Namespace" && r.inputs.metadata?.name === "team-a"));
            assert.ok(azRecorded.some((r) => r.type === "kubernetes:core/v1:Namespace" && r.inputs.metadata?.name === "team-b"));
            assert.ok(azRecorded.some((r) => r.type === "pulumi:providers:kubernetes" && r.name === "aks-k8s"));
        });

        it("passes every AKS policy, resource and stack; the one advisory is Image Integrity, which the GA API cannot set", () => {
            const vs = runAll(aksPolicies, stack);
            assert.deepEqual(vs.map((v) => `${v.policy} ${v.enforcementLevel}: ${v.message.split("\n").pop()}`), [
                "aks-image-integrity advisory: ManagedCluster sets securityProfile.imageIntegrity.enabled=unset: image signatures are not verified at admission by AKS",
            ]);
        });
    });

    describe("insecure (stacks/insecure/aks.ts)", () => {
        let vs: Violation[];
        before(async () => {
            installAzureMocks("insecure");
            const mod = await import("../../stacks/insecure/aks");
            await valueOf(mod.insecurePrivateCluster.id);
            await valueOf(mod.insecureAcrPush.id);
            await valueOf(mod.insecureKubeletContributor.id);
            await valueOf(mod.insecureRegistry.id);
            await drain();
            vs = runAll(aksPolicies, azureStack(azRecorded.filter((r) => r.name.startsWith("insecure"))));
        });

        // aks-fips-nodes is opt-in (config `required`); every other AKS policy applies here.
        const applicable = aksPolicies.filter((p) => p.name !== "aks-fips-nodes").map((p) => p.name);
        for (const name of applicable) {
            it(`${name} reports`, () => {
                assert.ok(vs.some((v) => v.policy === name && !v.waived), `${name} did not report`);
            });
        }

        it("aks-fips-nodes reports once FIPS is required", () => {
            const fips = aksPolicies.find((p) => p.name === "aks-fips-nodes")!;
            const pool = azureStack().find((r) => r.type === "azure-native:containerservice:AgentPool")!;
            assert.equal(runResourcePolicy(fips, { type: pool.type, props: pool.props, config: { required: true } }).length, 1);
        });

        it("never puts the service principal secret into a message", () => {
            for (const v of vs) assert.ok(!v.message.includes("not-a-real-secret"), v.policy);
        });
    });
});
