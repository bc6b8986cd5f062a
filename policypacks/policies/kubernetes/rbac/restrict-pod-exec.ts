import { rbacRulePolicy } from "./rule-policy";
import { findGrants } from "../../../lib/rbac-rules";

/** exec/attach/port-forward/ephemeral containers reach inside running pods. */
export const restrictPodExec = rbacRulePolicy(
    {
        name: "restrict-pod-exec",
        measure: "namespace.rbac-pod-exec",
        description:
            "Roles and ClusterRoles must not grant pods/exec, pods/attach, pods/portforward or pods/ephemeralcontainers. These open a shell or a tunnel into running containers, bypassing the image, its audit trail and network policies, and give the pod's service-account token to whoever holds them. Both create and get count: WebSocket exec is authorised on get by older API servers.",
        severity: "high",
        remediationSteps:
            "Remove these subresources from standing roles. Grant them just in time (a break-glass group or a time-bound binding) and waive this policy on that role with a justification and expiry.",
    },
    {
        detect: (rules) => [
            ...findGrants(rules, { verbs: ["create", "get"], group: "", resources: ["pods/exec", "pods/attach", "pods/portforward"] }),
            ...findGrants(rules, { verbs: ["update", "patch"], group: "", resources: ["pods/ephemeralcontainers"] }),
        ],
    },
);
