import { T } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { NAMESPACE_CONTEXT_SCHEMA, namespaceContextOf } from "../../../lib/namespace-context";
import { inNamespace, workloadList, workloadNamespaces } from "../../../lib/namespace-groups";
import { StackIndex } from "../../../lib/stack-index";
import { defaultDeny, podIsolation } from "./netpol";

/** Kubernetes allows all traffic until a policy selects a pod: start every namespace from deny. */
export const requireNamespaceDefaultDeny = stackPolicy(
    {
        name: "require-namespace-default-deny",
        measure: "network.namespace-default-deny",
        description:
            "Every namespace that holds workloads in the stack must have NetworkPolicies in the stack that deny all ingress and all egress by default: an empty podSelector with policyTypes Ingress and no ingress rules, and with policyTypes Egress and no egress rules. Pods not selected by any NetworkPolicy accept traffic from, and send traffic to, anywhere, so one compromised pod can reach every other and exfiltrate freely. A namespace whose NetworkPolicies in the stack already isolate every pod it holds in the missing direction (a chart's own per-component policies, each selecting its pods with policyTypes Ingress and Egress) passes: no pod of the stack is left open there (what those policies' rules allow is judged by restrict-networkpolicy-rules).",
        severity: "high",
        configSchema: { properties: { namespaceContext: NAMESPACE_CONTEXT_SCHEMA } },
        remediationSteps:
            "Add a NetworkPolicy {podSelector: {}, policyTypes: [Ingress, Egress]} to the namespace (or one per direction), then allow the flows each workload needs, including DNS egress to kube-dns (HardenedNamespace does this).",
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.withContext(args.resources, namespaceContextOf(config));
            for (const g of workloadNamespaces(idx)) {
                const pols = inNamespace(idx, g.key, T.NetworkPolicy).map((p) => defaultDeny(p.props));
                let missing = [pols.some((p) => p.ingress) ? "" : "ingress", pols.some((p) => p.egress) ? "" : "egress"].filter(Boolean);
                // Without a namespace-wide deny, the pods of the stack may still each be isolated by
                // policies that certainly select them; a direction every pod is isolated in is covered.
                if (missing.length) {
                    const isolations = g.workloads.map((w) => podIsolation(w, g.key, idx).certain);
                    missing = missing.filter((m) => !isolations.every((c) => c.has(m === "ingress" ? "Ingress" : "Egress")));
                }
                if (missing.length) {
                    report(g.at, `namespace "${g.label}" (holding ${workloadList(g)}) has no default-deny ${missing.join(" or ")} NetworkPolicy (podSelector {} with policyTypes ${missing.map((m) => (m === "ingress" ? "Ingress" : "Egress")).join(", ")} and no rules).`);
                }
            }
        },
    },
);
