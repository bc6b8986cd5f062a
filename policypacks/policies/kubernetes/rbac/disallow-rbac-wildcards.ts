import { rbacRulePolicy } from "./rule-policy";
import { RuleFinding, Where } from "../../../lib/rbac-rules";

/**
 * Wildcards in RBAC rules grant every present and future verb, resource or API group, including
 * ones added later by CRDs. Rows 57 of the peer checks (Kyverno restrict-wildcard-verbs/-resources,
 * kube-linter wildcard-in-rules, Checkov CKV_K8S_49, kubescape C-0187).
 */
export const disallowRbacWildcards = rbacRulePolicy(
    {
        name: "disallow-rbac-wildcards",
        measure: "namespace.rbac-wildcards",
        description:
            "Roles and ClusterRoles must not use \"*\" in verbs, resources, apiGroups or nonResourceURLs. A wildcard grants every current and future permission of its kind, so least privilege cannot be reviewed. Bindings that hand such a role to subjects are reported too.",
        severity: "high",
        remediationSteps:
            "List the verbs, resources and API groups the subject needs explicitly (for example verbs [\"get\", \"list\"] on resources [\"configmaps\"] in apiGroups [\"\"]).",
    },
    {
        detect: (rules) => {
            const out: RuleFinding[] = [];
            for (const r of rules) {
                const all = ["verbs", "resources", "apiGroups", "nonResourceURLs"] as const;
                const fields = all.filter((f) => r[f].includes("*"));
                // A known "*" decides; otherwise an unknown field (or an unknown condition) may hold one.
                const where: Where | undefined = all.map((f) => r.unknown[f]).find((w) => w !== undefined);
                if (fields.length && !r.cond) out.push({ rule: r, text: `${r.origin} uses "*" in ${fields.join(", ")}` });
                else if (fields.length || where) out.push({ rule: r, where: fields.length ? r.cond : where });
            }
            return out;
        },
    },
);
