import { withCause } from "../../../lib/cause";
import { stackPolicy } from "../../../lib/policy";
import { StackIndex, describe } from "../../../lib/stack-index";
import {
    BINDING_TYPES,
    NO,
    RoleTarget,
    Verdict,
    YES,
    all,
    any,
    defer,
    describeSubjects,
    effectiveRules,
    fullWildcard,
    maybe,
    resolveRoleRef,
    roleLabel,
    subjectIs,
    subjectsOf,
    unknownSubjectsOf,
} from "../../../lib/rbac-rules";

/**
 * cluster-admin (or any role equal to it: "*" on "*" in "*") bound to anyone but a named
 * break-glass group. Resolves in-stack roles, so a home-made cluster-admin is caught too.
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
                const admin = isAdmin(t, idx);
                if (admin.tri === false) continue;
                const owner = describe(b, idx.nsOf(b));
                const subs = subjectsOf(b.props);
                const offending = subs.filter((s) => !(s.kind === "Group" && allowed.has(s.name)));
                // A subject not known at preview: offending if its known part rules out a break-glass group.
                const breakGlass = unknownSubjectsOf(b.props, owner).map((s) => all(subjectIs(s, "kind", (k) => k === "Group"), subjectIs(s, "name", (n) => allowed.has(n))));
                const surelyOffending = breakGlass.filter((v) => v.tri === false).length;
                const undecided = breakGlass.find((v) => v.tri === "unknown")?.where;
                const offends = offending.length > 0 || surelyOffending > 0 || (subs.length === 0 && breakGlass.length === 0);
                if (admin.tri === "unknown") {
                    if (offends || undecided) defer(admin.where);
                    continue;
                }
                defer(undecided);
                if (!offends) continue;
                const equiv = t.kind !== "unknown" && t.refName === "cluster-admin" ? "" : " (equivalent to cluster-admin)";
                const message = `${owner} binds ${t.kind !== "unknown" ? roleLabel(t) : "its role"}${equiv} to ${describeSubjects(offending, surelyOffending)}, which is not a configured break-glass group.`;
                // A role of the stack whose wildcard rules make it cluster-admin: the same root cause the rule policies report on it.
                report(b.r, t.kind === "stack" ? withCause(message, `the rules of ${describe(t.item, idx.nsOf(t.item))}`) : message);
            }
        },
    },
);

/** Whether a roleRef grants cluster-admin: by name, or a stack role with a "*" on "*" in "*" rule. */
function isAdmin(t: RoleTarget, idx: StackIndex): Verdict {
    if (t.kind === "unknown") return maybe(t.where);
    if (t.refKind === "ClusterRole" && t.refName === "cluster-admin") return YES;
    if (t.kind === "stack") return any(effectiveRules(t.item, idx).map(fullWildcard));
    if (t.kind === "external") {
        // A stack role whose name is unknown at preview may be the one the roleRef names.
        const c = t.candidates.find((x) => any(effectiveRules(x.item, idx).map(fullWildcard)).tri !== false);
        return c ? maybe(c.where) : NO;
    }
    return NO;
}
