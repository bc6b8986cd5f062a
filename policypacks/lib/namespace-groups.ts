// Groups the stack's workloads by namespace and finds the namespace-scoped objects that cover them;
// used by the ResourceQuota, LimitRange and default-deny policies.
import type { PolicyResource } from "@pulumi/policy";
import { Item, StackIndex, isWorkload, describe } from "./stack-index";

export interface NsGroup {
    key: string;
    label: string;
    /** Where to report: the Namespace of the stack, else the first workload (never a context object). */
    at: PolicyResource;
    workloads: Item[];
}

/**
 * Namespaces that hold pod-carrying workloads in the stack; an unset namespace counts as "default".
 * Workloads are taken in URN order, not the stack's: the Pulumi CLI lists a stack's resources in
 * the order their steps ran, which concurrent registration varies, and a finding must land on the
 * same object every time.
 */
export function workloadNamespaces(idx: StackIndex): NsGroup[] {
    const groups = new Map<string, NsGroup>();
    const workloads = idx.items.filter((i) => isWorkload(i)).sort((a, b) => (a.r.urn < b.r.urn ? -1 : a.r.urn > b.r.urn ? 1 : 0));
    for (const w of workloads) {
        const ns = idx.nsOf(w);
        if (ns.kind === "unknown") continue;
        const key = ns.kind === "known" ? ns.key : "default";
        const label = ns.kind === "known" ? idx.nsLabel(ns) : "default";
        let g = groups.get(key);
        if (!g) {
            const nsItem = idx.namespace(key);
            g = { key, label, at: nsItem && !nsItem.context ? nsItem.r : w.r, workloads: [] };
            groups.set(key, g);
        }
        g.workloads.push(w);
    }
    return [...groups.values()];
}

/** Items of the given types in the namespace `key` (unset namespace = "default"). */
export function inNamespace(idx: StackIndex, key: string, ...types: string[]): Item[] {
    return idx.inNamespace(key, ...types);
}

export function workloadList(g: NsGroup): string {
    const names = g.workloads.slice(0, 3).map((w) => describe(w));
    return names.join(", ") + (g.workloads.length > 3 ? ` and ${g.workloads.length - 3} more` : "");
}
