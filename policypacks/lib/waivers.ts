// Waivers: a resource may waive one policy with a justification and an expiry.
//   Kubernetes: annotation `waivers.ksl.dev/<policy-name>: "expires=2027-03-31; justification=..."`
//   Azure:      tag        `ksl-waiver-<policy-name>`     with the same value.
// A waived violation is still reported (advisory, marked "[waived ...]"); a waiver without a
// justification or past its expiry waives nothing and is itself a violation (policy `waiver-valid`).
import { PLATFORM_INFO } from "../catalog/platforms";

export const K8S_WAIVER_PREFIX = "waivers.ksl.dev/";
/** The cloud tag prefix (AKS: Azure resource tags), from the platform registry. */
export const AZURE_WAIVER_PREFIX = PLATFORM_INFO.aks.cloudWaiverPrefix!;

export type WaiverVerdict =
    | { kind: "none" }
    | { kind: "valid"; expires: string; justification: string }
    | { kind: "invalid"; reason: string };

/** The key/value map waivers are read from: k8s annotations or Azure tags. Never throws. */
export function waiverSource(type: string, props: any): { prefix: string; entries: Record<string, unknown> } {
    try {
        // Azure resources, azure-native or classic provider: waivers are tags.
        if (type.startsWith("azure-native:") || type.startsWith("azure:")) {
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

/**
 * An exemption in a policy's config, for objects a user cannot annotate (vendored manifests,
 * rendered charts): which objects (globs, `*` wildcard; an omitted field matches anything), why,
 * and until when. Same rules as a waiver.
 */
export interface Exemption {
    kind?: string;
    namespace?: string;
    name?: string;
    justification?: string;
    expires?: string;
}

/** The `exemptions` config property every policy declares. */
export const EXEMPTIONS_SCHEMA = {
    type: "array",
    default: [],
    description:
        "Objects this policy does not block, for objects you cannot annotate (vendored manifests, rendered charts): each { kind, namespace, name } (globs with *, an omitted field matches any), with a justification (at least 10 characters) and an expiry (YYYY-MM-DD, at most 366 days ahead). An exempted finding is still reported, as waived; an expired or incomplete exemption exempts nothing and its finding says so.",
    items: {
        type: "object",
        properties: {
            kind: { type: "string", description: "Kubernetes kind (or Azure resource type name), e.g. Deployment." },
            namespace: { type: "string", description: "Namespace glob; omit for any, or for cluster-scoped objects." },
            name: { type: "string", description: "Object name glob (metadata.name, or the resource name)." },
            justification: { type: "string", description: "Why the object may keep this finding." },
            expires: { type: "string", description: "YYYY-MM-DD; the exemption lapses after this day." },
        },
        required: ["justification", "expires"],
    },
};

/** What an exemption is matched against. */
export interface ExemptionSubject {
    kind: string;
    namespace?: string;
    name: string;
}

function glob(pattern: string | undefined, value: string | undefined): boolean {
    if (pattern === undefined || pattern === "*") return true;
    if (value === undefined) return false;
    const parts = pattern.split("*");
    if (parts.length === 1) return pattern === value;
    if (!value.startsWith(parts[0]) || !value.endsWith(parts[parts.length - 1])) return false;
    let at = parts[0].length;
    for (const mid of parts.slice(1, -1)) {
        const i = value.indexOf(mid, at);
        if (i < 0) return false;
        at = i + mid.length;
    }
    return at <= value.length - parts[parts.length - 1].length;
}

/** The verdict of the first exemption in `list` that matches `subject` (none when nothing matches). */
export function evaluateExemption(list: unknown, subject: ExemptionSubject): WaiverVerdict & { index?: number } {
    if (!Array.isArray(list)) return { kind: "none" };
    for (let i = 0; i < list.length; i++) {
        const e = list[i] as Exemption;
        if (typeof e !== "object" || e === null) continue;
        const str = (v: unknown) => (typeof v === "string" ? v : undefined);
        if (!glob(str(e.kind), subject.kind) || !glob(str(e.name), subject.name)) continue;
        if (e.namespace !== undefined && !glob(str(e.namespace), subject.namespace)) continue;
        const verdict = checkWaiverValue(`expires=${str(e.expires) ?? ""}; justification=${str(e.justification) ?? ""}`);
        return { ...verdict, index: i };
    }
    return { kind: "none" };
}

/** Kind, namespace and name of a resource, as exemptions name it. Never throws. */
export function exemptionSubject(type: string, name: string, props: any): ExemptionSubject {
    const kind = type.slice(type.lastIndexOf(":") + 1);
    try {
        const meta = props?.metadata;
        const metaName = typeof meta?.name === "string" && meta.name ? meta.name : undefined;
        const ns = typeof meta?.namespace === "string" && meta.namespace ? meta.namespace : undefined;
        return { kind, namespace: type.startsWith("kubernetes:") ? ns : undefined, name: metaName ?? name };
    } catch {
        return { kind, name };
    }
}

/** A waiver as the components take it: the policy, why, and until when. */
export interface WaiverArg {
    policy: string;
    justification: string;
    expires: string;
}

/**
 * Why a component's waiver argument would waive nothing, or undefined when it is valid: the same
 * rule `waiver-valid` applies in the packs (a policy name, a justification of 10+ characters, an
 * expiry that has not passed and is at most 366 days ahead), so a component never records an
 * opt-out the packs then reject. One validator for every component.
 */
export function waiverArgProblem(w: Partial<WaiverArg> | undefined, policyName: RegExp = /^[a-z0-9]+(-[a-z0-9]+)*$/): string | undefined {
    if (!w || typeof w.policy !== "string" || !policyName.test(w.policy)) return `waiver policy "${w?.policy}" is not a policy name${policyName.source.startsWith("^aks-") ? " of the AKS pack" : ""}.`;
    if (typeof w.justification !== "string" || w.justification.trim().length < 10) return `waiver for ${w.policy} needs a justification of at least 10 characters.`;
    if (typeof w.expires !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(w.expires) || isNaN(Date.parse(w.expires))) return `waiver for ${w.policy} needs expires as YYYY-MM-DD.`;
    const v = checkWaiverValue(`expires=${w.expires}; justification=${w.justification}`);
    if (v.kind === "invalid") return `waiver for ${w.policy} ${v.reason}: the packs would reject it (waiver-valid).`;
    return undefined;
}
