// The shape of every on-prem policy: find the documents of the kinds it checks in any resource
// (see ./documents), run a per-document check, and prefix each finding with the resource and
// the document's location.
import { KslPolicy, PolicyMeta, resourcePolicy } from "../../../lib/policy";
import { isObject } from "../../../lib/k8s";
import { FoundCloudConfig, FoundDoc, FoundToml, resourceLabel, Scan, scanResource } from "./documents";
import { STRONG_CIPHER_SUITES } from "../../../../components/onprem/documents";

export { ONPREM_NODE_POOL_TYPE } from "./documents";

export interface OnpremCheck<C> {
    /** Document kinds this policy reads. */
    kinds?: string[];
    doc?: (d: FoundDoc, config: C, report: (message: string) => void) => void;
    toml?: (t: FoundToml, config: C, report: (message: string) => void) => void;
    cloudConfig?: (c: FoundCloudConfig, config: C, report: (message: string) => void) => void;
    /** Whole-scan hook (parse errors). */
    scan?: (s: Scan, config: C, report: (message: string) => void) => void;
}

export function onpremPolicy<C = Record<string, never>>(meta: PolicyMeta, check: OnpremCheck<C>): KslPolicy {
    const kinds = new Set(check.kinds ?? []);
    return resourcePolicy<C>(meta, {
        // Documents can sit in any resource's string property (cloud-init user-data).
        types: ["*"],
        validate: (props, ctx, report) => {
            const scan = scanResource(ctx.type, ctx.name, props);
            // Most resources hold no node configuration: nothing to label or check.
            if (scan.docs.length === 0 && scan.toml.length === 0 && scan.cloudConfigs.length === 0 && scan.errors.length === 0 && scan.unknownKeys.length === 0) return;
            const label = resourceLabel(ctx.type, ctx.name, props);
            if (check.scan) check.scan(scan, ctx.config, (m) => report(`${label}: ${m}`));
            if (check.doc) {
                for (const d of scan.docs) {
                    if (!kinds.has(d.kind)) continue;
                    check.doc(d, ctx.config, (m) => report(`${label}, ${d.kind} in ${d.where}: ${m}`));
                }
            }
            if (check.toml) for (const t of scan.toml) check.toml(t, ctx.config, (m) => report(`${label}, ${t.where}: ${m}`));
            if (check.cloudConfig) for (const c of scan.cloudConfigs) check.cloudConfig(c, ctx.config, (m) => report(`${label}, ${c.where}: ${m}`));
            // A kubeadm ConfigMap document this policy reads is unknown during preview: after checking
            // what is known, read it through the SDK's proxy so the SDK reports the policy as not
            // checkable (advisory) instead of passing silently.
            for (const u of scan.unknownKeys) if (kinds.has(u.kind)) void props.data[u.key];
        },
    });
}

/** Reads kubeadm extraArgs: v1beta4 list of {name, value} or v1beta3 map. Last value wins. */
export function argsOf(component: unknown): Map<string, string> {
    const out = new Map<string, string>();
    if (!isObject(component)) return out;
    const raw = component.extraArgs ?? component.kubeletExtraArgs;
    if (Array.isArray(raw)) {
        for (const a of raw) {
            if (isObject(a) && typeof a.name === "string") out.set(a.name, a.value === undefined || a.value === null ? "" : String(a.value));
        }
    } else if (isObject(raw)) {
        for (const [k, v] of Object.entries(raw)) out.set(k, v === undefined || v === null ? "" : String(v));
    }
    return out;
}

/** `get(doc, "a.b.c")`: a nested value, or undefined (never throws). */
export function get(doc: unknown, path: string): any {
    let cur: any = doc;
    for (const p of path.split(".")) {
        if (!isObject(cur)) return undefined;
        cur = cur[p];
    }
    return cur;
}

export function csv(v: string | undefined): string[] {
    return (v ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** Suites outside the strong AEAD/ECDHE set (CIS 1.2.29 / 4.2.12). */
export function weakSuites(list: unknown): string[] {
    const items = Array.isArray(list) ? list : typeof list === "string" ? csv(list) : [];
    return items.map(String).filter((s) => !STRONG_CIPHER_SUITES.includes(s));
}

/** "true"/"false" flag values as the API server parses them (Go strconv.ParseBool). */
export function flagBool(v: string | undefined): boolean | undefined {
    if (v === undefined) return undefined;
    const t = v.trim();
    if (["1", "t", "T", "true", "TRUE", "True", ""].includes(t)) return true; // bare `--flag` means true
    if (["0", "f", "F", "false", "FALSE", "False"].includes(t)) return false;
    return undefined;
}

/** A value for a message: short, and strings quoted. Only used on non-secret config fields. */
export function show(v: unknown): string {
    if (typeof v === "string") return JSON.stringify(v.length > 120 ? v.slice(0, 117) + "..." : v);
    if (v === undefined) return "unset";
    try {
        const s = JSON.stringify(v);
        return s.length > 120 ? s.slice(0, 117) + "..." : s;
    } catch {
        return String(v);
    }
}

export const TLS_VERSION_ORDER = ["VersionTLS10", "VersionTLS11", "VersionTLS12", "VersionTLS13"];
