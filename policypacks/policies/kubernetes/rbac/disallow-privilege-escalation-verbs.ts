import { rbacRulePolicy } from "./rule-policy";
import { findGrants } from "../../../lib/rbac-rules";

/** escalate/bind/impersonate bypass RBAC's own escalation prevention. */
export const disallowPrivilegeEscalationVerbs = rbacRulePolicy(
    {
        name: "disallow-privilege-escalation-verbs",
        measure: "namespace.rbac-privilege-escalation",
        description:
            "Roles and ClusterRoles must not grant escalate or bind on roles and clusterroles, or impersonate on users, groups, service accounts, uids or user extras. RBAC normally stops a subject from granting permissions it does not hold; these verbs switch that protection off, and impersonation lets the holder act as anyone it may impersonate.",
        severity: "critical",
        remediationSteps:
            "Remove escalate, bind and impersonate. Let an administrator create the Role and the RoleBinding; grant impersonation only to a dedicated break-glass identity, waived with a justification.",
    },
    {
        detect: (rules) => [
            ...findGrants(rules, { verbs: ["escalate", "bind"], group: "rbac.authorization.k8s.io", resources: ["roles", "clusterroles"] }),
            ...findGrants(rules, { verbs: ["impersonate"], group: "", resources: ["users", "groups", "serviceaccounts"] }),
            ...findGrants(rules, { verbs: ["impersonate"], group: "authentication.k8s.io", resources: ["uids", "userextras/scopes"] }),
        ],
    },
);
