// Shared by the fuzz specs: run every applicable policy on one input and classify what escaped.
import { UnknownValueError } from "@pulumi/policy";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { K8S_WAIVER_PREFIX, AZURE_WAIVER_PREFIX } from "../../policypacks/lib/waivers";
import { runRemediation, runResourcePolicy, runStackPolicy, StackResourceInput, Violation } from "../helpers/policy-harness";
import { describeInput } from "./mutate";

export const waiverKeys = (policy: string) => ({ annotation: K8S_WAIVER_PREFIX + policy, tag: AZURE_WAIVER_PREFIX + policy });

/** Counters for the report. */
export const stats = { resourceInputs: 0, policyRuns: 0, remediationRuns: 0, stackInputs: 0, stackRuns: 0, advisoryUnknown: 0 };

export class PolicyCrash extends Error {}

function crash(policy: KslPolicy, what: string, input: string, e: unknown): PolicyCrash {
    const err = e as Error;
    const frame = (err?.stack ?? "").split("\n").find((l) => l.includes("/policypacks/")) ?? "";
    return new PolicyCrash(`${policy.name} ${what} threw ${err?.name}: ${err?.message} ${frame.trim()}\n  input: ${input}`);
}

/** Runs validation (and remediation, then validation of the remediated props) of each policy. */
export function runAllOn(policies: KslPolicy[], type: string, props: Record<string, any>): Violation[] {
    stats.resourceInputs++;
    const all: Violation[] = [];
    for (const p of policies) {
        stats.policyRuns++;
        try {
            const vs = runResourcePolicy(p, { type, props });
            for (const v of vs) {
                if (typeof v.message !== "string") throw new Error(`non-string message ${typeof v.message}`);
                if (/^can't run policy/.test(v.message)) stats.advisoryUnknown++;
            }
            all.push(...vs);
        } catch (e) {
            throw crash(p, "validateResource", describeInput(type, props), e);
        }
        if ((p as any).remediateResource) {
            stats.remediationRuns++;
            let fixed: Record<string, any> | undefined;
            try {
                fixed = runRemediation(p, { type, props });
            } catch (e) {
                // The SDK turns an UnknownValueError from a remediation into a preview diagnostic.
                if (!(e instanceof UnknownValueError)) throw crash(p, "remediateResource", describeInput(type, props), e);
            }
            if (fixed !== undefined) {
                if (fixed === null || typeof fixed !== "object" || Array.isArray(fixed)) {
                    throw crash(p, "remediateResource", describeInput(type, props), new Error(`returned ${JSON.stringify(fixed)?.slice(0, 80)}, not an object`));
                }
                try {
                    runResourcePolicy(p, { type, props: fixed });
                } catch (e) {
                    throw crash(p, "validateResource (of its own remediation)", describeInput(type, fixed), e);
                }
            }
        }
    }
    return all;
}

export function runStackAll(policies: KslPolicy[], resources: StackResourceInput[]): Violation[] {
    stats.stackInputs++;
    const out: Violation[] = [];
    for (const p of policies) {
        stats.stackRuns++;
        try {
            out.push(...runStackPolicy(p, resources));
        } catch (e) {
            throw crash(p, "validateStack", resources.map((r) => describeInput(r.type, r.props).slice(0, 200)).join(" | "), e);
        }
    }
    return out;
}
