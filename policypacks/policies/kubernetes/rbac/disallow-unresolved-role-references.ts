import { stackPolicy } from "../../../lib/policy";
import { T } from "../../../lib/k8s";
import { StackIndex, describe } from "../../../lib/stack-index";
import { BINDING_TYPES, defer, describeSubjects, resolveRoleRef, subjectsOf, unknownSubjectsOf } from "../../../lib/rbac-rules";

/**
 * Roles Kubernetes itself creates: every `system:` ClusterRole (the prefix is reserved for the
 * bootstrap policy), and the namespaced Roles the control plane keeps in kube-system and kube-public.
 */
function isBuiltinRole(kind: string, name: string, namespace: string | undefined): boolean {
    if (name.startsWith("system:")) return true;
    return kind === "Role" && namespace === "kube-system" && name === "extension-apiserver-authentication-reader";
}

/**
 * A binding to a role that is neither in the stack nor built in grants permissions nobody reviews
 * with it, and silently activates whenever someone creates a role of that name.
 */
export const disallowUnresolvedRoleReferences = stackPolicy(
    {
        name: "disallow-unresolved-role-references",
        measure: "namespace.rbac-binding-scope",
        description:
            "A RoleBinding or ClusterRoleBinding must bind a role the stack defines or a role Kubernetes creates itself (admin, edit, view, cluster-admin, the system: roles, kube-system/extension-apiserver-authentication-reader). A binding to any other role grants permissions that cannot be verified with it, and activates - with whatever rules that role then has - as soon as someone creates a role of that name.",
        severity: "medium",
        remediationSteps:
            "Define the role in the same stack as its binding, or bind a built-in role. If the role is provisioned elsewhere on purpose, waive this policy on the binding with the owner named in the justification.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const b of idx.ofType(...BINDING_TYPES)) {
                const target = resolveRoleRef(b, idx);
                if (target?.kind === "unknown") {
                    defer(target.where); // not checkable during preview, never a silent pass
                    continue;
                }
                // A stack role whose name is unknown at preview may be the one meant: judged by its own checks.
                if (!target || target.kind !== "external" || target.candidates.length) continue;
                const ns = idx.nsOf(b);
                const nsName = b.type === T.RoleBinding && ns.kind === "known" ? ns.name : undefined;
                if (isBuiltinRole(target.refKind, target.refName, nsName)) continue;
                report(
                    b.r,
                    `${describe(b, ns)} binds ${target.refKind} "${target.refName}" to ${describeSubjects(subjectsOf(b.props), unknownSubjectsOf(b.props).length)}, but that ${target.refKind} is neither in the stack nor built into Kubernetes: its permissions cannot be verified, and it grants whatever a role of that name will hold.`,
                );
            }
        },
    },
);
