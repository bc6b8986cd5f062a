import { T } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { inNamespace } from "../namespace/quota-helpers";
import { StackIndex, describe, isWorkload, podLabels } from "../namespace/stack";
import { matchSelector } from "./selectors";

/** A pod no NetworkPolicy selects is non-isolated in both directions (row 69). */
export const requireWorkloadNetworkPolicy = stackPolicy(
    {
        name: "require-workload-network-policy",
        measure: "network.workload-isolation",
        description:
            "Every pod-carrying workload must be selected by at least one NetworkPolicy of its namespace in the stack, judged by evaluating each policy's podSelector (matchLabels and matchExpressions) against the pod template's labels. A pod that no NetworkPolicy selects is not isolated: it accepts all ingress and may send all egress.",
        severity: "medium",
        remediationSteps:
            "Add a NetworkPolicy whose podSelector matches the workload's pod labels and that allows only the flows it needs, or a namespace default-deny policy (podSelector {}).",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const w of idx.items.filter((i) => isWorkload(i.type))) {
                const ns = idx.nsOf(w);
                if (ns.kind === "unknown") continue;
                const key = ns.kind === "known" ? ns.key : "default";
                const labels = podLabels(w);
                const pols = inNamespace(idx, key, T.NetworkPolicy);
                const selected = pols.some((p) => matchSelector(p.props?.spec?.podSelector, labels) !== false);
                if (!selected) {
                    const shown = labels === undefined || typeof labels === "symbol" ? "" : ` (pod labels ${JSON.stringify(labels)})`;
                    report(w.r, `${describe(w, ns)}${shown} is selected by no NetworkPolicy of namespace "${ns.kind === "known" ? idx.nsLabel(ns) : "default"}" in the stack.`);
                }
            }
        },
    },
);
