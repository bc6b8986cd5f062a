import { stackPolicy } from "../../../lib/policy";
import { StackIndex, describe } from "../namespace/stack";
import { BINDING_TYPES, describeSubjects, effectiveRules, isFullWildcard, resolveRoleRef, roleLabel, subjectsOf } from "./rules";

/**
 * cluster-admin (or any role equal to it: "*" on "*" in "*") bound to anyone but a named
 * break-glass group (row 58). Resolves in-stack roles, so a home-made cluster-admin is caught too.
 */
export const disallowClusterAdminBindings = stackPolicy<{ breakGlassGroups: string[] }>(
    {
        name: "disallow-cluster-admin-bindings",
        measure: "namespace.rbac-cluster-admin",
        description:
            "RoleBindings and ClusterRoleBindings must not grant cluster-admin, or a role of the stack equivalent to it (\"*\" verbs on \"*\" resources in \"*\" API groups), except to the break-glass groups listed in the configuration. cluster-admin bypasses every authorisation decision; a RoleBinding to it still gives full control of the namespace, including its Secrets and RBAC.",
        severity: "critical",
        remediationSteps:
            "Bind a least-privilege role instead (the built-in view or edit, or a Role listing the needed permissions). Keep cluster-admin for an identity-provider break-glass group and add its name (for AKS an Entra ID group object id) to breakGlassGroups.",
        configSchema: {
            properties: {
                breakGlassGroups: {
                    type: "array",
                    items: { type: "string" },
                    default: [],
                    description: "Group names (or Entra ID group object ids) that may hold cluster-admin.",
                },
            },
        },
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.of(args.resources);
            const allowed = new Set(Array.isArray(config.breakGlassGroups) ? config.breakGlassGroups : []);
            for (const b of idx.ofType(...BINDING_TYPES)) {
                const t = resolveRoleRef(b, idx);
                if (!t) continue;
                const isAdmin =
                    (t.refKind === "ClusterRole" && t.refName === "cluster-admin") ||
                    (t.kind === "stack" && effectiveRules(t.item, idx).some(isFullWildcard));
                if (!isAdmin) continue;
                const subs = subjectsOf(b.props);
                const offending = subs.filter((s) => !(s.kind === "Group" && allowed.has(s.name)));
                if (subs.length > 0 && offending.length === 0) continue;
                const equiv = t.refName === "cluster-admin" ? "" : " (equivalent to cluster-admin)";
                report(b.r, `${describe(b, idx.nsOf(b))} binds ${roleLabel(t)}${equiv} to ${describeSubjects(offending)}, which is not a configured break-glass group.`);
            }
        },
    },
);
