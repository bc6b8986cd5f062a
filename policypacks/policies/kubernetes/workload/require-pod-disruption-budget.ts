import { stackPolicy } from "../../../lib/policy";
import { deferUnknown } from "../../../lib/k8s";
import { StackIndex, UNKNOWN, describe } from "../../../lib/stack-index";
import { budgetsFor, PDB_TYPE, replicatedWorkloads } from "./availability";
import { showValue } from "../../../lib/format";

const zero = (v: unknown) => v === 0 || (typeof v === "string" && /^0+%?$/.test(v.trim()));

/**
 * Replicated workloads have a PodDisruptionBudget that still allows a disruption: one that allows
 * none (maxUnavailable 0, minAvailable 100% or at least the replica count) blocks every node
 * drain, so nodes are never patched (kube-linter pdb-max-unavailable, pdb-min-available).
 */
export const requirePodDisruptionBudget = stackPolicy(
    {
        name: "require-pod-disruption-budget",
        measure: "workload.disruption-budget",
        description:
            "Every workload with two or more replicas should be selected by a PodDisruptionBudget, so voluntary disruptions (node drains for patching and upgrades) never take all replicas at once; and no PodDisruptionBudget may forbid every disruption (maxUnavailable 0 or 0%, minAvailable 100% or not below the workload's replicas): that blocks every drain of the nodes it runs on, and with it node patching.",
        severity: "medium",
        remediationSteps:
            "Add a PodDisruptionBudget (policy/v1) selecting the pods with maxUnavailable: 1 (or minAvailable below the replica count); keep replicas, or the HPA's minReplicas, above minAvailable.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const p of idx.ofType(PDB_TYPE)) {
                const spec = p.props?.spec;
                if (spec === UNKNOWN || spec?.maxUnavailable === UNKNOWN || spec?.minAvailable === UNKNOWN) {
                    deferUnknown("spec", describe(p));
                    continue;
                }
                if (spec?.maxUnavailable !== undefined && zero(spec.maxUnavailable)) report(p.r, `${describe(p)} sets maxUnavailable=${showValue(spec.maxUnavailable)}: no pod may ever be evicted, so no node it runs on can be drained.`);
                if (typeof spec?.minAvailable === "string" && /^100%$/.test(spec.minAvailable.trim())) report(p.r, `${describe(p)} sets minAvailable="100%": no pod may ever be evicted, so no node it runs on can be drained.`);
            }
            for (const { w, c } of replicatedWorkloads(idx)) {
                const { selecting, undecided } = budgetsFor(idx, w);
                for (const p of selecting) {
                    const min = p.props?.spec?.minAvailable;
                    if (typeof min === "number" && c.n > 0 && min >= c.n) {
                        report(p.r, `${describe(p)} sets minAvailable=${min} for ${describe(w)}, which keeps ${c.n} (${c.source}): no pod may be evicted, so its nodes cannot be drained.`);
                    }
                }
                // Whether a budget the preview cannot read covers the workload is not decided: say so.
                if (c.n >= 2 && selecting.length === 0 && undecided) deferUnknown("spec.selector", `PodDisruptionBudgets of ${describe(w)}`);
                else if (c.n >= 2 && selecting.length === 0) report(w.r, `${describe(w)} keeps ${c.n} replicas and no PodDisruptionBudget of its namespace in the stack selects its pods: a drain may evict them all at once.`);
            }
        },
    },
);
