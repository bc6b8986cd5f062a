import { deferUnknown } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { NAMESPACE_CONTEXT_SCHEMA, namespaceContextOf } from "../../../lib/namespace-context";
import { StackIndex, describe, isWorkload, podLabels } from "../../../lib/stack-index";
import { showValue } from "../../../lib/format";
import { podIsolation } from "./netpol";

/** A pod no NetworkPolicy selects is non-isolated in both directions; one selected only for Ingress (or Egress) is open in the other. */
export const requireWorkloadNetworkPolicy = stackPolicy(
    {
        name: "require-workload-network-policy",
        measure: "network.workload-isolation",
        description:
            "Every pod-carrying workload must be isolated in both directions by the NetworkPolicies of its namespace in the stack, judged by evaluating each policy's podSelector (matchLabels and matchExpressions) against the pod template's labels and reading its policyTypes (unset: Ingress, plus Egress when it has egress rules). A pod that no NetworkPolicy selects accepts all ingress and may send all egress; one selected only by Ingress policies may still send anything anywhere (and one selected only by Egress policies accepts all ingress).",
        severity: "medium",
        configSchema: { properties: { namespaceContext: NAMESPACE_CONTEXT_SCHEMA } },
        remediationSteps:
            "Add a NetworkPolicy whose podSelector matches the workload's pod labels and that allows only the flows it needs, or a namespace default-deny policy (podSelector {}).",
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.withContext(args.resources, namespaceContextOf(config));
            for (const w of idx.items.filter((i) => isWorkload(i))) {
                const ns = idx.nsOf(w);
                if (ns.kind === "unknown") continue;
                const key = ns.kind === "known" ? ns.key : "default";
                const labels = podLabels(w);
                const { selecting, covered, unknownTypes } = podIsolation(w, key, idx);
                const shown = labels === undefined || typeof labels === "symbol" ? "" : ` (pod labels ${showValue(labels)})`;
                const nsName = ns.kind === "known" ? idx.nsLabel(ns) : "default";
                if (!selecting.length) {
                    report(w.r, `${describe(w, ns)}${shown} is selected by no NetworkPolicy of namespace "${nsName}" in the stack.`);
                    continue;
                }
                const open = ["Ingress", "Egress"].filter((d) => !covered.has(d));
                if (!open.length) continue;
                if (unknownTypes) {
                    // The policy whose types are unknown may isolate the open direction: not checkable.
                    deferUnknown("spec.policyTypes", describe(unknownTypes, idx.nsOf(unknownTypes)));
                    continue;
                }
                const names = selecting.map((p) => `"${p.name ?? p.r.name}"`).join(", ");
                report(
                    w.r,
                    `${describe(w, ns)}${shown} is selected only by ${covered.has("Ingress") ? "Ingress" : "Egress"} NetworkPolicies (${names}) in namespace "${nsName}": its ${open.join(" and ").toLowerCase()} is not isolated.`,
                );
            }
        },
    },
);
