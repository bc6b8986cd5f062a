import { T } from "../../../lib/k8s";
import { rbacRulePolicy } from "./rule-policy";
import { findGrants, NO, YES } from "../../../lib/rbac-rules";

/** nodes/proxy is the kubelet API: exec into any pod of the node, unaudited. */
export const disallowNodesProxy = rbacRulePolicy(
    {
        name: "disallow-nodes-proxy",
        measure: "namespace.rbac-node-proxy",
        description:
            "ClusterRoles must not grant nodes/proxy. It proxies to the kubelet API, which runs commands in any container on the node without passing pod-level admission or the API server's audit of exec. Nodes are cluster-scoped, so only a ClusterRole bound by a ClusterRoleBinding grants it: namespaced Roles and RoleBindings are not judged.",
        severity: "high",
        remediationSteps:
            "Remove nodes/proxy. Monitoring agents need nodes/metrics or nodes/stats, not nodes/proxy.",
    },
    {
        detect: (rules) => findGrants(rules, { verbs: ["get", "create", "update", "patch", "delete"], group: "", resources: ["nodes/proxy"] }),
        // A Role (or a RoleBinding, even of a ClusterRole) grants within one namespace: never a node.
        exempt: (item) => (item.type === T.Role || item.type === T.RoleBinding ? YES : NO),
    },
);
