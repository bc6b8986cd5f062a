// Label selectors evaluated as the API server does (metav1.LabelSelector): matchLabels AND every
// matchExpressions requirement; an empty selector matches everything. Service selectors are plain maps.
import { isObject } from "./k8s";
import { UNKNOWN, Unknown } from "./stack-index";

/** true / false, or "unknown" when the selector or the labels are not known at preview. */
export type Match = boolean | "unknown";

export function matchSelector(selector: unknown, labels: Record<string, string> | Unknown): Match {
    if (selector === UNKNOWN || labels === UNKNOWN) return "unknown";
    // An absent podSelector is defaulted to {} by the API server: it selects every pod.
    if (selector === undefined || selector === null) return true;
    if (!isObject(selector)) return false;
    const ml = selector.matchLabels;
    if (ml === UNKNOWN) return "unknown";
    if (isObject(ml)) {
        for (const [k, v] of Object.entries(ml)) {
            if (v === UNKNOWN) return "unknown";
            if (labels[k] !== v) return false;
        }
    }
    const exprs = selector.matchExpressions;
    if (exprs === UNKNOWN) return "unknown";
    if (Array.isArray(exprs)) {
        for (const e of exprs) {
            const m = matchRequirement(e, labels);
            if (m !== true) return m;
        }
    }
    return true;
}

function matchRequirement(e: unknown, labels: Record<string, string>): Match {
    if (e === UNKNOWN) return "unknown";
    if (!isObject(e) || typeof e.key !== "string") return false;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.values === UNKNOWN) return "unknown";
    const values = Array.isArray(e.values) ? e.values.filter((v: unknown) => typeof v === "string") : [];
    switch (e.operator) {
        case "In":
            return has && values.includes(labels[e.key]);
        case "NotIn":
            // The API server: NotIn matches when the key is absent too.
            return !has || !values.includes(labels[e.key]);
        case "Exists":
            return has;
        case "DoesNotExist":
            return !has;
        default:
            // An invalid operator is rejected by the API server; it selects nothing.
            return false;
    }
}

/** Whether a selector is the empty selector `{}` (selects all pods of the namespace). */
export function isEmptySelector(selector: unknown): boolean {
    if (selector === undefined || selector === null) return true;
    if (!isObject(selector)) return false;
    const ml = selector.matchLabels;
    const me = selector.matchExpressions;
    return (!isObject(ml) || Object.keys(ml).length === 0) && (!Array.isArray(me) || me.length === 0);
}

/** A Service's `spec.selector` (a plain map): an empty or absent one selects no pod. */
export function matchServiceSelector(selector: unknown, labels: Record<string, string> | Unknown): Match {
    if (selector === UNKNOWN || labels === UNKNOWN) return "unknown";
    if (!isObject(selector) || Object.keys(selector).length === 0) return false;
    for (const [k, v] of Object.entries(selector)) {
        if (v === UNKNOWN) return "unknown";
        if (labels[k] !== v) return false;
    }
    return true;
}

/**
 * Whether a selector is the empty selector, when that is known at preview: "unknown" when the
 * selector, its matchLabels or its matchExpressions are unknown and nothing known already makes it
 * non-empty (isEmptySelector reads an unknown matchLabels as absent).
 */
export function emptyState(selector: unknown): Match {
    if (selector === UNKNOWN) return "unknown";
    if (selector === undefined || selector === null) return true;
    if (!isObject(selector)) return false;
    const ml = selector.matchLabels;
    const me = selector.matchExpressions;
    if ((isObject(ml) && Object.keys(ml).length > 0) || (Array.isArray(me) && me.length > 0)) return false;
    return ml === UNKNOWN || me === UNKNOWN ? "unknown" : true;
}

/** Whether any part of a (plain snapshot) selector is unknown during preview. */
export function hasUnknown(v: unknown, depth = 0): boolean {
    if (v === UNKNOWN) return true;
    if (typeof v !== "object" || v === null || depth > 8) return false;
    return (Array.isArray(v) ? v : Object.values(v)).some((x) => hasUnknown(x, depth + 1));
}
