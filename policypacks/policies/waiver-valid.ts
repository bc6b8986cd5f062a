import { KslPolicy, resourcePolicy } from "../lib/policy";
import { checkWaiverValue, listWaivers, waiverSource } from "../lib/waivers";

/**
 * Every waiver must name a policy of this pack, carry a justification and an expiry no more than
 * maxDays ahead. An invalid waiver waives nothing (the original violation stands) and is itself a
 * violation, so a stale exception cannot linger silently.
 */
export function waiverValid(packPolicyNames: readonly string[]): KslPolicy {
    const known = new Set(packPolicyNames);
    return resourcePolicy<{ maxDays: number }>(
        {
            name: "waiver-valid",
            measure: "cluster.policy-controller",
            description:
                "Waivers must name a policy of this pack and carry a justification and an expiry date at most maxDays ahead. An invalid or expired waiver waives nothing.",
            severity: "high",
            remediationSteps:
                "Write the waiver as `expires=YYYY-MM-DD; justification=<why>` (annotation `waivers.ksl.dev/<policy>` on Kubernetes objects, tag `ksl-waiver-<policy>` on Azure resources), renew it before it expires, or fix the underlying violation and remove the waiver.",
            configSchema: { properties: { maxDays: { type: "integer", minimum: 1, default: 366, description: "Furthest expiry a waiver may have, in days from today." } } },
        },
        {
            types: ["*"],
            validate: (props, ctx, report) => {
                for (const [name, value] of listWaivers(waiverSource(ctx.type, props))) {
                    if (!known.has(name)) {
                        report(`waiver for unknown policy '${name}' waives nothing (check the policy name).`);
                        continue;
                    }
                    const v = checkWaiverValue(value, ctx.config.maxDays);
                    if (v.kind === "invalid") report(`waiver for '${name}' ${v.reason}; the violation it covers is reported unwaived.`);
                }
            },
        },
    );
}
