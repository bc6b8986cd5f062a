import { resourcePolicy } from "../../../lib/policy";
import { plain } from "../../../lib/stack-index";
import { deferUnknown } from "../../../lib/k8s";
import { BINDING_TYPES, all, describeSubjects, subjectIs, subjectsOf, unknownSubjectsOf } from "../../../lib/rbac-rules";

const SYSTEM_SUBJECTS: Record<string, string> = {
    "system:anonymous": "every unauthenticated request",
    "system:unauthenticated": "every unauthenticated request",
    "system:masters": "a group that bypasses RBAC entirely and cannot be revoked by removing bindings",
};

/** Bindings to anonymous/unauthenticated or system:masters. */
export const disallowSystemGroupBindings = resourcePolicy(
    {
        name: "disallow-system-group-bindings",
        measure: "namespace.rbac-system-groups",
        description:
            "RoleBindings and ClusterRoleBindings must not name system:anonymous or system:unauthenticated (anyone who can reach the API server) or system:masters (a group that bypasses authorisation) as subjects, whatever the role.",
        severity: "critical",
        remediationSteps:
            "Remove these subjects. Bind the role to the identity-provider groups or service accounts that need it.",
    },
    {
        types: BINDING_TYPES,
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            const bad = subjectsOf(props).filter((s) => (s.kind === "Group" || s.kind === "User") && isSystem(s.name));
            for (const s of bad) {
                report(`subjects names ${describeSubjects([s])}: ${SYSTEM_SUBJECTS[s.name]}.`);
            }
            // A subject unknown at preview may be one of them, unless its known kind or name rules it out.
            for (const s of unknownSubjectsOf(props)) {
                const v = all(subjectIs(s, "kind", (k) => k === "Group" || k === "User"), subjectIs(s, "name", isSystem));
                if (v.tri === "unknown" && v.where) deferUnknown(v.where.path);
                // Only its namespace is unknown, which a Group or User does not have.
                else if (v.tri === true) report(`subjects names ${String(s.kind)} "${String(s.name)}": ${SYSTEM_SUBJECTS[String(s.name)]}.`);
            }
        },
    },
);

function isSystem(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(SYSTEM_SUBJECTS, name);
}
