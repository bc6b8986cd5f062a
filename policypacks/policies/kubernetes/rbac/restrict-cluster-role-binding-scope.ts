import { T } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { StackIndex, describe } from "../namespace/stack";
import { Rule, effectiveRules, resolveRoleRef, roleLabel, subjectsOf } from "./rules";

/** Cluster-scoped resources (and core kinds) a ClusterRole may need cluster-wide. */
const CLUSTER_SCOPED = new Set([
    "nodes", "namespaces", "persistentvolumes", "clusterroles", "clusterrolebindings", "customresourcedefinitions",
    "storageclasses", "csidrivers", "csinodes", "volumeattachments", "priorityclasses", "runtimeclasses",
    "mutatingwebhookconfigurations", "validatingwebhookconfigurations", "validatingadmissionpolicies",
    "validatingadmissionpolicybindings", "apiservices", "certificatesigningrequests", "ingressclasses",
    "componentstatuses", "tokenreviews", "subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews",
    "flowschemas", "prioritylevelconfigurations", "ipaddresses", "servicecidrs", "podsecuritypolicies", "signers",
]);

function onlyNamespaced(rules: Rule[]): boolean {
    return (
        rules.length > 0 &&
        rules.every(
            (r) =>
                r.nonResourceURLs.length === 0 &&
                r.resources.length > 0 &&
                r.resources.every((res) => !res.includes("*") && !CLUSTER_SCOPED.has(res.split("/")[0])),
        )
    );
}

/** ClusterRoleBinding where a RoleBinding would do (row 58's scope half; advisory). */
export const restrictClusterRoleBindingScope = stackPolicy(
    {
        name: "restrict-cluster-role-binding-scope",
        measure: "namespace.rbac-binding-scope",
        description:
            "A ClusterRoleBinding grants its role in every namespace. When the role only touches namespaced resources and every subject is a ServiceAccount of one namespace, a RoleBinding in that namespace gives the same access without reaching all others. The built-in admin, edit and view roles are meant for RoleBindings.",
        severity: "low",
        remediationSteps:
            "Replace the ClusterRoleBinding with a RoleBinding in the subjects' namespace (a RoleBinding may reference a ClusterRole).",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const b of idx.ofType(T.ClusterRoleBinding)) {
                const t = resolveRoleRef(b, idx);
                if (!t || t.refKind !== "ClusterRole") continue;
                const namespacedRole =
                    (t.kind === "builtin" && ["admin", "edit", "view"].includes(t.refName)) ||
                    (t.kind === "stack" && onlyNamespaced(effectiveRules(t.item, idx)));
                if (!namespacedRole) continue;
                const subs = subjectsOf(b.props);
                const nss = new Set(subs.map((s) => (s.kind === "ServiceAccount" ? s.namespace : undefined)));
                if (subs.length === 0 || nss.size !== 1 || nss.has(undefined)) continue;
                const [ns] = [...nss];
                report(
                    b.r,
                    `${describe(b)} grants ${roleLabel(t)}, which only covers namespaced resources, cluster-wide to service accounts of namespace "${ns}" only; a RoleBinding in "${ns}" would do.`,
                );
            }
        },
    },
);
