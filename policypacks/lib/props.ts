// Fast, shared views of a resource's props for policies that read many fields or whole stacks.
// The SDK hands each policy the decoded props behind its own unknown-checking proxy; every field
// read through the proxy allocates, and reading an unknown throws. Policies that walk whole
// objects (stack indexes, document scans) instead read the proxy's target once - shared by all
// policies of the pack thanks to sdk-memo.ts - and see unknown values as an explicit marker.

// The SDK's proxy internals, not in its typings (@pulumi/policy 1.21 proxy.js).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const sdkProxy = require("@pulumi/policy/proxy") as Record<string, string>;

const TARGET_KEY: string = sdkProxy.getSpecialProxyTarget ?? "__getSpecialProxyTarget";

/** The wire sentinels the SDK decodes unknown values to. */
const SENTINELS: ReadonlySet<unknown> = new Set(
    ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"]
        .map((k) => sdkProxy[k])
        .filter((v) => typeof v === "string"),
);

/** Stands for a value that is unknown during preview. Not a string, not an object. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** True for a raw value the SDK would refuse to read because it is unknown during preview. */
export function isUnknownSentinel(v: unknown): boolean {
    return typeof v === "string" && SENTINELS.has(v);
}

/** The object behind the SDK's proxy (the value itself when it is not a proxy). Never throws. */
export function rawTarget<T>(v: T): T {
    if (typeof v !== "object" || v === null) return v;
    try {
        const t = (v as Record<string, unknown>)[TARGET_KEY];
        return (t ?? v) as T;
    } catch {
        return v;
    }
}

const MAX_DEPTH = 64;
const snapshots = new WeakMap<object, unknown>();

/**
 * Deep, frozen copy of props with every unknown value replaced by UNKNOWN, shared by every policy
 * that asks for the same resource. The SDK's proxy throws on reading an unknown; one snapshot up
 * front lets checks treat "unknown" as an ordinary value. Callers must not mutate it (it is frozen).
 */
export function plain(v: unknown): any {
    const raw = rawTarget(v);
    if (typeof raw !== "object" || raw === null) return isUnknownSentinel(raw) ? UNKNOWN : raw;
    const hit = snapshots.get(raw);
    if (hit !== undefined) return hit;
    const copy = copyOf(raw, 0);
    snapshots.set(raw, copy);
    return copy;
}

function copyOf(v: unknown, depth: number): unknown {
    if (isUnknownSentinel(v)) return UNKNOWN;
    if (typeof v !== "object" || v === null) return v;
    // Deeper than any real Kubernetes object: treat as not verifiable rather than recurse further.
    if (depth > MAX_DEPTH) return UNKNOWN;
    let out: unknown;
    if (Array.isArray(v)) {
        out = v.map((x) => copyOf(x, depth + 1));
    } else {
        const o: Record<string, unknown> = {};
        for (const k of Object.keys(v)) o[k] = copyOf((v as Record<string, unknown>)[k], depth + 1);
        out = o;
    }
    return Object.freeze(out);
}
