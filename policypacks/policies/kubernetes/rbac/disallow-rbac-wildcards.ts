import { rbacRulePolicy } from "./rule-policy";

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
            const out: string[] = [];
            for (const r of rules) {
                const fields = (["verbs", "resources", "apiGroups", "nonResourceURLs"] as const).filter((f) => r[f].includes("*"));
                if (fields.length) out.push(`${r.origin} uses "*" in ${fields.join(", ")}`);
            }
            return out;
        },
    },
);
