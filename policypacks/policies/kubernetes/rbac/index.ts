// rbac policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import { disallowRbacWildcards } from "./disallow-rbac-wildcards";
import { disallowClusterAdminBindings } from "./disallow-cluster-admin-bindings";
import { restrictSecretsAccess } from "./restrict-secrets-access";
import { restrictPodExec } from "./restrict-pod-exec";
import { disallowPrivilegeEscalationVerbs } from "./disallow-privilege-escalation-verbs";
import { disallowNodesProxy } from "./disallow-nodes-proxy";
import { restrictClusterControlPermissions } from "./restrict-cluster-control-permissions";
import { restrictWorkloadCreation } from "./restrict-workload-creation";
import { disallowSystemGroupBindings } from "./disallow-system-group-bindings";
import { disallowDefaultServiceAccountBindings } from "./disallow-default-service-account-bindings";
import { restrictClusterRoleBindingScope } from "./restrict-cluster-role-binding-scope";
import { disallowUnresolvedRoleReferences } from "./disallow-unresolved-role-references";

export {
    disallowRbacWildcards,
    disallowClusterAdminBindings,
    restrictSecretsAccess,
    restrictPodExec,
    disallowPrivilegeEscalationVerbs,
    disallowNodesProxy,
    restrictClusterControlPermissions,
    restrictWorkloadCreation,
    disallowSystemGroupBindings,
    disallowDefaultServiceAccountBindings,
    restrictClusterRoleBindingScope,
    disallowUnresolvedRoleReferences,
};

export const rbacPolicies: KslPolicy[] = [
    disallowSystemGroupBindings,
    disallowClusterAdminBindings,
    disallowPrivilegeEscalationVerbs,
    disallowRbacWildcards,
    restrictSecretsAccess,
    restrictPodExec,
    disallowNodesProxy,
    restrictClusterControlPermissions,
    restrictWorkloadCreation,
    disallowDefaultServiceAccountBindings,
    restrictClusterRoleBindingScope,
    disallowUnresolvedRoleReferences,
];
