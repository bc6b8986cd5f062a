// Waivers (DESIGN.md §4): a resource may waive one policy with a justification and an expiry.
//   Kubernetes: annotation `waivers.ksl.dev/<policy-name>: "expires=2027-03-31; justification=..."`
//   Azure:      tag        `ksl-waiver-<policy-name>`     with the same value.
// A waived violation is still reported (advisory, marked "[waived ...]"); a waiver without a
// justification or past its expiry waives nothing and is itself a violation (policy `waiver-valid`).

export const K8S_WAIVER_PREFIX = "waivers.ksl.dev/";
export const AZURE_WAIVER_PREFIX = "ksl-waiver-";

export type WaiverVerdict =
    | { kind: "none" }
    | { kind: "valid"; expires: string; justification: string }
    | { kind: "invalid"; reason: string };

/** The key/value map waivers are read from: k8s annotations or Azure tags. Never throws. */
export function waiverSource(type: string, props: any): { prefix: string; entries: Record<string, unknown> } {
    try {
        if (type.startsWith("azure-native:")) {
            const tags = props?.tags;
            return { prefix: AZURE_WAIVER_PREFIX, entries: isPlainObject(tags) ? tags : {} };
        }
        // Library components (e.g. OnPremNodePool) take `waivers: {<policy>: "expires=...; justification=..."}`.
        if (type.startsWith("ksl:") && isPlainObject(props?.waivers)) {
            return { prefix: "", entries: props.waivers };
        }
        const annotations = props?.metadata?.annotations;
        return { prefix: K8S_WAIVER_PREFIX, entries: isPlainObject(annotations) ? annotations : {} };
    } catch {
        // Unknown during preview: no waiver can be read, so none applies.
        return { prefix: K8S_WAIVER_PREFIX, entries: {} };
    }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses `expires=YYYY-MM-DD; justification=text` (order free, `;`-separated). */
export function parseWaiverValue(value: unknown): { expires?: string; justification?: string } {
    if (typeof value !== "string") return {};
    const out: { expires?: string; justification?: string } = {};
    for (const part of value.split(";")) {
        const i = part.indexOf("=");
        if (i < 0) continue;
        const key = part.slice(0, i).trim().toLowerCase();
        const val = part.slice(i + 1).trim();
        if (key === "expires") out.expires = val;
        else if (key === "justification" || key === "reason") out.justification = val;
    }
    return out;
}

export function today(): string {
    return process.env.KSL_TODAY ?? new Date().toISOString().slice(0, 10);
}

/** Checks one waiver value; `maxDays` bounds how far ahead an expiry may lie. */
export function checkWaiverValue(value: unknown, maxDays = 366): WaiverVerdict {
    const { expires, justification } = parseWaiverValue(value);
    if (!justification || justification.length < 10) {
        return { kind: "invalid", reason: "has no justification (write `justification=<why, at least 10 characters>`)" };
    }
    if (!expires || !/^\d{4}-\d{2}-\d{2}$/.test(expires) || isNaN(Date.parse(expires))) {
        return { kind: "invalid", reason: "has no valid expiry (write `expires=YYYY-MM-DD`)" };
    }
    const now = today();
    if (expires < now) return { kind: "invalid", reason: `expired on ${expires}` };
    const days = (Date.parse(expires) - Date.parse(now)) / 86_400_000;
    if (days > maxDays) return { kind: "invalid", reason: `expires ${expires}, more than ${maxDays} days ahead` };
    return { kind: "valid", expires, justification };
}

export function evaluateWaiver(source: { prefix: string; entries: Record<string, unknown> }, policyName: string): WaiverVerdict {
    let value: unknown;
    try {
        value = source.entries[source.prefix + policyName];
    } catch {
        return { kind: "none" };
    }
    if (value === undefined) return { kind: "none" };
    try {
        return checkWaiverValue(value);
    } catch {
        return { kind: "none" };
    }
}

/** All waiver entries on a resource: policy name → raw value. */
export function listWaivers(source: { prefix: string; entries: Record<string, unknown> }): Array<[string, unknown]> {
    const out: Array<[string, unknown]> = [];
    for (const key of Object.keys(source.entries)) {
        if (key.startsWith(source.prefix)) out.push([key.slice(source.prefix.length), source.entries[key]]);
    }
    return out;
}

/** Builds a waiver annotation/tag pair, for components recording their opt-outs. */
export function waiverEntry(platform: "k8s" | "azure", policyName: string, justification: string, expires: string): [string, string] {
    const prefix = platform === "k8s" ? K8S_WAIVER_PREFIX : AZURE_WAIVER_PREFIX;
    return [prefix + policyName, `expires=${expires}; justification=${justification}`];
}
