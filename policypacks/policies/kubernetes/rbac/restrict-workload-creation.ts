import { T } from "../../../lib/k8s";
import { Item, StackIndex, describe } from "../../../lib/stack-index";
import { rbacRulePolicy } from "./rule-policy";
import { NO, UNKNOWN, Verdict, YES, findGrants, maybe } from "../../../lib/rbac-rules";

const ENFORCE = "pod-security.kubernetes.io/enforce";

/** Whether a Namespace of the stack enforces Pod Security `restricted` (unknown labels: unknown). */
function enforcesRestricted(ns: Item): Verdict {
    const meta = ns.props?.metadata;
    const labels = meta === UNKNOWN ? UNKNOWN : meta?.labels;
    const v = labels === UNKNOWN ? UNKNOWN : labels?.[ENFORCE];
    if (v === UNKNOWN) return maybe({ path: `metadata.labels`, resource: describe(ns) });
    return v === "restricted" ? YES : NO;
}

function exemptByNamespace(item: Item, idx: StackIndex): Verdict {
    const ns = idx.nsOf(item);
    if (ns.kind === "unknown") {
        // Any namespace of the stack may be the one: undecided only if one may enforce restricted.
        const may = idx.namespaces().some((n) => enforcesRestricted(n).tri !== false);
        return may ? maybe({ path: "metadata.namespace", resource: describe(item) }) : NO;
    }
    if (ns.kind !== "known") return NO;
    const nsItem = idx.namespace(ns.key);
    return nsItem ? enforcesRestricted(nsItem) : NO;
}

/**
 * Creating pods (directly or through a controller) lets the creator run any image with any service
 * account and mount any Secret of the namespace. Where the namespace enforces Pod Security
 * `restricted`, node takeover through that pod is blocked, so tenant roles there are accepted.
 */
export const restrictWorkloadCreation = rbacRulePolicy<{ exemptRestrictedNamespaces: boolean }>(
    {
        name: "restrict-workload-creation",
        measure: "namespace.rbac-workload-creation",
        description:
            "Roles and ClusterRoles that create pods or pod controllers (Deployments, ReplicaSets, DaemonSets, StatefulSets, Jobs, CronJobs, ReplicationControllers, PodTemplates) are reported. Whoever creates a pod can run it as any service account of the namespace and mount any of its Secrets, and outside a Pod Security restricted namespace can take over the node. By default a Role in a namespace of the stack that enforces Pod Security `restricted`, and a RoleBinding there, are accepted.",
        severity: "medium",
        remediationSteps:
            "Deploy through a pipeline identity rather than granting people create on workloads, bind such roles only in namespaces enforcing Pod Security `restricted`, or waive this policy on the role with a justification.",
        configSchema: {
            properties: {
                exemptRestrictedNamespaces: {
                    type: "boolean",
                    default: true,
                    description: "Accept Roles and RoleBindings in namespaces of the stack labelled pod-security.kubernetes.io/enforce=restricted.",
                },
            },
        },
    },
    {
        detect: (rules) => [
            ...findGrants(rules, { verbs: ["create"], group: "", resources: ["pods"] }),
            ...findGrants(rules, { verbs: ["create", "update", "patch"], group: "", resources: ["replicationcontrollers", "podtemplates"] }),
            ...findGrants(rules, { verbs: ["create", "update", "patch"], group: "apps", resources: ["deployments", "replicasets", "daemonsets", "statefulsets"] }),
            ...findGrants(rules, { verbs: ["create", "update", "patch"], group: "batch", resources: ["jobs", "cronjobs"] }),
        ],
        exempt: (item, { idx, config }) => {
            if (!config.exemptRestrictedNamespaces) return NO;
            if (item.type !== T.Role && item.type !== T.RoleBinding) return NO;
            return exemptByNamespace(item, idx);
        },
    },
);
