import { T, isObject } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { Item, StackIndex, UNKNOWN, describe, isWorkload, podLabels } from "../../../lib/stack-index";
import { matchSelector } from "../../../lib/selectors";
import { BINDING_TYPES, resolveRoleRef, subjectsOf } from "../../../lib/rbac-rules";
import { podSpecPath, Unknowns, workloadPods, namespaceKeyOrDefer } from "../../../lib/preview-unknowns";
import { showValue } from "../../../lib/format";

/** Group subjects that hold every ServiceAccount (of one namespace). */
const ALL_ACCOUNTS_GROUP = "system:serviceaccounts";

/**
 * Namespace key → ServiceAccount name → the bindings that name it as a subject. A binding to the
 * group of every account, or of one namespace's accounts, is recorded under the name "*".
 */
function boundAccounts(idx: StackIndex): Map<string, Map<string, Item[]>> {
    const out = new Map<string, Map<string, Item[]>>();
    const add = (key: string, name: string, b: Item) => {
        const byName = out.get(key) ?? new Map<string, Item[]>();
        byName.set(name, [...(byName.get(name) ?? []), b]);
        out.set(key, byName);
    };
    for (const b of idx.ofType(...BINDING_TYPES)) {
        if (!resolveRoleRef(b, idx)) continue; // no usable roleRef: grants nothing
        const bns = idx.nsOf(b);
        for (const s of subjectsOf(b.props)) {
            if (s.kind === "Group" && s.name === ALL_ACCOUNTS_GROUP) add("*", "*", b);
            else if (s.kind === "Group" && s.name.startsWith(`${ALL_ACCOUNTS_GROUP}:`)) add(s.name.slice(ALL_ACCOUNTS_GROUP.length + 1), "*", b);
            if (s.kind !== "ServiceAccount") continue;
            // A RoleBinding's subject without a namespace is in the binding's namespace.
            const key = s.namespace ?? (b.type === T.RoleBinding && bns.kind === "known" ? bns.key : undefined);
            if (!key) continue;
            add(key, s.name, b);
        }
    }
    return out;
}

function isBound(bound: Map<string, Map<string, Item[]>>, key: string, saName: string): boolean {
    return !!(bound.get(key)?.get(saName)?.length || bound.get(key)?.get("*")?.length || bound.get("*")?.get("*")?.length);
}

/**
 * Workloads that serve an admission webhook of the stack: a Validating/MutatingWebhookConfiguration's
 * clientConfig.service names a Service of the stack whose selector matches their pod labels. Such a
 * server usually builds an API client from its mounted token (client-go's in-cluster config) even
 * when the roles it uses live elsewhere, so its token is reported as advisory, not as a block.
 */
function webhookBackends(idx: StackIndex): Map<Item, string> {
    const out = new Map<Item, string>();
    for (const cfg of idx.ofType(T.ValidatingWebhookConfiguration, T.MutatingWebhookConfiguration)) {
        const hooks = Array.isArray(cfg.props?.webhooks) ? cfg.props.webhooks : [];
        for (const h of hooks) {
            const ref = isObject(h) && isObject(h.clientConfig) && isObject(h.clientConfig.service) ? h.clientConfig.service : undefined;
            if (!ref || typeof ref.name !== "string" || typeof ref.namespace !== "string") continue;
            const svc = idx.inNamespace(ref.namespace, T.Service).find((s) => s.name === ref.name);
            const selector = svc?.props?.spec?.selector;
            if (!isObject(selector) || Object.keys(selector).length === 0) continue;
            for (const w of idx.inNamespace(ref.namespace).filter((i) => isWorkload(i))) {
                if (matchSelector({ matchLabels: selector }, podLabels(w)) === true) out.set(w, `${describe(cfg)} calls it through Service ${ref.namespace}/${ref.name}`);
            }
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
            "A pod (every kind that carries a pod template, in any API version) must not get a ServiceAccount token it does not need. Kubernetes mounts one unless the pod's automountServiceAccountToken is false, or the pod leaves it unset and its ServiceAccount's is false. A mounted token is needed - and not a violation - when the ServiceAccount is a subject of a RoleBinding or ClusterRoleBinding in the stack: the workload calls the API with the permissions it was given. So is one for an account of a group binding (system:serviceaccounts, system:serviceaccounts:<namespace>). A token mounted for an account that nothing binds gives anyone who compromises the container an API identity for nothing. A pod that serves an admission webhook of the stack gets an advisory finding instead: webhook servers usually build their API client from the token even where their roles are granted outside the stack. Judged once per pod, where the token is mounted (not again on the ServiceAccount). Not remediated automatically: whether a token is needed depends on the bindings, which only the whole stack shows.",
        severity: "high",
        remediationSteps:
            "Set automountServiceAccountToken: false on the ServiceAccount (all its pods) or on the pod spec. A workload that calls the Kubernetes API gets a ServiceAccount bound to the roles it needs, or mounts a projected serviceAccountToken volume with an audience and a short expiry.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            let bound: Map<string, Map<string, Item[]>> | undefined;
            let backends: Map<Item, string> | undefined;
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
                if (isBound(bound, key, saName)) continue; // the workload uses its API identity
                backends ??= webhookBackends(idx);
                const why =
                    podField === true
                        ? `${pod.specPath}.automountServiceAccountToken=true`
                        : sa
                          ? `${pod.specPath}.automountServiceAccountToken is unset and ServiceAccount "${saName}" ${saField === undefined ? "leaves it unset (defaults to true)" : `sets it to ${showValue(saField)}`}`
                          : `${pod.specPath}.automountServiceAccountToken is unset (defaults to true; ServiceAccount "${saName}" is not in the stack)`;
                const webhook = backends.get(w);
                if (webhook) {
                    report(
                        w.r,
                        `${describe(w, ns)} gets a token for ServiceAccount "${saName}" (${why}) and no binding in the stack grants that account anything, but it serves an admission webhook (${webhook}): a webhook server usually builds its API client from that token, so this is advisory. If it calls no API, set automountServiceAccountToken: false; if it does, bind its account in the stack.`,
                        "advisory",
                    );
                    continue;
                }
                report(
                    w.r,
                    `${describe(w, ns)} gets a token for ServiceAccount "${saName}" (${why}), but no RoleBinding or ClusterRoleBinding in the stack grants that account anything: set automountServiceAccountToken: false on the ServiceAccount or the pod.`,
                );
            }
        },
    },
);
