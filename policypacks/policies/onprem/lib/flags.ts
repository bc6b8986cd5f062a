// Command-line flags as the control-plane components and the kubelet parse them: kubeadm's
// extraArgs in both forms, comma lists and Go's boolean syntax; and nested document fields by path.
import { isObject } from "../../../lib/k8s";

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

export function csv(v: string | undefined): string[] {
    return (v ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** "true"/"false" flag values as the API server parses them (Go strconv.ParseBool). */
export function flagBool(v: string | undefined): boolean | undefined {
    if (v === undefined) return undefined;
    const t = v.trim();
    if (["1", "t", "T", "true", "TRUE", "True", ""].includes(t)) return true; // bare `--flag` means true
    if (["0", "f", "F", "false", "FALSE", "False"].includes(t)) return false;
    return undefined;
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
