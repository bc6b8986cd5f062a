import { T, deferUnknown, isObject } from "../../../lib/k8s";
import { POD_SPEC_TYPES, podTemplatePath } from "../../../lib/pod-specs";
import { stackPolicy } from "../../../lib/policy";
import { inNamespace } from "../../../lib/namespace-groups";
import { StackIndex, UNKNOWN, describe, podLabels } from "../../../lib/stack-index";
import { allowAllReasons } from "./netpol";
import { emptyState, hasUnknown, matchSelector } from "../../../lib/selectors";
import { showValue } from "../../../lib/format";

/** Policies that look like isolation but allow everything, or select nothing. */
export const restrictNetworkPolicyRules = stackPolicy(
    {
        name: "restrict-networkpolicy-rules",
        measure: "network.networkpolicy-hygiene",
        description:
            "NetworkPolicies must not undo isolation: no allow-all rules (ingress: [{}] or egress: [{}], a rule without from/to), no peers that match everything (ipBlock 0.0.0.0/0 or ::/0, namespaceSelector {}), especially not with an empty podSelector that applies them to the whole namespace. A policy whose podSelector selects no pod of its namespace in the stack is reported as dangling, as it usually means a label typo.",
        severity: "medium",
        remediationSteps:
            "Name the peers a workload needs (a podSelector, a namespaceSelector on kubernetes.io/metadata.name, or a specific CIDR) and the ports; fix podSelector labels so they match the intended pods.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const np of idx.ofType(T.NetworkPolicy)) {
                const ns = idx.nsOf(np);
                const at = describe(np, ns);
                // Unknown during preview: reported as not checkable (after every known finding), never passed.
                const unknown = (path: string) => deferUnknown(path, at);
                const spec = np.props?.spec;
                if (spec === UNKNOWN) {
                    unknown("spec");
                    continue;
                }
                if (!isObject(spec)) continue;
                const selectsAll = emptyState(spec.podSelector);
                const scope = selectsAll === true ? " and, with podSelector {}, applies to every pod of the namespace" : "";
                const reasons: string[] = [];
                for (const dir of ["ingress", "egress"] as const) {
                    const rules = spec[dir];
                    if (rules === UNKNOWN) unknown(`spec.${dir}`);
                    if (!Array.isArray(rules)) continue;
                    rules.forEach((r: unknown, i: number) => reasons.push(...allowAllReasons(r, dir, `spec.${dir}[${i}]`, unknown)));
                }
                if (reasons.length) report(np.r, `${at}: ${reasons.join("; ")}${scope}.`);

                // Dangling: a non-empty podSelector that selects no pod of its namespace's workloads.
                if (selectsAll === true) continue;
                if (spec.podSelector === UNKNOWN) {
                    unknown("spec.podSelector");
                    continue;
                }
                if (ns.kind === "unknown") {
                    unknown("metadata.namespace");
                    continue;
                }
                const key = ns.kind === "known" ? ns.key : "default";
                const matches = inNamespace(idx, key, ...POD_SPEC_TYPES).map((w) => ({ w, m: matchSelector(spec.podSelector, podLabels(w)) }));
                if (matches.some((x) => x.m === true)) continue;
                const maybe = matches.find((x) => x.m === "unknown");
                if (maybe) {
                    // Either the selector or the workload's pod labels are unknown.
                    if (hasUnknown(spec.podSelector)) unknown("spec.podSelector");
                    else deferUnknown([...podTemplatePath(maybe.w.type), "metadata", "labels"].join("."), describe(maybe.w, idx.nsOf(maybe.w)));
                    continue;
                }
                // A workload whose namespace is unknown may live in this one.
                const elsewhere = idx.ofType(...POD_SPEC_TYPES).find((w) => idx.nsOf(w).kind === "unknown" && matchSelector(spec.podSelector, podLabels(w)) !== false);
                if (elsewhere) {
                    deferUnknown("metadata.namespace", describe(elsewhere));
                    continue;
                }
                report(np.r, `${at}: spec.podSelector ${showValue(spec.podSelector)} selects no pod of a workload in its namespace in the stack (dangling policy).`);
            }
        },
    },
);
