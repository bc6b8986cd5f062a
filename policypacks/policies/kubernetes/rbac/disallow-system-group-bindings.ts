import { resourcePolicy } from "../../../lib/policy";
import { plain } from "../namespace/stack";
import { BINDING_TYPES, describeSubjects, subjectsOf } from "./rules";

const SYSTEM_SUBJECTS: Record<string, string> = {
    "system:anonymous": "every unauthenticated request",
    "system:unauthenticated": "every unauthenticated request",
    "system:masters": "a group that bypasses RBAC entirely and cannot be revoked by removing bindings",
};

/** Bindings to anonymous/unauthenticated or system:masters (row 67). */
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
            const bad = subjectsOf(props).filter((s) => (s.kind === "Group" || s.kind === "User") && SYSTEM_SUBJECTS[s.name]);
            for (const s of bad) {
                report(`subjects names ${describeSubjects([s])}: ${SYSTEM_SUBJECTS[s.name]}.`);
            }
        },
    },
);
