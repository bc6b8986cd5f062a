import { T } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { Item, StackIndex, UNKNOWN, describe } from "../../../lib/stack-index";
import { BINDING_TYPES, resolveRoleRef, subjectsOf } from "../../../lib/rbac-rules";
import { podSpecPath, Unknowns, workloadPods, namespaceKeyOrDefer } from "../../../lib/preview-unknowns";
import { showValue } from "../../../lib/format";

/** Namespace key → ServiceAccount name → the bindings that name it as a subject. */
function boundAccounts(idx: StackIndex): Map<string, Map<string, Item[]>> {
    const out = new Map<string, Map<string, Item[]>>();
    for (const b of idx.ofType(...BINDING_TYPES)) {
        if (!resolveRoleRef(b, idx)) continue; // no usable roleRef: grants nothing
        const bns = idx.nsOf(b);
        for (const s of subjectsOf(b.props)) {
            if (s.kind !== "ServiceAccount") continue;
            // A RoleBinding's subject without a namespace is in the binding's namespace.
            const key = s.namespace ?? (b.type === T.RoleBinding && bns.kind === "known" ? bns.key : undefined);
            if (!key) continue;
            const byName = out.get(key) ?? new Map<string, Item[]>();
            byName.set(s.name, [...(byName.get(s.name) ?? []), b]);
            out.set(key, byName);
        }
    }
    return out;
}

/**
 * Kubernetes mounts a ServiceAccount token into a pod unless the pod's
 * automountServiceAccountToken says false, or - when the pod leaves it unset - its
 * ServiceAccount's does. A mounted token is the pod's API identity: needed by controllers whose
 * account is bound to roles, a free credential for an attacker everywhere else.
 */
export const disallowAutomountServiceAccountToken = stackPolicy(
    {
        name: "disallow-automount-service-account-token",
        measure: "workload.service-account-token",
        description:
            "A pod (every kind that carries a pod template, in any API version) must not get a ServiceAccount token it does not need. Kubernetes mounts one unless the pod's automountServiceAccountToken is false, or the pod leaves it unset and its ServiceAccount's is false. A mounted token is needed - and not a violation - when the ServiceAccount is a subject of a RoleBinding or ClusterRoleBinding in the stack: the workload calls the API with the permissions it was given. A token mounted for an account that nothing binds gives anyone who compromises the container an API identity for nothing. Judged once per pod, where the token is mounted (not again on the ServiceAccount). Not remediated automatically: whether a token is needed depends on the bindings, which only the whole stack shows.",
        severity: "high",
        remediationSteps:
            "Set automountServiceAccountToken: false on the ServiceAccount (all its pods) or on the pod spec. A workload that calls the Kubernetes API gets a ServiceAccount bound to the roles it needs, or mounts a projected serviceAccountToken volume with an audience and a short expiry.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            let bound: Map<string, Map<string, Item[]>> | undefined;
            for (const { w, pod, u } of workloadPods(idx.items)) {
                const base = podSpecPath(w.type);
                const podField = u.get(pod.spec, ["automountServiceAccountToken"], base);
                const account = u.get(pod.spec, ["serviceAccountName"], base) ?? u.get(pod.spec, ["serviceAccount"], base);
                if (u.found) {
                    u.raise();
                    continue;
                }
                if (podField === false) continue;
                const saName = typeof account === "string" && account !== "" ? account : "default";
                const ns = idx.nsOf(w);
                const key = namespaceKeyOrDefer(ns, w, u);
                if (key === undefined) continue;
                const sa = idx.inNamespace(key, T.ServiceAccount).find((a) => a.name === saName);
                const saField = sa ? sa.props.automountServiceAccountToken : undefined;
                if (saField === UNKNOWN && podField === undefined) {
                    const su = new Unknowns();
                    su.note(["automountServiceAccountToken"]);
                    su.raise();
                    continue;
                }
                const mounted = podField === true || (podField === undefined && saField !== false);
                if (!mounted) continue;
                bound ??= boundAccounts(idx);
                if (bound.get(key)?.get(saName)?.length) continue; // the workload uses its API identity
                const why =
                    podField === true
                        ? `${pod.specPath}.automountServiceAccountToken=true`
                        : sa
                          ? `${pod.specPath}.automountServiceAccountToken is unset and ServiceAccount "${saName}" ${saField === undefined ? "leaves it unset (defaults to true)" : `sets it to ${showValue(saField)}`}`
                          : `${pod.specPath}.automountServiceAccountToken is unset (defaults to true; ServiceAccount "${saName}" is not in the stack)`;
                report(
                    w.r,
                    `${describe(w, ns)} gets a token for ServiceAccount "${saName}" (${why}), but no RoleBinding or ClusterRoleBinding in the stack grants that account anything: set automountServiceAccountToken: false on the ServiceAccount or the pod.`,
                );
            }
        },
    },
);
