import { rbacRulePolicy } from "./rule-policy";
import { findGrants } from "./rules";

/** Reading Secrets exposes every credential of their scope (peer checks row 59). */
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
        detect: (rules, ctx) =>
            findGrants(
                rules.filter((r) => r.resourceNames.length === 0),
                { verbs: ctx.config.verbs ?? ["get", "list", "watch"], group: "", resources: ["secrets"] },
            ).concat(
                // resourceNames narrows get to named Secrets; list/watch ignore resourceNames entirely.
                findGrants(
                    rules.filter((r) => r.resourceNames.length > 0),
                    { verbs: (ctx.config.verbs ?? ["list", "watch"]).filter((v) => v !== "get"), group: "", resources: ["secrets"] },
                ),
            ),
    },
);
