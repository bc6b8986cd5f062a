// RBAC rule analysis shared by the RBAC policies: what a rule grants (with RBAC's wildcard
// semantics), the effective rules of aggregated ClusterRoles, the built-in roles known to be
// dangerous by name, and resolving a binding's roleRef inside the stack.
// Values unknown at preview (the UNKNOWN marker of the props snapshot) are kept as such: a check
// answers true, false or "unknown" with the place of the unknown value, so that a policy reports
// what is known and defers (lib/k8s.ts deferUnknown) only what an unknown value could change.
import { deferUnknown, isObject } from "./k8s";
import { T } from "./k8s";
import { evaluateWaiver, waiverSource } from "./waivers";
import { Item, StackIndex, UNKNOWN, Unknown, describe, kindOf, nonEmpty, strList, strMap } from "./stack-index";
import { matchSelector } from "./selectors";
import BOOTSTRAP_ROLES from "./bootstrap-roles.json";

/** A three-valued answer: known true, known false, or depends on a value unknown at preview. */
export type Tri = boolean | "unknown";

/** Where an unknown value sits: its field path, and for stack policies the object holding it. */
export interface Where {
    path: string;
    /** `describe(item)` of the object, for stack policies (prefixed to the path in the report). */
    resource?: string;
}

export interface Verdict {
    tri: Tri;
    /** The unknown value the answer depends on, when tri is "unknown". */
    where?: Where;
}

export const YES: Verdict = { tri: true };
export const NO: Verdict = { tri: false };

export function maybe(where: Where): Verdict {
    return { tri: "unknown", where };
}

/** All must hold: false wins, then unknown (the first unknown's place), else true. */
export function all(...vs: Verdict[]): Verdict {
    if (vs.some((v) => v.tri === false)) return NO;
    return vs.find((v) => v.tri === "unknown") ?? YES;
}

/** Any may hold: true wins, then unknown (the first unknown's place), else false. */
export function any(vs: Verdict[]): Verdict {
    if (vs.some((v) => v.tri === true)) return YES;
    return vs.find((v) => v.tri === "unknown") ?? NO;
}

/** Records the unknown value a verdict depends on: the policy becomes not checkable (advisory). */
export function defer(where: Where | undefined): void {
    if (where) deferUnknown(where.path, where.resource);
}

export type RuleField = "verbs" | "apiGroups" | "resources" | "resourceNames" | "nonResourceURLs";
const RULE_FIELDS: readonly RuleField[] = ["verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"];

export interface Rule {
    /** Where the rule comes from, for messages: `rules[0]`, `built-in ClusterRole "edit"`, ... */
    origin: string;
    verbs: string[];
    apiGroups: string[];
    resources: string[];
    resourceNames: string[];
    nonResourceURLs: string[];
    /** Fields not (fully) known at preview: each may hold values besides those listed. */
    unknown: Partial<Record<RuleField, Where>>;
    /** Set when whether the rule applies at all is unknown (e.g. an aggregation selector vs unknown labels). */
    cond?: Where;
}

/** A rule whose every field is unknown (the rule, or the whole `rules`, is unknown at preview). */
function unknownRule(origin: string, where: Where): Rule {
    const unknown: Partial<Record<RuleField, Where>> = {};
    for (const f of RULE_FIELDS) unknown[f] = where;
    return { origin, verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], unknown };
}

/** The `rules` of a Role/ClusterRole as written (tolerates anything); `owner` names it for stack reports. */
export function declaredRules(props: any, prefix = "", owner?: string): Rule[] {
    const rules = props?.rules;
    if (rules === UNKNOWN) return [unknownRule(`${prefix}rules`, { path: "rules", resource: owner })];
    if (!Array.isArray(rules)) return [];
    const out: Rule[] = [];
    rules.forEach((r: unknown, i: number) => {
        const path = `rules[${i}]`;
        if (r === UNKNOWN) {
            out.push(unknownRule(`${prefix}${path}`, { path, resource: owner }));
            return;
        }
        if (!isObject(r)) return;
        const unknown: Partial<Record<RuleField, Where>> = {};
        const list = (f: RuleField, lower: boolean): string[] => {
            const v = r[f];
            if (v === UNKNOWN || (Array.isArray(v) && v.includes(UNKNOWN))) unknown[f] = { path: `${path}.${f}`, resource: owner };
            const l = strList(v);
            return lower ? l.map((x) => x.toLowerCase()) : l;
        };
        out.push({
            origin: `${prefix}${path}`,
            verbs: list("verbs", true),
            apiGroups: list("apiGroups", false),
            resources: list("resources", true),
            resourceNames: list("resourceNames", false),
            nonResourceURLs: list("nonResourceURLs", false),
            unknown,
        });
    });
    return out;
}

/** The ClusterRoles every API server creates (its RBAC bootstrap policy), by name: scripts/gen-bootstrap-roles.js. */
const BOOTSTRAP = (BOOTSTRAP_ROLES as { roles: Record<string, { labels: Record<string, string>; aggregationRule?: { clusterRoleSelectors?: unknown[] }; rules: unknown[] }> }).roles;

/** The built-in ClusterRoles' names and labels (for aggregation selectors of the stack's roles). */
export function bootstrapRoleNames(): string[] {
    return Object.keys(BOOTSTRAP);
}

/**
 * The rules of a built-in ClusterRole, from Kubernetes' own bootstrap policy (every default
 * ClusterRole: `admin`, `edit`, `system:kube-controller-manager`, `system:controller:*`, ...); an
 * aggregated one (`admin`, `edit`, `view`) has the rules of every built-in role its selectors match,
 * transitively, as the aggregation controller fills them in. Undefined for a name the API server
 * does not create.
 */
export function builtinRules(name: string): Rule[] | undefined {
    if (!BOOTSTRAP[name]) return undefined;
    const members = [name];
    for (let i = 0; i < members.length; i++) {
        for (const m of builtinRolesMatching(BOOTSTRAP[members[i]].aggregationRule?.clusterRoleSelectors ?? [], new Set(members))) members.push(m);
    }
    return members.flatMap((m) => {
        const origin = m === name ? `built-in ClusterRole "${name}"` : `built-in ClusterRole "${name}" (aggregating "${m}")`;
        return declaredRules({ rules: BOOTSTRAP[m].rules }).map((r) => ({ ...r, origin: `${origin} ${r.origin}` }));
    });
}

/** Built-in ClusterRoles an aggregation rule's selectors match (by their labels). */
export function builtinRolesMatching(selectors: unknown[], seen = new Set<string>()): string[] {
    if (!selectors.length) return [];
    return Object.keys(BOOTSTRAP).filter((n) => !seen.has(n) && selectors.some((s) => matchSelector(s, BOOTSTRAP[n].labels) === true));
}

export const AGGREGATE_LABELS: Record<string, string> = {
    "rbac.authorization.k8s.io/aggregate-to-admin": "admin",
    "rbac.authorization.k8s.io/aggregate-to-edit": "edit",
    "rbac.authorization.k8s.io/aggregate-to-view": "view",
};

/** True when a value holds an unknown anywhere (bounded: snapshots are at most 64 levels deep). */
function hasUnknown(v: unknown, depth = 0): boolean {
    if (v === UNKNOWN) return true;
    if (typeof v !== "object" || v === null || depth > 64) return false;
    return Object.values(v).some((x) => hasUnknown(x, depth + 1));
}

/** metadata.labels of an item, or UNKNOWN when they (or any of their values) are unknown at preview. */
function labelsOf(item: Item): Record<string, string> | Unknown {
    const meta = item.props?.metadata;
    if (meta === UNKNOWN || meta?.labels === UNKNOWN) return UNKNOWN;
    if (isObject(meta?.labels) && Object.values(meta.labels).includes(UNKNOWN)) return UNKNOWN;
    return strMap(meta?.labels);
}

/**
 * Effective rules of a Role/ClusterRole. For an aggregated ClusterRole (`aggregationRule`) the
 * controller replaces `rules` with the union of every ClusterRole its selectors match: those in
 * the stack are resolved, and selecting the built-in aggregation labels pulls in that role.
 * An unknown selector stands for an unknown rule; a role whose labels are unknown contributes its
 * rules conditionally (`cond`).
 */
export function effectiveRules(item: Item, idx: StackIndex, seen = new Set<Item>()): Rule[] {
    seen.add(item);
    const owner = describe(item, idx.nsOf(item));
    const agg = item.props?.aggregationRule;
    if (item.type !== T.ClusterRole) return declaredRules(item.props, "", owner);
    if (agg === UNKNOWN) {
        // Unknown may also mean absent, when the declared rules apply.
        return [...declaredRules(item.props, "", owner), unknownRule("aggregationRule", { path: "aggregationRule", resource: owner })];
    }
    if (!isObject(agg)) return declaredRules(item.props, "", owner);
    if (agg.clusterRoleSelectors === UNKNOWN) {
        return [unknownRule("aggregationRule.clusterRoleSelectors", { path: "aggregationRule.clusterRoleSelectors", resource: owner })];
    }
    const all = Array.isArray(agg.clusterRoleSelectors) ? (agg.clusterRoleSelectors as unknown[]) : [];
    const out: Rule[] = [];
    const selectors: unknown[] = [];
    all.forEach((s, i) => {
        if (!hasUnknown(s)) return selectors.push(s);
        const path = `aggregationRule.clusterRoleSelectors[${i}]`;
        out.push(unknownRule(path, { path, resource: owner }));
    });
    for (const other of idx.ofType(T.ClusterRole)) {
        if (seen.has(other)) continue;
        const labels = labelsOf(other);
        const m = any(selectors.map((s) => ({ tri: matchSelector(s, labels) })));
        if (m.tri === false) continue;
        const name = other.name ?? other.r.name;
        const cond: Where | undefined = m.tri === "unknown" ? { path: "metadata.labels", resource: describe(other) } : undefined;
        out.push(...effectiveRules(other, idx, seen).map((r) => ({ ...r, origin: `aggregated ClusterRole "${name}" ${r.origin}`, cond: r.cond ?? cond })));
    }
    // The built-in roles its selectors match join it too (`kubernetes.io/bootstrapping: rbac-defaults`
    // selects cluster-admin; `aggregate-to-edit` the rules edit holds).
    for (const name of builtinRolesMatching(selectors)) out.push(...(builtinRules(name) ?? []).map((r) => ({ ...r, origin: `aggregated ${r.origin}` })));
    return out;
}

/** The stack's aggregating ClusterRoles whose selectors are known to select `item` (by its labels). */
export function aggregatorsOf(item: Item, idx: StackIndex): Item[] {
    if (item.type !== T.ClusterRole) return [];
    const labels = labelsOf(item);
    if (labels === UNKNOWN) return [];
    return idx.ofType(T.ClusterRole).filter((x) => {
        if (x === item) return false;
        const agg = x.props?.aggregationRule;
        const sels = isObject(agg) && Array.isArray(agg.clusterRoleSelectors) ? (agg.clusterRoleSelectors as unknown[]) : [];
        return sels.some((sel) => !hasUnknown(sel) && matchSelector(sel, labels) === true);
    });
}

/**
 * Whether a rule's fields each contain a value satisfying their test: true, false, or "unknown"
 * (with the first unknown field that could still satisfy it, or the rule's unknown condition).
 */
export function judge(r: Rule, tests: Array<[RuleField, (v: string) => boolean]>): Verdict {
    let where: Where | undefined;
    for (const [f, test] of tests) {
        if (r[f].some(test)) continue;
        const u = r.unknown[f];
        if (!u) return NO;
        where ??= u;
    }
    if (where) return maybe(where);
    return r.cond ? maybe(r.cond) : YES;
}

/** Whether a rule grants `verb` on `group`/`resource` (`resource` may be `pods/exec`), as RBAC matches. */
export function grantsVerdict(r: Rule, verb: string, group: string, resource: string): Verdict {
    const [main, sub] = resource.split("/", 2);
    return judge(r, [
        ["verbs", (v) => v === "*" || v === verb],
        ["apiGroups", (g) => g === "*" || g === group],
        ["resources", (x) => x === "*" || x === resource || (sub !== undefined && (x === `${main}/*` || x === `*/${sub}`))],
    ]);
}

/** Whether a rule is known to grant `verb` on `group`/`resource`. */
export function grants(r: Rule, verb: string, group: string, resource: string): boolean {
    return grantsVerdict(r, verb, group, resource).tri === true;
}

export interface Grant {
    verbs: string[];
    group: string;
    resources: string[];
}

/** What one rule is found to grant (`text`), or - with nothing known - the unknown value that might grant it (`where`). */
export interface RuleFinding {
    rule: Rule;
    text?: string;
    where?: Where;
}

/** Finds, per rule, which of the given verbs on which of the resources it grants. */
export function findGrants(rules: Rule[], g: Grant): RuleFinding[] {
    const out: RuleFinding[] = [];
    for (const r of rules) {
        const hits: string[] = [];
        let where: Where | undefined;
        for (const res of g.resources) {
            const verbs: string[] = [];
            for (const v of g.verbs) {
                const verdict = grantsVerdict(r, v, g.group, res);
                if (verdict.tri === true) verbs.push(v);
                else if (verdict.tri === "unknown") where ??= verdict.where;
            }
            if (verbs.length) hits.push(`${verbs.join(",")} on ${g.group ? `${g.group}/` : ""}${res}`);
        }
        if (hits.length) out.push({ rule: r, text: `${r.origin} grants ${hits.join(", ")}` });
        else if (where) out.push({ rule: r, where });
    }
    return out;
}

/**
 * The findings of one object: the known ones, and the first unknown value that might add one for a
 * rule with no known finding (a rule already reported is decided; its unknown parts change nothing).
 */
export function settle(findings: RuleFinding[]): { texts: string[]; undecided?: Where } {
    const decided = new Set(findings.filter((f) => f.text !== undefined).map((f) => f.rule));
    return {
        texts: findings.flatMap((f) => (f.text !== undefined ? [f.text] : [])),
        undecided: findings.find((f) => f.text === undefined && !decided.has(f.rule))?.where,
    };
}

const star = (v: string) => v === "*";

/** "*" on "*" in "*": the rule is cluster-admin. */
export function fullWildcard(r: Rule): Verdict {
    return judge(r, [["verbs", star], ["resources", star], ["apiGroups", star]]);
}

/** True for `*` on `*` in `*`: the rule is known to be cluster-admin. */
export function isFullWildcard(r: Rule): boolean {
    return fullWildcard(r).tri === true;
}

/** A stack role a roleRef may name though its name or namespace is unknown at preview. */
export interface Candidate {
    item: Item;
    where: Where;
}

export type RoleTarget =
    | { kind: "stack"; item: Item; refKind: string; refName: string }
    | { kind: "builtin"; refKind: string; refName: string; rules: Rule[] }
    | { kind: "external"; refKind: string; refName: string; candidates: Candidate[] }
    | { kind: "unknown"; where: Where };

function nameUnknown(i: Item): boolean {
    const meta = i.props?.metadata;
    return meta === UNKNOWN || meta?.name === UNKNOWN;
}

// Roles of a type whose name is unknown at preview, per stack index: every binding may name them,
// and scanning all roles for each binding would make RBAC checks quadratic in the stack.
const unnamed = new WeakMap<StackIndex, Map<string, Item[]>>();
function rolesNamedUnknown(idx: StackIndex, type: string): Item[] {
    let byType = unnamed.get(idx);
    if (!byType) unnamed.set(idx, (byType = new Map()));
    let list = byType.get(type);
    if (!list) byType.set(type, (list = idx.ofType(type).filter(nameUnknown)));
    return list;
}

/**
 * Resolves a RoleBinding/ClusterRoleBinding's roleRef to a role of the stack, a built-in, or neither
 * (then `candidates` lists the stack roles it may still name); "unknown" when roleRef is unknown.
 */
export function resolveRoleRef(binding: Item, idx: StackIndex): RoleTarget | undefined {
    const owner = describe(binding, idx.nsOf(binding));
    const ref = binding.props?.roleRef;
    if (ref === UNKNOWN) return { kind: "unknown", where: { path: "roleRef", resource: owner } };
    if (!isObject(ref)) return undefined;
    for (const f of ["kind", "name"]) if (ref[f] === UNKNOWN) return { kind: "unknown", where: { path: `roleRef.${f}`, resource: owner } };
    const refKind = nonEmpty(ref.kind);
    const refName = nonEmpty(ref.name);
    if (!refKind || !refName) return undefined;
    if (refKind === "ClusterRole") {
        const item = idx.named(T.ClusterRole, refName)[0];
        if (item) return { kind: "stack", item, refKind, refName };
        const rules = builtinRules(refName);
        if (rules) return { kind: "builtin", refKind, refName, rules };
        const candidates = rolesNamedUnknown(idx, T.ClusterRole).map((i) => ({ item: i, where: { path: "metadata.name", resource: describe(i) } }));
        return { kind: "external", refKind, refName, candidates };
    }
    const candidates: Candidate[] = [];
    if (refKind === "Role" && binding.type === T.RoleBinding) {
        const bns = idx.nsOf(binding);
        const sameNsAs = (i: Item) => {
            const rns = idx.nsOf(i);
            return bns.kind === "known" && rns.kind === "known" && rns.key === bns.key;
        };
        // The first Role of that name in the binding's namespace; else every Role it may still be
        // (same name or an unknown one, in a namespace that may be the binding's), in stack order.
        const named = idx.named(T.Role, refName);
        const exact = named.find(sameNsAs);
        if (exact) return { kind: "stack", item: exact, refKind, refName };
        for (const i of idx.inStackOrder([...named, ...rolesNamedUnknown(idx, T.Role)])) {
            const rns = idx.nsOf(i);
            const sameNs = sameNsAs(i);
            const mayNs = sameNs || bns.kind === "unknown" || rns.kind === "unknown";
            if (!mayNs) continue;
            const where: Where =
                i.name !== refName
                    ? { path: "metadata.name", resource: describe(i, rns) }
                    : bns.kind === "unknown"
                      ? { path: "metadata.namespace", resource: owner }
                      : { path: "metadata.namespace", resource: describe(i) };
            candidates.push({ item: i, where });
        }
    }
    return { kind: "external", refKind, refName, candidates };
}

export interface Subject {
    kind: string;
    name: string;
    namespace?: string;
}

/** The subjects of a binding that are fully known (malformed ones are skipped). */
export function subjectsOf(props: any): Subject[] {
    const subs = props?.subjects;
    if (!Array.isArray(subs)) return [];
    const out: Subject[] = [];
    for (const s of subs) {
        if (!isObject(s) || subjectUnknown(s)) continue;
        const kind = nonEmpty(s.kind);
        const name = nonEmpty(s.name);
        if (!kind || !name) continue;
        out.push({ kind, name, namespace: nonEmpty(s.namespace) });
    }
    return out;
}

// Only kind, name and namespace identify a subject; an unknown apiGroup changes nothing here.
function subjectUnknown(s: Record<string, unknown>): boolean {
    return hasUnknown(s.kind) || hasUnknown(s.name) || hasUnknown(s.namespace);
}

/** A subject (or the whole list) with a value unknown at preview; known fields as written. */
export interface UnknownSubject {
    /** `subjects` (the whole list is unknown) or `subjects[i]`. */
    where: Where;
    /** The whole subject is unknown (else only the fields that are UNKNOWN). */
    whole: boolean;
    kind: string | Unknown | undefined;
    name: string | Unknown | undefined;
    namespace: string | Unknown | undefined;
}

/** The subjects not fully known at preview; `owner` names the binding for stack reports. */
export function unknownSubjectsOf(props: any, owner?: string): UnknownSubject[] {
    const subs = props?.subjects;
    if (subs === UNKNOWN) return [{ where: { path: "subjects", resource: owner }, whole: true, kind: UNKNOWN, name: UNKNOWN, namespace: UNKNOWN }];
    if (!Array.isArray(subs)) return [];
    const out: UnknownSubject[] = [];
    subs.forEach((s: unknown, i: number) => {
        const where = { path: `subjects[${i}]`, resource: owner };
        if (s === UNKNOWN) out.push({ where, whole: true, kind: UNKNOWN, name: UNKNOWN, namespace: UNKNOWN });
        else if (isObject(s) && subjectUnknown(s)) {
            const field = (v: unknown) => (hasUnknown(v) ? UNKNOWN : nonEmpty(v));
            out.push({ where, whole: false, kind: field(s.kind), name: field(s.name), namespace: field(s.namespace) });
        }
    });
    return out;
}

/** A test on one field of a subject: unknown stays unknown (at that field), absent is false. */
export function subjectIs(s: UnknownSubject, f: "kind" | "name" | "namespace", pred: (v: string) => boolean): Verdict {
    const v = s[f];
    if (v === UNKNOWN) return maybe(s.whole ? s.where : { path: `${s.where.path}.${f}`, resource: s.where.resource });
    return v !== undefined && pred(v) ? YES : NO;
}

/** `Group "devs", ServiceAccount "team/bot"`; `unknown` adds the subjects not known at preview. */
export function describeSubjects(subs: Subject[], unknown = 0): string {
    const parts = subs.map((s) => `${s.kind} "${s.namespace ? `${s.namespace}/` : ""}${s.name}"`);
    if (unknown > 0) parts.push("subjects not known during preview");
    return parts.length ? parts.join(", ") : "no subjects";
}

/** Whether a stack item waives a policy (a binding to a waived role inherits the role's waiver). */
export function waives(item: Item, policyName: string): boolean {
    return evaluateWaiver(waiverSource(item.type, item.props), policyName).kind === "valid";
}

export const ROLE_TYPES = [T.Role, T.ClusterRole];
export const BINDING_TYPES = [T.RoleBinding, T.ClusterRoleBinding];

export function roleLabel(t: { refKind: string; refName: string }): string {
    return `${t.refKind} "${t.refName}"`;
}

export { kindOf, UNKNOWN };
