// Table-driven policy cases over pod-carrying kinds: each case mutates the hardened fixture and
// states whether the policy must fire (and what the message must say).
import { strict as assert } from "assert";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { runResourcePolicy, Violation } from "../helpers/policy-harness";
import { hardened, POD_KINDS, shortKind, TODAY, WrapOptions } from "./kinds";
import { pinToday } from "../helpers/today";

export interface PodCase {
    title: string;
    mutate?: (spec: any) => void;
    opts?: WrapOptions;
    config?: Record<string, unknown>;
    /** Number of violations expected (0: compliant). */
    fires: number;
    /** Every message must match. */
    match?: RegExp;
}

export function run(policy: KslPolicy, type: string, props: Record<string, any>, config?: Record<string, unknown>): Violation[] {
    return runResourcePolicy(policy, { type, props, config, name: "web" });
}

/** Registers one mocha test per (case, kind). */
export function podCases(policy: KslPolicy, cases: PodCase[], kinds: readonly string[] = POD_KINDS): void {
    describe(policy.name, () => {
        pinToday(TODAY);
        for (const c of cases) {
            for (const kind of kinds) {
                it(`${c.fires ? "rejects" : "accepts"} ${c.title} (${shortKind(kind)})`, () => {
                    const vs = run(policy, kind, hardened(kind, c.mutate, c.opts), c.config);
                    assert.equal(vs.length, c.fires, vs.map((v) => v.message).join("\n"));
                    for (const v of vs) {
                        assert.equal(v.waived, false);
                        if (c.match) assert.match(v.message, c.match);
                    }
                });
            }
        }
    });
}
