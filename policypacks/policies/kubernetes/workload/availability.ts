// What the availability policies share: the replicated kinds, each workload's effective replica
// count (an HPA's minReplicas when one scales it), and the PodDisruptionBudgets that select it.
import { deferUnknown, T } from "../../../lib/k8s";
import { Item, StackIndex, UNKNOWN, describe, kindOf, podLabels } from "../../../lib/stack-index";
import { matchSelector } from "../../../lib/selectors";

export const PDB_TYPE = "kubernetes:policy/v1:PodDisruptionBudget";
/** HorizontalPodAutoscalers: autoscaling/v2, and v1 (still served, same scaleTargetRef and minReplicas). */
export const HPA_TYPES: readonly string[] = ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "kubernetes:autoscaling/v1:HorizontalPodAutoscaler"];
/** Kinds whose pods are replicas of one template. */
export const REPLICATED_TYPES: readonly string[] = [T.Deployment, T.StatefulSet, T.ReplicaSet];

export type Count = { n: number; source: string } | "unknown";

/** The HPA of the stack that scales `w` (same namespace, scaleTargetRef kind and name). */
export function hpaFor(idx: StackIndex, w: Item): Item | undefined {
    const ns = idx.nsOf(w);
    if (ns.kind === "unknown" || w.name === undefined) return undefined;
    return idx.inNamespace(ns.kind === "known" ? ns.key : "default", ...HPA_TYPES).find((h) => {
        const ref = h.props?.spec?.scaleTargetRef;
        return ref && ref !== UNKNOWN && ref.kind === kindOf(w.type) && ref.name === w.name;
    });
}

/** How many replicas the workload keeps at least: the HPA's minReplicas, else spec.replicas (unset: 1). */
export function minReplicas(idx: StackIndex, w: Item): Count {
    const hpa = hpaFor(idx, w);
    if (hpa) {
        const min = hpa.props?.spec?.minReplicas;
        if (min === UNKNOWN) return "unknown";
        return { n: typeof min === "number" ? min : 1, source: `HorizontalPodAutoscaler "${hpa.name}" minReplicas=${typeof min === "number" ? min : "unset (1)"}` };
    }
    const spec = w.props?.spec;
    if (spec === UNKNOWN || spec?.replicas === UNKNOWN) return "unknown";
    const r = spec?.replicas;
    return { n: typeof r === "number" ? r : 1, source: typeof r === "number" ? `spec.replicas=${r}` : "spec.replicas unset (1)" };
}

/**
 * The stack's replicated workloads with the replicas each keeps. A count unknown during preview
 * makes the calling policy not checkable for that workload (deferUnknown), never a silent pass.
 */
export function replicatedWorkloads(idx: StackIndex): Array<{ w: Item; c: { n: number; source: string } }> {
    const out: Array<{ w: Item; c: { n: number; source: string } }> = [];
    for (const w of idx.ofType(...REPLICATED_TYPES)) {
        const c = minReplicas(idx, w);
        if (c === "unknown") deferUnknown("spec.replicas", describe(w));
        else out.push({ w, c });
    }
    return out;
}

/**
 * PodDisruptionBudgets of the workload's namespace that select its pods, and whether that is
 * undecided during preview: the namespace, the pod labels or some budget's selector unknown.
 */
export function budgetsFor(idx: StackIndex, w: Item): { selecting: Item[]; undecided: boolean } {
    const ns = idx.nsOf(w);
    if (ns.kind === "unknown") return { selecting: [], undecided: true };
    const labels = podLabels(w);
    const selecting: Item[] = [];
    let undecided = false;
    for (const p of idx.inNamespace(ns.kind === "known" ? ns.key : "default", PDB_TYPE)) {
        const m = matchSelector(p.props?.spec?.selector, labels);
        if (m === true) selecting.push(p);
        else if (m === "unknown") undecided = true;
    }
    return { selecting, undecided };
}
