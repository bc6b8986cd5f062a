// The example workloads: every workload (pss-* and beyond), supply-chain and data policy fires on
// the insecure manifests and on the insecure stack program; none fires on the hardened manifests.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { k8sType } from "../../policypacks/lib/k8s";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { resetNamespaceRegistry } from "../../policypacks/lib/pod-security";
import { workloadPolicies } from "../../policypacks/policies/kubernetes/workload";
import { supplyChainPolicies } from "../../policypacks/policies/kubernetes/supply-chain";
import { dataPolicies } from "../../policypacks/policies/kubernetes/data";
import { runResourcePolicy, runStackPolicy, Violation } from "../helpers/policy-harness";
import { installMocks, recorded, valueOf } from "../helpers/mocks";
import { pinToday } from "../helpers/today";

const policies: KslPolicy[] = [...workloadPolicies, ...supplyChainPolicies, ...dataPolicies];
const ROOT = path.join(__dirname, "..", "..");
const CANARIES = ["Insecure-Example-Canary-1", "Insecure-Example-Canary-2", "Insecure-Example-Canary-3"];
/** Dates in the hardened example's supply-chain evidence are judged against this day. */
const EVIDENCE_DAY = "2026-11-23";

interface Res {
    type: string;
    name: string;
    props: Record<string, any>;
    urn?: string;
}

/** Manifest files reach the packs as `ksl scan` sends them: in the scan stack. */
function loadYaml(rel: string): Res[] {
    const text = fs.readFileSync(path.join(ROOT, rel), "utf8");
    return parseAllDocuments(text)
        .map((d) => d.toJSON())
        .filter((o) => o && typeof o === "object" && typeof o.kind === "string")
        .map((o) => ({ type: k8sType(o.apiVersion, o.kind), name: o.metadata?.name ?? o.kind, props: o, urn: `urn:pulumi:scan::manifests::${k8sType(o.apiVersion, o.kind)}::${o.metadata?.name ?? o.kind}` }));
}

/** Runs every policy over the resources in order (Namespaces first, as the engine sends them). */
function runAll(resources: Res[], configs: Record<string, Record<string, unknown>> = {}): Map<string, Violation[]> {
    resetNamespaceRegistry();
    const ordered = [...resources.filter((r) => r.type.endsWith(":Namespace")), ...resources.filter((r) => !r.type.endsWith(":Namespace"))];
    const out = new Map<string, Violation[]>(policies.map((p) => [p.name, []]));
    // Namespaces are recorded by any resource policy that sees them; feed them to all first.
    for (const r of ordered) {
        for (const p of policies) {
            if ((p as any).validateStack) continue;
            out.get(p.name)!.push(...runResourcePolicy(p, { type: r.type, props: r.props, name: r.name, urn: r.urn, config: configs[p.name] }));
        }
    }
    for (const p of policies) {
        if ((p as any).validateStack) out.get(p.name)!.push(...runStackPolicy(p, resources.map((r) => ({ type: r.type, props: r.props, name: r.name })), configs[p.name]));
    }
    return out;
}

function assertEveryPolicyFires(results: Map<string, Violation[]>, notApplicable: string[] = []) {
    const silent = [...results].filter(([n, vs]) => !notApplicable.includes(n) && vs.filter((v) => !/can't run policy/.test(v.message)).length === 0).map(([n]) => n);
    assert.deepEqual(silent, [], `policies that did not fire: ${silent.join(", ")}`);
    for (const vs of results.values()) for (const v of vs) for (const c of CANARIES) assert.ok(!v.message.includes(c), `value leaked: ${v.message}`);
}

describe("example workloads", () => {
    pinToday(EVIDENCE_DAY);
    after(() => resetNamespaceRegistry());

    it("checks a non-trivial set of policies (pss-* included)", () => {
        assert.ok(policies.length >= 40, `${policies.length}`);
        assert.ok(policies.some((p) => p.name.startsWith("pss-")));
    });

    it("insecure manifests: every workload, supply-chain and data policy fires", () => {
        assertEveryPolicyFires(runAll(loadYaml("examples/manifests/insecure/workloads.yaml")));
    });

    it("hardened manifests: no workload, supply-chain or data policy fires", () => {
        const resources = loadYaml("examples/manifests/hardened/workloads.yaml");
        assert.deepEqual(resources.map((r) => r.type.split(":").pop()), ["Namespace", "ServiceAccount", "Deployment", "PodDisruptionBudget", "ExternalSecret"]);
        // A well-run platform names the registries it trusts; without the list, each image is named as advice.
        const trusted = { "restrict-image-registries": { allowedRegistries: ["ghcr.io/acme"] } };
        const fired = [...runAll(resources, trusted)].filter(([, vs]) => vs.length > 0).map(([n, vs]) => `${n}: ${vs.map((v) => v.message.split("\n").pop()).join(" | ")}`);
        assert.deepEqual(fired, []);
        const unconfigured = [...runAll(resources)].flatMap(([, vs]) => vs);
        assert.deepEqual(unconfigured.map((v) => `${v.policy} ${v.enforcementLevel}`), ["restrict-image-registries advisory"]);
    });

    it("insecure stack program (stacks/insecure/workloads.ts): every policy fires", async () => {
        installMocks("ksl", "insecure");
        const mod = await import("../../stacks/insecure/workloads");
        await Promise.all(Object.values(mod).map((r: any) => valueOf(r.urn)));
        const resources: Res[] = recorded
            .filter((r) => r.type.startsWith("kubernetes:"))
            .map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
        assert.equal(resources.length, 13);
        // A Secret a program declares is judged by where its values come from, not as a committed file.
        assertEveryPolicyFires(runAll(resources), ["disallow-plaintext-secret-manifests"]);
    });
});
