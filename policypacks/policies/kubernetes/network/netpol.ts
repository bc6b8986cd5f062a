// NetworkPolicy semantics shared by the network policies.
import { isObject } from "../../../lib/k8s";
import { UNKNOWN } from "../../../lib/stack-index";
import { emptyState, isEmptySelector } from "../../../lib/selectors";

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
