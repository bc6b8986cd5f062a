import { T } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { StackIndex, describe } from "../../../lib/stack-index";
import { AGGREGATE_LABELS, RoleTarget, UNKNOWN, Where, defer, resolveRoleRef } from "../../../lib/rbac-rules";

/** The built-in roles Kubernetes writes for administering one namespace (its user-facing roles). */
const NAMESPACE_ADMIN_ROLES = new Set(["admin", "edit"]);

/**
 * The namespace-administration role a binding grants, if any: built-in admin or edit, or a stack
 * ClusterRole its author aggregates into them (which declares it part of namespace administration).
 */
function namespaceAdminRole(t: RoleTarget, idx: StackIndex): string | Where | undefined {
    if (t.kind === "unknown" || t.refKind !== "ClusterRole") return undefined;
    if (t.kind === "builtin") return NAMESPACE_ADMIN_ROLES.has(t.refName) ? `built-in ClusterRole "${t.refName}"` : undefined;
    if (t.kind !== "stack") return undefined;
    const meta = t.item.props?.metadata;
    const labels = meta?.labels ?? {};
    const resource = describe(t.item, idx.nsOf(t.item));
    if (meta === UNKNOWN || labels === UNKNOWN) return { path: "metadata.labels", resource };
    const unknownLabel = Object.keys(AGGREGATE_LABELS).find((l) => labels[l] === UNKNOWN);
    if (unknownLabel) return { path: `metadata.labels["${unknownLabel}"]`, resource };
    const into = Object.entries(AGGREGATE_LABELS).find(([label, role]) => NAMESPACE_ADMIN_ROLES.has(role) && labels[label] === "true");
    return into ? `ClusterRole "${t.refName}" (aggregated into built-in "${into[1]}")` : undefined;
}

/**
 * A namespace administration role bound cluster-wide (advisory). Judged by what the role grants, not
 * by where the subjects live: a controller bound cluster-wide to a role of its own is acting on every
 * namespace by design, and what that role grants (Secrets, workloads, exec, escalation, wildcards)
 * is judged by the policies for those grants.
 */
export const restrictClusterRoleBindingScope = stackPolicy(
    {
        name: "restrict-cluster-role-binding-scope",
        measure: "namespace.rbac-binding-scope",
        description:
            "A ClusterRoleBinding must not grant a namespace administration role (built-in admin or edit, or a ClusterRole aggregated into them). Those roles write every workload and read every Secret of a namespace, and Kubernetes writes them to be granted per namespace with a RoleBinding; bound cluster-wide they reach every namespace, kube-system and future ones included. A controller bound cluster-wide to a role of its own passes: acting on every namespace is its duty, and what its role grants is judged by the policies for those grants.",
        severity: "low",
        remediationSteps:
            "Replace the ClusterRoleBinding with a RoleBinding of the same ClusterRole in each namespace the subjects administer (a RoleBinding may reference a ClusterRole); HardenedNamespace binds its admin groups that way.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const b of idx.ofType(T.ClusterRoleBinding)) {
                const t = resolveRoleRef(b, idx);
                if (!t) continue;
                if (t.kind === "unknown") {
                    defer(t.where);
                    continue;
                }
                const role = namespaceAdminRole(t, idx);
                if (!role) continue;
                if (typeof role !== "string") {
                    defer(role);
                    continue;
                }
                report(
                    b.r,
                    `${describe(b)} grants ${role} in every namespace, including kube-system and future ones: a namespace administration role belongs in a RoleBinding in each namespace its subjects administer.`,
                );
            }
        },
    },
);
