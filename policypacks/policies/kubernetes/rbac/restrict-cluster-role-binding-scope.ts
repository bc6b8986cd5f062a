import { T } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { StackIndex, describe } from "../../../lib/stack-index";
import {
    NO,
    Rule,
    RoleTarget,
    Verdict,
    YES,
    all,
    any,
    defer,
    effectiveRules,
    maybe,
    resolveRoleRef,
    roleLabel,
    subjectIs,
    subjectsOf,
    unknownSubjectsOf,
    UNKNOWN,
} from "../../../lib/rbac-rules";

/** Cluster-scoped resources (and core kinds) a ClusterRole may need cluster-wide. */
const CLUSTER_SCOPED = new Set([
    "nodes", "namespaces", "persistentvolumes", "clusterroles", "clusterrolebindings", "customresourcedefinitions",
    "storageclasses", "csidrivers", "csinodes", "volumeattachments", "priorityclasses", "runtimeclasses",
    "mutatingwebhookconfigurations", "validatingwebhookconfigurations", "validatingadmissionpolicies",
    "validatingadmissionpolicybindings", "apiservices", "certificatesigningrequests", "ingressclasses",
    "componentstatuses", "tokenreviews", "subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews",
    "flowschemas", "prioritylevelconfigurations", "ipaddresses", "servicecidrs", "podsecuritypolicies", "signers",
]);

function clusterish(res: string): boolean {
    return res.includes("*") || CLUSTER_SCOPED.has(res.split("/")[0]);
}

/** Whether a rule only touches namespaced resources (unknown resources or URLs: unknown). */
function ruleNamespaced(r: Rule): Verdict {
    // A rule that only may apply (unknown aggregation labels) matters only if it reaches further.
    const reachesFurther = r.nonResourceURLs.length > 0 || r.resources.some(clusterish) || r.resources.length === 0;
    if (reachesFurther && !(r.unknown.resources ?? r.unknown.nonResourceURLs)) return r.cond ? maybe(r.cond) : NO;
    if (r.nonResourceURLs.length > 0 || r.resources.some(clusterish)) return r.cond ? maybe(r.cond) : NO;
    const u = r.unknown.nonResourceURLs ?? r.unknown.resources;
    return u ? maybe(u) : YES;
}

function onlyNamespaced(rules: Rule[]): Verdict {
    return rules.length > 0 ? all(...rules.map(ruleNamespaced)) : NO;
}

/** Whether a ClusterRoleBinding's role only covers namespaced resources. */
function namespacedRole(t: RoleTarget, idx: StackIndex): Verdict {
    if (t.kind === "unknown") return maybe(t.where);
    if (t.refKind !== "ClusterRole") return NO;
    if (t.kind === "builtin") return ["admin", "edit", "view"].includes(t.refName) ? YES : NO;
    if (t.kind === "stack") return onlyNamespaced(effectiveRules(t.item, idx));
    // A stack ClusterRole whose name is unknown at preview may be the one the roleRef names.
    const c = t.candidates.find((x) => onlyNamespaced(effectiveRules(x.item, idx)).tri !== false);
    return c ? maybe(c.where) : NO;
}

/** ClusterRoleBinding where a RoleBinding would do (the scope half of the cluster-admin check; advisory). */
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
                if (!t) continue;
                const role = namespacedRole(t, idx);
                if (role.tri === false) continue;
                const subs = subjectsOf(b.props);
                const unknownSubs = unknownSubjectsOf(b.props, describe(b));
                // Known kinds and namespaces decide when they are not all service accounts of one
                // namespace; else a subject unknown at preview may be another kind or namespace.
                const nss = new Set(subs.map((s) => (s.kind === "ServiceAccount" ? s.namespace : undefined)));
                for (const s of unknownSubs) {
                    if (s.kind !== UNKNOWN && s.kind !== "ServiceAccount") nss.add(undefined);
                    else if (s.kind === "ServiceAccount" && s.namespace !== UNKNOWN) nss.add(s.namespace);
                }
                const oneNs: Verdict =
                    nss.size > 1 || nss.has(undefined) || (subs.length === 0 && unknownSubs.length === 0)
                        ? NO
                        : all(...unknownSubs.map((s) => all(subjectIs(s, "kind", (k) => k === "ServiceAccount"), subjectIs(s, "namespace", (n) => nss.size === 0 || nss.has(n)))));
                const verdict = all(role, oneNs);
                if (verdict.tri === "unknown") defer(verdict.where);
                if (verdict.tri !== true || t.kind === "unknown") continue;
                const [ns] = [...nss];
                report(
                    b.r,
                    `${describe(b)} grants ${roleLabel(t)}, which only covers namespaced resources, cluster-wide to service accounts of namespace "${ns}" only; a RoleBinding in "${ns}" would do.`,
                );
            }
        },
    },
);
