// RBAC rule analysis shared by the RBAC policies: what a rule grants (with RBAC's wildcard
// semantics), the effective rules of aggregated ClusterRoles, the built-in roles known to be
// dangerous by name, and resolving a binding's roleRef inside the stack.
import { isObject } from "../../../lib/k8s";
import { T } from "../../../lib/k8s";
import { evaluateWaiver, waiverSource } from "../../../lib/waivers";
import { Item, StackIndex, UNKNOWN, kindOf, nonEmpty, strList, strMap } from "../namespace/stack";
import { matchSelector } from "../network/selectors";

export interface Rule {
    /** Where the rule comes from, for messages: `rules[0]`, `built-in ClusterRole "edit"`, ... */
    origin: string;
    verbs: string[];
    apiGroups: string[];
    resources: string[];
    resourceNames: string[];
    nonResourceURLs: string[];
}

/** The `rules` of a Role/ClusterRole as written (tolerates anything). */
export function declaredRules(props: any, prefix = ""): Rule[] {
    const rules = props?.rules;
    if (!Array.isArray(rules)) return [];
    const out: Rule[] = [];
    rules.forEach((r: unknown, i: number) => {
        if (!isObject(r)) return;
        out.push({
            origin: `${prefix}rules[${i}]`,
            verbs: strList(r.verbs).map((v) => v.toLowerCase()),
            apiGroups: strList(r.apiGroups),
            resources: strList(r.resources).map((v) => v.toLowerCase()),
            resourceNames: strList(r.resourceNames),
            nonResourceURLs: strList(r.nonResourceURLs),
        });
    });
    return out;
}

function rule(origin: string, apiGroups: string[], resources: string[], verbs: string[]): Rule {
    return { origin, apiGroups, resources, verbs, resourceNames: [], nonResourceURLs: [] };
}

const RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/**
 * The dangerous parts of the built-in user-facing ClusterRoles (kube-apiserver bootstrap policy).
 * Not their complete rules: enough for every check here to judge a binding to them by name.
 */
export function builtinRules(name: string): Rule[] | undefined {
    const o = `built-in ClusterRole "${name}"`;
    const edit = [
        rule(o, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "endpoints", "serviceaccounts"], RW),
        rule(o, [""], ["serviceaccounts"], ["impersonate"]),
        rule(o, [""], ["serviceaccounts/token"], ["create"]),
        rule(o, ["apps"], ["deployments", "daemonsets", "replicasets", "statefulsets"], RW),
        rule(o, ["batch"], ["jobs", "cronjobs"], RW),
    ];
    switch (name) {
        case "cluster-admin":
            return [{ ...rule(o, ["*"], ["*"], ["*"]), nonResourceURLs: ["*"] }];
        case "edit":
            return edit;
        case "admin":
            return [...edit, rule(o, ["rbac.authorization.k8s.io"], ["roles", "rolebindings"], RW)];
        case "view":
            return [rule(o, ["", "apps", "batch"], ["pods", "services", "configmaps", "deployments", "jobs"], ["get", "list", "watch"])];
        default:
            return undefined;
    }
}

export const AGGREGATE_LABELS: Record<string, string> = {
    "rbac.authorization.k8s.io/aggregate-to-admin": "admin",
    "rbac.authorization.k8s.io/aggregate-to-edit": "edit",
    "rbac.authorization.k8s.io/aggregate-to-view": "view",
};

/**
 * Effective rules of a Role/ClusterRole. For an aggregated ClusterRole (`aggregationRule`) the
 * controller replaces `rules` with the union of every ClusterRole its selectors match: those in
 * the stack are resolved, and selecting the built-in aggregation labels pulls in that role.
 */
export function effectiveRules(item: Item, idx: StackIndex, seen = new Set<Item>()): Rule[] {
    seen.add(item);
    const agg = item.props?.aggregationRule;
    if (item.type !== T.ClusterRole || !isObject(agg)) return declaredRules(item.props);
    const selectors = Array.isArray(agg.clusterRoleSelectors) ? agg.clusterRoleSelectors : [];
    const out: Rule[] = [];
    for (const other of idx.ofType(T.ClusterRole)) {
        if (seen.has(other)) continue;
        const labels = strMap(other.props?.metadata?.labels);
        if (selectors.some((s: unknown) => matchSelector(s, labels) === true)) {
            const name = other.name ?? other.r.name;
            out.push(...effectiveRules(other, idx, seen).map((r) => ({ ...r, origin: `aggregated ClusterRole "${name}" ${r.origin}` })));
        }
    }
    for (const s of selectors) {
        const ml = isObject(s) ? strMap(s.matchLabels) : {};
        for (const [label, builtin] of Object.entries(AGGREGATE_LABELS)) {
            if (ml[label] === "true") out.push(...(builtinRules(builtin) ?? []));
        }
    }
    return out;
}

/** Whether a rule grants `verb` on `group`/`resource` (`resource` may be `pods/exec`), as RBAC matches. */
export function grants(r: Rule, verb: string, group: string, resource: string): boolean {
    const verbOk = r.verbs.includes("*") || r.verbs.includes(verb);
    const groupOk = r.apiGroups.includes("*") || r.apiGroups.includes(group);
    const [main, sub] = resource.split("/", 2);
    const resOk =
        r.resources.includes("*") ||
        r.resources.includes(resource) ||
        (sub !== undefined && r.resources.includes(`${main}/*`)) ||
        (sub !== undefined && r.resources.includes(`*/${sub}`));
    return verbOk && groupOk && resOk;
}

export interface Grant {
    verbs: string[];
    group: string;
    resources: string[];
}

/** Finds, per rule, which of the given verbs on which of the resources it grants. */
export function findGrants(rules: Rule[], g: Grant): string[] {
    const out: string[] = [];
    for (const r of rules) {
        const hits: string[] = [];
        for (const res of g.resources) {
            const verbs = g.verbs.filter((v) => grants(r, v, g.group, res));
            if (verbs.length) hits.push(`${verbs.join(",")} on ${g.group ? `${g.group}/` : ""}${res}`);
        }
        if (hits.length) out.push(`${r.origin} grants ${hits.join(", ")}`);
    }
    return out;
}

/** True for `*` on `*` in `*`: the rule is cluster-admin. */
export function isFullWildcard(r: Rule): boolean {
    return r.verbs.includes("*") && r.resources.includes("*") && r.apiGroups.includes("*");
}

export type RoleTarget =
    | { kind: "stack"; item: Item; refKind: string; refName: string }
    | { kind: "builtin"; refKind: string; refName: string; rules: Rule[] }
    | { kind: "external"; refKind: string; refName: string };

/** Resolves a RoleBinding/ClusterRoleBinding's roleRef to a role of the stack, a built-in, or neither. */
export function resolveRoleRef(binding: Item, idx: StackIndex): RoleTarget | undefined {
    const ref = binding.props?.roleRef;
    if (!isObject(ref)) return undefined;
    const refKind = nonEmpty(ref.kind);
    const refName = nonEmpty(ref.name);
    if (!refKind || !refName) return undefined;
    if (refKind === "ClusterRole") {
        const item = idx.named(T.ClusterRole, refName)[0];
        if (item) return { kind: "stack", item, refKind, refName };
        const rules = builtinRules(refName);
        if (rules) return { kind: "builtin", refKind, refName, rules };
        return { kind: "external", refKind, refName };
    }
    if (refKind === "Role" && binding.type === T.RoleBinding) {
        const bns = idx.nsOf(binding);
        const item = idx.named(T.Role, refName).find((i) => {
            const rns = idx.nsOf(i);
            return bns.kind === "known" && rns.kind === "known" && rns.key === bns.key;
        });
        if (item) return { kind: "stack", item, refKind, refName };
    }
    return { kind: "external", refKind, refName };
}

export interface Subject {
    kind: string;
    name: string;
    namespace?: string;
}

export function subjectsOf(props: any): Subject[] {
    const subs = props?.subjects;
    if (!Array.isArray(subs)) return [];
    const out: Subject[] = [];
    for (const s of subs) {
        if (!isObject(s)) continue;
        const kind = nonEmpty(s.kind);
        const name = nonEmpty(s.name);
        if (!kind || !name) continue;
        out.push({ kind, name, namespace: nonEmpty(s.namespace) });
    }
    return out;
}

export function describeSubjects(subs: Subject[]): string {
    if (!subs.length) return "no subjects";
    return subs.map((s) => `${s.kind} "${s.namespace ? `${s.namespace}/` : ""}${s.name}"`).join(", ");
}

/** Whether a stack item waives a policy (a binding to a waived role inherits the role's waiver). */
export function waives(item: Item, policyName: string): boolean {
    return evaluateWaiver(waiverSource(item.type, item.props), policyName).kind === "valid";
}

export const ROLE_TYPES = [T.Role, T.ClusterRole];
export const BINDING_TYPES = [T.RoleBinding, T.ClusterRoleBinding];

export function roleLabel(t: RoleTarget): string {
    return `${t.refKind} "${t.refName}"`;
}

export { kindOf, UNKNOWN };
