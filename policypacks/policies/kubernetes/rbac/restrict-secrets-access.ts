import { rbacRulePolicy } from "./rule-policy";
import { RuleFinding, findGrants, grantsVerdict } from "../../../lib/rbac-rules";

/** Reading Secrets exposes every credential of their scope. */
export const restrictSecretsAccess = rbacRulePolicy<{ verbs: string[] }>(
    {
        name: "restrict-secrets-access",
        measure: "namespace.rbac-secrets-access",
        description:
            "Roles and ClusterRoles must not grant get, list or watch on Secrets. Reading Secrets discloses every credential and token they hold; list and watch return all of them at once. Pods receive the Secrets they mount without any RBAC grant, so people and controllers rarely need these verbs.",
        severity: "high",
        remediationSteps:
            "Remove get, list and watch on secrets from the rule. If a controller must read one Secret, grant get with resourceNames naming it and waive this policy on that role with a justification.",
        configSchema: {
            properties: {
                verbs: { type: "array", items: { type: "string" }, default: ["get", "list", "watch"], description: "Verbs on secrets that count as reading them." },
            },
        },
    },
    {
        detect: (rules, ctx) => {
            const verbs = Array.isArray(ctx.config.verbs) ? ctx.config.verbs.filter((v) => typeof v === "string") : ["get", "list", "watch"];
            const out: RuleFinding[] = [];
            for (const r of rules) {
                // resourceNames narrows get to named Secrets; list/watch ignore resourceNames entirely.
                // Unknown resourceNames may or may not narrow get: only get depends on them.
                const named = r.resourceNames.length > 0;
                const mayName = !named && r.unknown.resourceNames !== undefined;
                const found = findGrants([r], { verbs: named || mayName ? verbs.filter((v) => v !== "get") : verbs, group: "", resources: ["secrets"] });
                out.push(...found);
                if (mayName && verbs.includes("get") && !found.some((f) => f.text !== undefined)) {
                    const get = grantsVerdict(r, "get", "", "secrets");
                    if (get.tri !== false) out.push({ rule: r, where: get.tri === true ? r.unknown.resourceNames : get.where });
                }
            }
            return out;
        },
    },
);
