import { rbacRulePolicy } from "./rule-policy";
import { RuleFinding, findGrants, grants, grantsVerdict } from "../../../lib/rbac-rules";

/** Reading Secrets exposes every credential of their scope. */
export const restrictSecretsAccess = rbacRulePolicy<{ verbs: string[] }>(
    {
        name: "restrict-secrets-access",
        measure: "namespace.rbac-secrets-access",
        description:
            "Roles and ClusterRoles must not grant get, list or watch on Secrets beyond named ones. Reading Secrets discloses every credential and token they hold; list and watch return all of them at once. A rule with resourceNames reads only the Secrets it names (get, and list/watch by a metadata.name field selector) and passes; create on secrets cannot be scoped by name, so create together with any get is reported: it mints and reads the token of any ServiceAccount in scope. Pods receive the Secrets they mount without any RBAC grant, so people and controllers rarely need these verbs.",
        severity: "high",
        remediationSteps:
            "Remove get, list and watch on secrets from the rule, or name the Secrets the controller reads in resourceNames. Do not combine create on secrets with get: create the Secret from the pipeline instead.",
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
                // resourceNames narrows get, and list/watch too (the API server authorizes them by a
                // metadata.name field selector): such a rule reads only the Secrets it names.
                // Unknown resourceNames may or may not narrow it: every verb depends on them.
                if (r.resourceNames.length > 0) continue;
                if (r.unknown.resourceNames !== undefined) {
                    const any = verbs.map((v) => grantsVerdict(r, v, "", "secrets")).find((g) => g.tri !== false);
                    if (any) out.push({ rule: r, where: any.tri === true ? r.unknown.resourceNames : any.where });
                    continue;
                }
                out.push(...findGrants([r], { verbs, group: "", resources: ["secrets"] }));
            }
            // No name scopes create: whoever may create a Secret may create a
            // kubernetes.io/service-account-token Secret for any ServiceAccount in its scope, which the
            // control plane fills with that account's token; reading it back (by name) hands over the
            // most privileged account there.
            const create = rules.find((r) => grants(r, "create", "", "secrets"));
            const read = create && rules.find((r) => grants(r, "get", "", "secrets"));
            if (create && read && !out.some((f) => f.text !== undefined)) {
                out.push({
                    rule: create,
                    text: `${create.origin} grants create on secrets (which no resourceNames can scope) and ${read.origin} get on secrets: it can create a service-account-token Secret for any ServiceAccount in its scope and read the token the control plane writes into it, so it holds the most privileged account there`,
                });
            }
            return out;
        },
    },
);
