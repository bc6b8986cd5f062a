// The examples on docs/policies/<policy>.md are inputs the test suite ran (recorded by
// `npm run docs:examples`, test/helpers/coverage.ts). Replayed here through the wire-format
// harness, so a page never shows an example the policy no longer judges as shown.
import { strict as assert } from "assert";
import { loadPolicyExamples } from "../../scripts/gen-measures-doc";
import type { PolicyExample } from "../../engine/policy-docs";
import { packPolicies } from "../../policypacks/packs";
import { PLATFORMS } from "../../policypacks/catalog/platforms";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { runResourcePolicyUnrecorded, runStackPolicyUnrecorded, type Violation } from "../helpers/policy-harness";
import { realFinding } from "../helpers/coverage";
import { COMPLIANT_BY_NOT_TARGETING } from "../helpers/registration-hook";
import { resetNamespaceRegistry } from "../../policypacks/lib/pod-security";

function replay(policy: KslPolicy, e: PolicyExample): Violation[] {
    const saved = process.env.KSL_TODAY;
    if (e.today) process.env.KSL_TODAY = e.today;
    resetNamespaceRegistry(); // an example stands alone: no Namespace seen before it
    try {
        return e.resources
            ? runStackPolicyUnrecorded(policy, e.resources, e.config)
            : runResourcePolicyUnrecorded(policy, { type: e.type!, props: e.props ?? {}, name: e.name, urn: e.urn, config: e.config, stackTags: e.stackTags });
    } finally {
        if (saved === undefined) delete process.env.KSL_TODAY;
        else process.env.KSL_TODAY = saved;
    }
}

describe("docs/policies/ examples (test/fixtures/policy-examples.json)", () => {
    const examples = loadPolicyExamples();
    // A policy in two packs is built once per pack; an example stands if one of them judges it as recorded.
    const instances = new Map<string, KslPolicy[]>();
    for (const platform of PLATFORMS) for (const p of packPolicies(platform)) instances.set(p.name, [...(instances.get(p.name) ?? []), p]);

    it("has a non-compliant and a compliant example for every pack policy, and none for anything else (run `npm run docs:examples`)", () => {
        const missing = [...instances.keys()].flatMap((n) => [
            ...(examples[n]?.nonCompliant ? [] : [`${n}: no non-compliant example`]),
            ...(examples[n]?.compliant || n in COMPLIANT_BY_NOT_TARGETING ? [] : [`${n}: no compliant example`]),
        ]);
        assert.deepEqual(missing, []);
        assert.deepEqual(Object.keys(examples).filter((n) => !instances.has(n)), [], "examples of removed policies");
    });

    it("every non-compliant example still reports the recorded finding, every compliant one nothing", () => {
        const wrong: string[] = [];
        for (const [name, ex] of Object.entries(examples)) {
            const policies = instances.get(name) ?? [];
            if (ex.nonCompliant && !policies.some((p) => realFinding(replay(p, ex.nonCompliant!)) === ex.nonCompliant!.finding)) wrong.push(`${name}: non-compliant example no longer reports '${ex.nonCompliant.finding}'`);
            if (ex.compliant && !policies.some((p) => replay(p, ex.compliant!).length === 0)) wrong.push(`${name}: compliant example now reports something`);
        }
        assert.deepEqual(wrong, []);
    });
});
