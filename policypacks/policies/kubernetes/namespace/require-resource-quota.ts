import { T, isObject } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { NAMESPACE_CONTEXT_SCHEMA, namespaceContextOf } from "../../../lib/namespace-context";
import { inNamespace, workloadList, workloadNamespaces } from "../../../lib/namespace-groups";
import { StackIndex } from "../../../lib/stack-index";

/** Without a quota one namespace can take the cluster's capacity (crypto-mining, runaway jobs). */
export const requireResourceQuota = stackPolicy<{ requiredResources: string[] }>(
    {
        name: "require-resource-quota",
        measure: "namespace.resource-quota",
        description:
            "Every namespace that holds workloads in the stack must have an unscoped ResourceQuota in the stack that caps each configured resource (cpu and memory by default, as cpu, requests.cpu or limits.cpu). Without a quota a compromised or faulty workload can consume the cluster's capacity, the classic crypto-mining pattern, and starve other tenants.",
        severity: "medium",
        remediationSteps:
            "Add a ResourceQuota to the namespace with spec.hard limits for requests.cpu, requests.memory, limits.cpu, limits.memory and pods (HardenedNamespace creates one).",
        configSchema: {
            properties: {
                namespaceContext: NAMESPACE_CONTEXT_SCHEMA,
                requiredResources: { type: "array", items: { type: "string" }, default: ["cpu", "memory"], description: "Resources the quota must cap." },
            },
        },
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.withContext(args.resources, namespaceContextOf(config));
            const required = Array.isArray(config.requiredResources) ? config.requiredResources : ["cpu", "memory"];
            for (const g of workloadNamespaces(idx)) {
                const quotas = inNamespace(idx, g.key, T.ResourceQuota).filter((q) => {
                    const spec = q.props?.spec;
                    // A scoped quota only counts some pods (e.g. BestEffort); it does not cap the namespace.
                    return isObject(spec) && spec.scopes === undefined && spec.scopeSelector === undefined;
                });
                if (!quotas.length) {
                    report(g.at, `namespace "${g.label}" (holding ${workloadList(g)}) has no unscoped ResourceQuota in the stack.`);
                    continue;
                }
                const capped = new Set<string>();
                for (const q of quotas) {
                    const hard = q.props?.spec?.hard;
                    if (isObject(hard)) Object.keys(hard).forEach((k) => capped.add(k));
                }
                const missing = required.filter((r) => ![r, `requests.${r}`, `limits.${r}`].some((k) => capped.has(k)));
                if (missing.length) {
                    report(g.at, `namespace "${g.label}": no ResourceQuota caps ${missing.join(", ")} (spec.hard has no ${missing.map((m) => `${m}/requests.${m}/limits.${m}`).join(", ")}).`);
                }
            }
        },
    },
);
