// What the test tables exercised, per policy: runs through the harness are recorded as compliant
// (applicable, nothing reported) or non-compliant (a real, unwaived finding - not a "can't run
// during preview" advisory). The registration check (test/helpers/registration-hook.ts) reads it
// after the whole suite: a policy in a pack without both is untested.
//
// With KSL_RECORD_EXAMPLES=1 the runs also nominate examples for the policy reference: per policy
// the smallest compliant and the smallest non-compliant input (default config first, no secrets
// or unknowns), written to test/fixtures/policy-examples.json after the whole suite
// (`npm run docs:examples`) and replayed by test/catalog/policy-examples.spec.ts.
import { SECRET_SIG_KEY, UNKNOWN_WIRE_VALUE } from "../../policypacks/lib/wire";
import type { PolicyExample, PolicyExamples } from "../../engine/policy-docs";
import { namespaceEntry } from "../../policypacks/lib/pod-security";

export interface PolicyCoverage {
    compliant: boolean;
    nonCompliant: boolean;
}

export const coverage = new Map<string, PolicyCoverage>();

/** What a run was given, to nominate it as an example. */
export type ExampleInput = Omit<PolicyExample, "finding" | "today">;

const RECORDING = process.env.KSL_RECORD_EXAMPLES === "1";

/** The running test (set by the root hook): robustness tests feed odd input on purpose, never an example. */
let running = { file: "", title: "" };
export function setRunningTest(file: string | undefined, title: string | undefined): void {
    running = { file: file ?? "", title: title ?? "" };
}
const ODD_INPUT_TESTS = /robust|malformed|hostile|fuzz|garbage|wrong type|unknown/i;
/** policy → `<outcome>|<type>` → the best [rank, example] so far. */
const candidates = new Map<string, Map<string, [string, PolicyExample]>>();

/** The first real finding: unwaived, not a preview-unknown advisory. */
export function realFinding(findings: Array<{ message: string; waived: boolean }>): string | undefined {
    return findings.find((f) => !f.waived && !/can't run policy /.test(f.message))?.message;
}

export function recordRun(policy: string, findings: Array<{ message: string; waived: boolean }>, applicable: boolean, input?: ExampleInput): void {
    if (!applicable) return;
    const c = coverage.get(policy) ?? { compliant: false, nonCompliant: false };
    const finding = realFinding(findings);
    if (findings.length === 0) c.compliant = true;
    else if (finding !== undefined) c.nonCompliant = true;
    coverage.set(policy, c);
    if (RECORDING && input && (findings.length === 0 || finding !== undefined)) nominate(policy, findings.length === 0 ? "compliant" : "nonCompliant", input, finding);
}

/**
 * A reader can copy it: no nulls, no waivers (the example shows the policy, not its opt-out), no
 * canary values of the leak tests, and a Kubernetes object has a name and an object spec.
 */
function wellFormed(input: ExampleInput, json: string): boolean {
    if (json.includes(":null") || json.includes("[null") || /waivers\.ksl\.dev\/|ksl-waiver-|canary/i.test(json)) return false;
    // Structure where a structure belongs (the robustness tests feed `spec: "spec"` and the like).
    if (/"(spec|metadata|template|containers|rules|subjects|properties)":(?!\{|\[)/.test(json)) return false;
    const objects = input.resources ? input.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.props) : input.type?.startsWith("kubernetes:") ? [input.props] : [];
    const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
    return objects.every((o: any) => typeof o?.metadata?.name === "string" && (o.spec === undefined || isObject(o.spec)));
}

/** The kinds (last segment of the type token) in a stack example, sorted. */
function kindsOf(input: ExampleInput): string[] {
    return [...new Set((input.resources ?? []).map((r) => r.type.split(":").pop()!))].sort();
}

/** A compliant example matches a non-compliant one: the same type, or a stack holding all its kinds. */
function matches(compliantKey: string, nonCompliantKey: string | undefined): boolean {
    if (!nonCompliantKey) return false;
    const c = compliantKey.slice("compliant|".length);
    const n = nonCompliantKey.slice("nonCompliant|".length);
    if (!c.startsWith("stack:") || !n.startsWith("stack:")) return c === n;
    const have = new Set(c.slice(6).split(","));
    return n.slice(6).split(",").every((k) => have.has(k));
}

function nominate(policy: string, outcome: "compliant" | "nonCompliant", input: ExampleInput, finding: string | undefined): void {
    const json = JSON.stringify(input);
    if (json.includes(SECRET_SIG_KEY) || json.includes(UNKNOWN_WIRE_VALUE)) return; // a reader cannot copy these
    if (ODD_INPUT_TESTS.test(running.file) || ODD_INPUT_TESTS.test(running.title)) return;
    // A workload judged by the labels of a Namespace the pack saw earlier: not self-contained.
    const ns = (input.props as any)?.metadata?.namespace;
    if (!input.resources && typeof ns === "string" && namespaceEntry(ns) !== undefined) return;
    const configured = Object.keys(input.config ?? {}).filter((k) => k !== "enforcementLevel").length > 0 || input.stackTags !== undefined;
    // Rank: default config before configured, well-formed before odd, then shorter, then lexically
    // (the same pick whatever the test order). Kept per type, so the compliant example can be of
    // the non-compliant one's type.
    const rank = `${configured ? 1 : 0}${wellFormed(input, json) ? 0 : 1}:${String(json.length).padStart(9, "0")}:${json}`;
    const key = `${outcome}|${input.resources ? `stack:${kindsOf(input).join(",")}` : input.type}`;
    const slot = candidates.get(policy) ?? new Map<string, [string, PolicyExample]>();
    const held = slot.get(key);
    if (held && held[0] <= rank) return;
    const example: PolicyExample = { ...JSON.parse(json), ...(finding !== undefined ? { finding } : {}), ...(process.env.KSL_TODAY ? { today: process.env.KSL_TODAY } : {}) };
    slot.set(key, [rank, example]);
    candidates.set(policy, slot);
}

/** The examples nominated so far, by policy name (sorted, for a stable file). */
export function recordedExamples(): PolicyExamples {
    const out: PolicyExamples = {};
    const best = (held: Array<[string, [string, PolicyExample]]>) => held.sort((a, b) => (a[1][0] < b[1][0] ? -1 : 1))[0];
    for (const name of [...candidates.keys()].sort()) {
        const slot = [...candidates.get(name)!];
        const nc = best(slot.filter(([k]) => k.startsWith("nonCompliant|")));
        const compliant = slot.filter(([k]) => k.startsWith("compliant|"));
        // Of the compliant ones: default config and well-formed first, then matching the non-compliant one.
        const c = best(compliant.map(([k, [rank, e]]): [string, [string, PolicyExample]] => [k, [`${rank.slice(0, 2)}${matches(k, nc?.[0]) ? 0 : 1}${rank}`, e]]));
        out[name] = { ...(c ? { compliant: c[1][1] } : {}), ...(nc ? { nonCompliant: nc[1][1] } : {}) };
    }
    return out;
}
