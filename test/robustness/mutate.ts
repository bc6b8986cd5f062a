// Mutations of realistic resources for the property-based tests: delete, null, wrong types, huge
// arrays, deep nesting, the UNKNOWN sentinel and secrets at any path, unicode and empty strings,
// garbage waiver annotations/tags. A mutation picks its target among all paths of the current value.
import fc from "fast-check";
import { UNKNOWN, secret } from "../helpers/policy-harness";

export type Path = Array<string | number>;

export type Op =
    | { kind: "delete" }
    | { kind: "null" }
    | { kind: "unknown" }
    | { kind: "secret" }
    | { kind: "swap" }
    | { kind: "set"; value: unknown }
    | { kind: "string"; value: string }
    | { kind: "huge"; size: number }
    | { kind: "deep"; depth: number; array: boolean }
    | { kind: "waiver"; policy: string; value: unknown };

export interface Mutation {
    pick: number;
    op: Op;
}

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
function isWireSecret(x: unknown): x is { value: unknown } {
    return !!x && typeof x === "object" && !Array.isArray(x) && SECRET_KEY in x;
}

/** All paths below the root (objects and arrays walked; wire-form secrets included as objects). */
export function pathsOf(v: unknown, limit = 4000): Path[] {
    const out: Path[] = [];
    const walk = (x: unknown, p: Path) => {
        if (out.length >= limit) return;
        if (Array.isArray(x)) x.forEach((c, i) => (out.push([...p, i]), walk(c, [...p, i])));
        // A wire-form secret is one value: mutate what it wraps, never its signature (no engine sends that).
        else if (isWireSecret(x)) walk(x.value, [...p, "value"]);
        else if (x && typeof x === "object") for (const [k, c] of Object.entries(x)) (out.push([...p, k]), walk(c, [...p, k]));
    };
    walk(v, []);
    return out;
}

function getAt(root: any, p: Path): any {
    return p.reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), root);
}

/** A value of a different JSON type than `v`. */
function swapped(v: unknown): unknown {
    if (typeof v === "string") return v.length;
    if (typeof v === "number") return String(v);
    if (typeof v === "boolean") return v ? "true" : 1;
    if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
    if (v && typeof v === "object") return Object.values(v);
    return false;
}

function deep(depth: number, array: boolean, leaf: unknown): unknown {
    let v = leaf;
    for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
    return v;
}

function applyOne(root: Record<string, any>, m: Mutation, waiverKeys: (policy: string) => { annotation: string; tag: string }): void {
    if (m.op.kind === "waiver") {
        const { annotation, tag } = waiverKeys(m.op.policy);
        const meta = root.metadata;
        if (meta && typeof meta === "object" && !Array.isArray(meta)) {
            if (!meta.annotations || typeof meta.annotations !== "object") meta.annotations = {};
            meta.annotations[annotation] = m.op.value;
        } else {
            if (!root.tags || typeof root.tags !== "object") root.tags = {};
            root.tags[tag] = m.op.value;
        }
        return;
    }
    const paths = pathsOf(root);
    if (paths.length === 0) {
        root.spec = m.op.kind === "set" || m.op.kind === "string" ? m.op.value : UNKNOWN;
        return;
    }
    const p = paths[m.pick % paths.length];
    const parent = getAt(root, p.slice(0, -1));
    const key = p[p.length - 1] as any;
    if (parent === null || typeof parent !== "object") return;
    const cur = parent[key];
    switch (m.op.kind) {
        case "delete":
            if (Array.isArray(parent)) parent.splice(key, 1);
            else delete parent[key];
            break;
        case "null":
            parent[key] = null;
            break;
        case "unknown":
            parent[key] = UNKNOWN;
            break;
        case "secret":
            parent[key] = secret(cur === undefined ? null : JSON.parse(JSON.stringify(cur)));
            break;
        case "swap":
            parent[key] = swapped(cur);
            break;
        case "set":
        case "string":
            parent[key] = m.op.value;
            break;
        case "huge": {
            // Thousands of elements: the array itself, or the value repeated (containers, rules, keys).
            const item = Array.isArray(cur) && cur.length > 0 ? cur[0] : cur;
            const json = JSON.stringify(item ?? null);
            parent[key] = Array.from({ length: m.op.size }, () => JSON.parse(json));
            break;
        }
        case "deep":
            parent[key] = deep(m.op.depth, m.op.array, cur === undefined ? "x" : cur);
            break;
    }
}

export function applyMutations(seed: Record<string, any>, ms: Mutation[], waiverKeys: (policy: string) => { annotation: string; tag: string }): Record<string, any> {
    const root = JSON.parse(JSON.stringify(seed));
    for (const m of ms) applyOne(root, m, waiverKeys);
    return root;
}

const scalar = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.constantFrom("", " ", "\u0000", "\u202e", "💥", "true", "0", "-1", "null", "*", "0.0.0.0/0", "ALL", "__proto__", "constructor", "toString"),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308),
    fc.boolean(),
);

export const valueArb: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 4, arbitrary: scalar },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constant(UNKNOWN) },
    { weight: 1, arbitrary: fc.array(fc.oneof(scalar, fc.constant(null), fc.constant(UNKNOWN)), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("name", "image", "value", "path", "type")), scalar, { maxKeys: 4 }) },
);

export function opArb(policyNames: string[], allowHuge: boolean): fc.Arbitrary<Op> {
    return fc.oneof(
        { weight: 3, arbitrary: fc.constant<Op>({ kind: "delete" }) },
        { weight: 3, arbitrary: fc.constant<Op>({ kind: "null" }) },
        { weight: 3, arbitrary: fc.constant<Op>({ kind: "unknown" }) },
        { weight: 2, arbitrary: fc.constant<Op>({ kind: "secret" }) },
        { weight: 3, arbitrary: fc.constant<Op>({ kind: "swap" }) },
        { weight: 4, arbitrary: valueArb.map<Op>((value) => ({ kind: "set", value })) },
        { weight: 2, arbitrary: fc.oneof(fc.string({ unit: "grapheme" }), fc.constant("")).map<Op>((value) => ({ kind: "string", value })) },
        { weight: allowHuge ? 1 : 0, arbitrary: fc.integer({ min: 1000, max: 2500 }).map<Op>((size) => ({ kind: "huge", size })) },
        { weight: 1, arbitrary: fc.record({ depth: fc.integer({ min: 10, max: 80 }), array: fc.boolean() }).map<Op>((d) => ({ kind: "deep", ...d })) },
        {
            weight: 1,
            arbitrary: fc
                .record({ policy: fc.constantFrom(...policyNames), value: fc.oneof(valueArb, fc.constantFrom("expires=2099-01-01; justification=x", "expires=2000-13-45; justification=", "expires=; ;;==;")) })
                .map<Op>((w) => ({ kind: "waiver", ...w })),
        },
    );
}

export function mutationsArb(policyNames: string[], allowHuge: boolean, maxLength = 5): fc.Arbitrary<Mutation[]> {
    return fc.array(fc.record({ pick: fc.nat(), op: opArb(policyNames, allowHuge) }), { minLength: 1, maxLength });
}

/** Short printable description of an input, for failure messages (capped: inputs can be huge). */
export function describeInput(type: string, props: unknown): string {
    const s = JSON.stringify(props);
    return `${type} ${s.length > 600 ? s.slice(0, 600) + `… (${s.length} chars)` : s}`;
}
