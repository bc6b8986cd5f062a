import { POD_SPEC_TYPES, T, isObject } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { inNamespace } from "../namespace/quota-helpers";
import { StackIndex, UNKNOWN, describe, podLabels } from "../namespace/stack";
import { allowAllReasons } from "./netpol";
import { isEmptySelector, matchSelector } from "./selectors";

/** Policies that look like isolation but allow everything, or select nothing (rows 71). */
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
                const spec = np.props?.spec;
                if (!isObject(spec)) continue;
                const scope = isEmptySelector(spec.podSelector) ? " and, with podSelector {}, applies to every pod of the namespace" : "";
                const reasons: string[] = [];
                for (const dir of ["ingress", "egress"] as const) {
                    const rules = spec[dir];
                    if (!Array.isArray(rules)) continue;
                    rules.forEach((r: unknown, i: number) => reasons.push(...allowAllReasons(r, dir, `spec.${dir}[${i}]`)));
                }
                if (reasons.length) report(np.r, `${describe(np, ns)}: ${reasons.join("; ")}${scope}.`);

                if (ns.kind === "unknown" || spec.podSelector === UNKNOWN || isEmptySelector(spec.podSelector)) continue;
                const key = ns.kind === "known" ? ns.key : "default";
                const workloads = inNamespace(idx, key, ...POD_SPEC_TYPES);
                if (!workloads.some((w) => matchSelector(spec.podSelector, podLabels(w)) !== false)) {
                    report(np.r, `${describe(np, ns)}: spec.podSelector ${JSON.stringify(spec.podSelector)} selects no pod of a workload in its namespace in the stack (dangling policy).`);
                }
            }
        },
    },
);
