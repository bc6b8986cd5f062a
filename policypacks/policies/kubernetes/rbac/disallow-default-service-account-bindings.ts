import { resourcePolicy } from "../../../lib/policy";
import { plain } from "../../../lib/stack-index";
import { deferUnknown } from "../../../lib/k8s";
import { BINDING_TYPES, all, describeSubjects, subjectIs, subjectsOf, unknownSubjectsOf } from "../../../lib/rbac-rules";

/** Permissions on `default` reach every pod that does not name its own account. */
export const disallowDefaultServiceAccountBindings = resourcePolicy(
    {
        name: "disallow-default-service-account-bindings",
        measure: "namespace.rbac-default-service-account",
        description:
            "RoleBindings and ClusterRoleBindings must not grant permissions to a namespace's `default` ServiceAccount. Every pod that names no service account runs as `default`, so a grant to it silently reaches all of them.",
        severity: "medium",
        remediationSteps:
            "Create a dedicated ServiceAccount for the workload that needs the permissions, set spec.serviceAccountName to it and bind the role to that account.",
    },
    {
        types: BINDING_TYPES,
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            for (const s of subjectsOf(props).filter((x) => x.kind === "ServiceAccount" && x.name === "default")) {
                report(`subjects names ${describeSubjects([s])}, the account of every pod without spec.serviceAccountName.`);
            }
            // A subject unknown at preview may be a default account, unless its known kind or name rules it out.
            for (const s of unknownSubjectsOf(props)) {
                const v = all(subjectIs(s, "kind", (k) => k === "ServiceAccount"), subjectIs(s, "name", (n) => n === "default"));
                if (v.tri === "unknown" && v.where) deferUnknown(v.where.path);
                // Only the namespace is unknown: some namespace's default account.
                else if (v.tri === true) report(`subjects names ServiceAccount "default" (namespace not known during preview), the account of every pod without spec.serviceAccountName.`);
            }
        },
    },
);
