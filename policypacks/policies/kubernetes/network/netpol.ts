// NetworkPolicy semantics shared by the network policies.
import { T, isObject } from "../../../lib/k8s";
import { inNamespace } from "../../../lib/namespace-groups";
import { Item, StackIndex, UNKNOWN, podLabels } from "../../../lib/stack-index";
import { emptyState, isEmptySelector, matchSelector } from "../../../lib/selectors";

/** Effective policyTypes: absent means Ingress, plus Egress when egress rules are present (API defaulting). */
export function policyTypes(spec: any): { ingress: boolean; egress: boolean } {
    const pt = spec?.policyTypes;
    if (Array.isArray(pt)) return { ingress: pt.includes("Ingress"), egress: pt.includes("Egress") };
    return { ingress: true, egress: Array.isArray(spec?.egress) && spec.egress.length > 0 };
}

function noRules(v: unknown): boolean {
    return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

/** Which directions this policy denies for every pod of its namespace (empty podSelector, no rules). */
export function defaultDeny(props: any): { ingress: boolean; egress: boolean } {
    const spec = props?.spec;
    if (!isObject(spec) || spec.podSelector === UNKNOWN || !isEmptySelector(spec.podSelector)) return { ingress: false, egress: false };
    const t = policyTypes(spec);
    return { ingress: t.ingress && noRules(spec.ingress), egress: t.egress && noRules(spec.egress) };
}

const ANY_CIDRS = ["0.0.0.0/0", "::/0"];

/**
 * Why a peer list / rule allows everyone, or undefined. `dir` is "ingress" or "egress".
 * `onUnknown` is told the path of a field unknown during preview that could make the rule allow
 * everyone (the rule, its peers, a peer's ipBlock or selectors); known parts are still judged.
 */
export function allowAllReasons(rule: unknown, dir: "ingress" | "egress", path: string, onUnknown: (path: string) => void = () => undefined): string[] {
    if (rule === UNKNOWN) {
        onUnknown(path);
        return [];
    }
    if (!isObject(rule)) return [];
    const peersKey = dir === "ingress" ? "from" : "to";
    const peers = rule[peersKey];
    const out: string[] = [];
    if (peers === UNKNOWN) {
        onUnknown(`${path}.${peersKey}`);
        return out;
    }
    if (noRules(peers)) {
        out.push(`${path} has no ${peersKey}: it allows ${dir} ${dir === "ingress" ? "from" : "to"} every source${isObject(rule) && noRules(rule.ports) ? " on every port" : ""}`);
        return out;
    }
    (Array.isArray(peers) ? peers : []).forEach((p: unknown, i: number) => {
        const at = `${path}.${peersKey}[${i}]`;
        if (p === UNKNOWN) return onUnknown(at);
        if (!isObject(p)) return;
        if (p.ipBlock === UNKNOWN) onUnknown(`${at}.ipBlock`);
        const cidr = isObject(p.ipBlock) ? p.ipBlock.cidr : undefined;
        if (cidr === UNKNOWN) onUnknown(`${at}.ipBlock.cidr`);
        if (typeof cidr === "string" && ANY_CIDRS.includes(cidr)) {
            const except = isObject(p.ipBlock) && Array.isArray(p.ipBlock.except) && p.ipBlock.except.length > 0;
            out.push(`${at}.ipBlock.cidr="${cidr}"${except ? " (with exceptions)" : ""} allows every address`);
        }
        // Every namespace: namespaceSelector {} with no (or an empty) podSelector.
        const nsAll = p.namespaceSelector === undefined ? false : emptyState(p.namespaceSelector);
        const podAll = p.podSelector === undefined ? true : emptyState(p.podSelector);
        if (nsAll === true && podAll === true) {
            out.push(`${at}.namespaceSelector={} allows every pod of every namespace`);
        } else if (nsAll !== false && podAll !== false) {
            onUnknown(nsAll === "unknown" ? `${at}.namespaceSelector` : `${at}.podSelector`);
        }
    });
    return out;
}

/**
 * The directions a NetworkPolicy isolates its pods in: its policyTypes, or - when unset - Ingress,
 * plus Egress if it has egress rules (the API's defaulting). Undefined when policyTypes is unknown.
 */
export function directionsOf(p: Item): Set<string> | undefined {
    const spec = p.props?.spec;
    const types = spec === UNKNOWN ? UNKNOWN : spec?.policyTypes;
    if (types === UNKNOWN || (Array.isArray(types) && types.includes(UNKNOWN))) return undefined;
    if (Array.isArray(types) && types.length > 0) return new Set(types.filter((t): t is string => typeof t === "string"));
    if (spec?.egress === UNKNOWN) return undefined;
    return new Set(Array.isArray(spec?.egress) ? ["Ingress", "Egress"] : ["Ingress"]);
}

export interface PodIsolation {
    /** The NetworkPolicies of the workload's namespace whose podSelector matches (or may match) its pod labels. */
    selecting: Item[];
    /** Directions ("Ingress", "Egress") isolated by a policy that certainly selects the pods. */
    certain: Set<string>;
    /** Directions isolated by a selecting policy, certainly or not. */
    covered: Set<string>;
    /** A selecting policy whose policyTypes are unknown at preview. */
    unknownTypes?: Item;
}

/** How the NetworkPolicies of namespace `nsKey` in the stack isolate the pods of workload `w`. */
export function podIsolation(w: Item, nsKey: string, idx: StackIndex): PodIsolation {
    const labels = podLabels(w);
    const out: PodIsolation = { selecting: [], certain: new Set(), covered: new Set() };
    for (const p of inNamespace(idx, nsKey, T.NetworkPolicy)) {
        const m = matchSelector(p.props?.spec?.podSelector, labels);
        if (m === false) continue;
        out.selecting.push(p);
        const d = directionsOf(p);
        if (!d) {
            out.unknownTypes ??= p;
            continue;
        }
        for (const x of d) {
            out.covered.add(x);
            if (m === true) out.certain.add(x);
        }
    }
    return out;
}
