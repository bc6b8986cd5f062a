// Property-based fuzzing of every policy of both packs (issue "Robustness"): realistic seeds of each
// targeted type, mutated (deleted fields, nulls, wrong types, deep nesting, UNKNOWN and secrets at
// any path, unicode/empty strings, garbage waivers), through the harness that runs policies exactly
// as @pulumi/policy does. An UnknownValueError is the SDK's advisory "can't run … during preview";
// any other exception is a bug. Fixed seed, bounded runs; KSL_FUZZ_RUNS raises the bound.
import { strict as assert } from "assert";
import fc from "fast-check";
import { allPolicies, allSeeds, appliesTo, fuzzTypes, resourcePolicies, Seed, seedsOf, stackPolicies, targetTypes } from "./seeds";
import { applyMutations, Mutation, mutationsArb } from "./mutate";
import { runAllOn, runStackAll, stats, waiverKeys } from "./fuzz";
import type { StackResourceInput } from "../helpers/policy-harness";
import { secret, UNKNOWN } from "../helpers/policy-harness";

const RUNS = Number(process.env.KSL_FUZZ_RUNS ?? 15);
const SEED = Number(process.env.KSL_FUZZ_SEED ?? 20260601);
const names = allPolicies().map((p) => p.name);

// Root hook: the counts of the whole run (for the report).
after(() => {
    // eslint-disable-next-line no-console
    if (process.env.KSL_FUZZ_STATS) console.log("policy fuzz:", JSON.stringify(stats));
});

function seedsFor(type: string): Seed[] {
    const s = seedsOf(type);
    return s.length ? s : [{ type, name: "x", props: { apiVersion: "v1", kind: type.split(":").pop(), metadata: { name: "x" } } }];
}

describe("robustness: every resource policy on fuzzed resources of each type it targets", function () {
    const covered = new Map<string, Set<string>>();

    for (const type of fuzzTypes()) {
        const policies = resourcePolicies().filter((p) => appliesTo(p, type));
        if (policies.length === 0) continue;
        it(`${type}: ${policies.length} policies, no exception but UnknownValueError`, () => {
            const seeds = seedsFor(type);
            fc.assert(
                fc.property(fc.nat(), mutationsArb(names, false), (si, ms) => {
                    runAllOn(policies, type, applyMutations(seeds[si % seeds.length].props, ms, waiverKeys));
                }),
                { seed: SEED, numRuns: RUNS },
            );
            for (const p of policies) (covered.get(p.name) ?? covered.set(p.name, new Set()).get(p.name)!).add(type);
        });
    }

    it("covered every resource policy on every type it targets, and `*` policies on every seed type", () => {
        for (const p of resourcePolicies()) {
            const got = covered.get(p.name) ?? new Set();
            const want = p.ksl.types.includes("*") ? fuzzTypes() : targetTypes(p);
            assert.deepEqual(want.filter((t) => !got.has(t)), [], p.name);
        }
    });
});

// Thousands of containers, rules, keys and pools run through the real packs (engine-fuzz.spec.ts),
// where a resource is decoded once for all policies; here, deep nesting in every field policies read.
describe("robustness: deeply nested inputs", () => {
    it("a resource nested 80 levels deep in every field a policy reads does not throw", () => {
        let deep: unknown = "x";
        for (let i = 0; i < 80; i++) deep = { a: deep };
        for (const type of ["kubernetes:core/v1:Pod", "kubernetes:core/v1:ConfigMap", "azure-native:containerservice:ManagedCluster"]) {
            runAllOn(resourcePolicies().filter((p) => appliesTo(p, type)), type, { metadata: deep, spec: deep, data: { k: JSON.stringify(deep) }, properties: deep });
        }
    });
});

describe("robustness: every stack policy on random mixes of fuzzed resources", () => {
    const seeds = allSeeds();
    const entry = fc.record({ si: fc.nat(), ms: fc.oneof(fc.constant<Mutation[]>([]), mutationsArb(names, false, 3)), parent: fc.option(fc.nat()), deps: fc.array(fc.nat(), { maxLength: 3 }) });

    it(`${stackPolicies().length} stack policies: no exception but UnknownValueError`, () => {
        fc.assert(
            fc.property(fc.array(entry, { maxLength: 14 }), (entries) => {
                const resources: StackResourceInput[] = entries.map((e, i) => {
                    const s = seeds[e.si % seeds.length];
                    return { type: s.type, name: `${s.name}-${i}`, props: applyMutations(s.props, e.ms, waiverKeys) };
                });
                entries.forEach((e, i) => {
                    if (e.parent !== null && resources.length) resources[i].parent = resources[e.parent % resources.length].name;
                    resources[i].dependencies = e.deps.filter(() => resources.length).map((d) => resources[d % resources.length].name);
                });
                runStackAll(stackPolicies(), resources);
            }),
            { seed: SEED, numRuns: RUNS * 4 },
        );
    });

    it("stack policies over thousands of resources, all-unknown resources and secret-wrapped props", () => {
        const many: StackResourceInput[] = [];
        for (let i = 0; i < 1000; i++) {
            const s = seeds[i % seeds.length];
            many.push({ type: s.type, name: `${s.name}-${i}`, props: s.props });
        }
        runStackAll(stackPolicies(), many);
        runStackAll(stackPolicies(), seeds.map((s, i) => ({ type: s.type, name: `u${i}`, props: Object.fromEntries(Object.keys(s.props).map((k) => [k, UNKNOWN])) })));
        runStackAll(stackPolicies(), seeds.map((s, i) => ({ type: s.type, name: `s${i}`, props: Object.fromEntries(Object.entries(s.props).map(([k, v]) => [k, secret(v)])) })));
    });
});
