// Fuzzed resources through the real engine: a bounded batch of mutated seeds (and huge resources)
// as EngineResources, analyzed by both real packs over gRPC (Remediate, Analyze, AnalyzeStack).
// Zero crashed packs, zero engine errors; every pack process gone afterwards.
import { strict as assert } from "assert";
import fc from "fast-check";
import { runPack } from "../../engine/analyzer/run";
import type { EngineResource, RunResult } from "../../engine/model";
import { allPolicies, allSeeds } from "./seeds";
import { applyMutations, mutationsArb } from "./mutate";
import { waiverKeys } from "./fuzz";
import { realPacks } from "./helpers";
import { pidAlive } from "../engine/helpers";

const SEED = Number(process.env.KSL_FUZZ_SEED ?? 20260601);
const BATCH = Number(process.env.KSL_ENGINE_FUZZ_BATCH ?? 150);
const names = allPolicies().map((p) => p.name);
const urn = (type: string, name: string) => `urn:pulumi:dev::ksl::${type}::${name}`;

function fuzzedBatch(seed: number, n: number): EngineResource[] {
    const seeds = allSeeds();
    const stack: EngineResource = { urn: urn("pulumi:pulumi:Stack", "ksl-dev"), type: "pulumi:pulumi:Stack", name: "ksl-dev", props: {}, custom: false };
    const samples = fc.sample(fc.tuple(fc.nat(), mutationsArb(names, false, 4), fc.nat()), { numRuns: n, seed });
    const out: EngineResource[] = [stack];
    samples.forEach(([si, ms, dep], i) => {
        const s = seeds[si % seeds.length];
        const name = `${s.name}-${i}`;
        out.push({
            urn: urn(s.type, name),
            type: s.type,
            name,
            props: applyMutations(s.props, ms, waiverKeys),
            parent: stack.urn,
            dependencies: i > 0 ? [out[1 + (dep % i)].urn] : [],
            custom: true,
        });
    });
    return out;
}

async function run(pack: "aks" | "onprem", resources: EngineResource[], config?: Record<string, unknown>): Promise<{ result: RunResult; pid: number }> {
    let pid = 0;
    const result = await runPack({ packDir: realPacks()[pack], resources, config: config as any, onSpawn: (p) => (pid = p), rpcTimeoutMs: 120_000 });
    return { result, pid };
}

describe("robustness: fuzzed resources through runPack against both real packs", function () {
    this.timeout(180_000);
    const batch = fuzzedBatch(SEED, BATCH);

    for (const pack of ["aks", "onprem"] as const) {
        // Every policy at remediate: each resource goes through Remediate, then Analyze of the
        // remediated props, then AnalyzeStack: every RPC a preview makes.
        it(`${pack}: ${BATCH} fuzzed resources, every policy at remediate: no crash, no engine error, pack gone`, async () => {
            const { result, pid } = await run(pack, batch, { all: "remediate" });
            assert.equal(result.resources.length, batch.length);
            for (const r of result.resources) assert.doesNotThrow(() => JSON.stringify(r.props));
            for (const v of result.violations) assert.equal(typeof v.message, "string");
            assert.ok(result.violations.some((v) => /can't run policy/.test(v.message)), "some fuzzed unknowns are reported as not verifiable");
            assert.ok(result.violations.some((v) => v.phase === "stack"), "stack policies ran");
            assert.equal(pidAlive(pid), false);
        });
    }

    it("huge resources (1000 containers, 3000 RBAC rules, 3000 NetworkPolicy rules, 1000 agent pools) are analyzed and reported by the aks pack", async () => {
        const containers = Array.from({ length: 1000 }, (_, i) => ({ name: `c${i}`, image: "nginx", securityContext: { privileged: true } }));
        const resources: EngineResource[] = [
            { urn: urn("kubernetes:apps/v1:Deployment", "big"), type: "kubernetes:apps/v1:Deployment", name: "big", props: { metadata: { name: "big", namespace: "apps" }, spec: { template: { spec: { containers } } } } },
            {
                urn: urn("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "wide"),
                type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
                name: "wide",
                props: { metadata: { name: "wide" }, rules: Array.from({ length: 3000 }, (_, i) => ({ apiGroups: [""], resources: [i % 2 ? "secrets" : "pods"], verbs: ["*"] })) },
            },
            {
                urn: urn("kubernetes:networking.k8s.io/v1:NetworkPolicy", "np"),
                type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                name: "np",
                props: { metadata: { name: "np", namespace: "apps" }, spec: { podSelector: {}, ingress: Array.from({ length: 3000 }, () => ({ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] })) } },
            },
            {
                urn: urn("azure-native:containerservice:ManagedCluster", "aks1"),
                type: "azure-native:containerservice:ManagedCluster",
                name: "aks1",
                props: { agentPoolProfiles: Array.from({ length: 1000 }, (_, i) => ({ name: `p${i}`, mode: "User", enableNodePublicIP: true })) },
            },
        ];
        for (const pack of ["aks"] as const) {
            const { result, pid } = await run(pack, resources);
            const privileged = result.violations.filter((v) => v.policy === "pss-privileged" && v.resource.name === "big");
            assert.ok(privileged.length >= 1, `${pack}: pss-privileged on 1000 containers`);
            assert.ok(privileged.some((v) => /c999/.test(v.message)), `${pack}: the last container is checked too`);
            assert.ok(result.violations.some((v) => v.policy === "disallow-rbac-wildcards"), `${pack}: wildcard verbs reported`);
            if (pack === "aks") assert.ok(result.violations.some((v) => v.policy === "aks-node-public-ip" && /p999/.test(v.message)));
            assert.equal(pidAlive(pid), false);
        }
    });

    it("huge on-prem documents (a ConfigMap with 5000 keys, cloud-init with 5000 write_files and users) are analyzed and reported by the onprem pack", async () => {
        const data: Record<string, string> = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, `value-${i}`]));
        data.kubelet = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";
        const cloudInit =
            "#cloud-config\nssh_pwauth: true\nwrite_files:\n" +
            Array.from({ length: 5000 }, (_, i) => `  - path: /etc/f${i}\n    content: x\n`).join("") +
            "users:\n" +
            Array.from({ length: 5000 }, (_, i) => `  - name: u${i}\n`).join("");
        const resources: EngineResource[] = [
            { urn: urn("kubernetes:core/v1:ConfigMap", "big"), type: "kubernetes:core/v1:ConfigMap", name: "big", props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big", namespace: "kube-system" }, data } },
            { urn: urn("proxmoxve:VM/virtualMachine:VirtualMachine", "n1"), type: "proxmoxve:VM/virtualMachine:VirtualMachine", name: "n1", props: { initialization: { userDataRaw: cloudInit } } },
        ];
        const { result, pid } = await run("onprem", resources);
        assert.ok(result.violations.some((v) => v.policy === "onprem-kubelet-anonymous-auth" && v.resource.name === "big"));
        assert.ok(result.violations.some((v) => v.policy === "onprem-cloud-init-ssh-access" && v.resource.name === "n1"));
        assert.equal(pidAlive(pid), false);
    });
});
