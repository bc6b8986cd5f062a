import { T, isObject } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { NAMESPACE_CONTEXT_SCHEMA, namespaceContextOf } from "../../../lib/namespace-context";
import { inNamespace, workloadList, workloadNamespaces } from "../../../lib/namespace-groups";
import { StackIndex } from "../../../lib/stack-index";

/** A LimitRange gives containers without resources default limits, so a quota can admit them. */
export const requireLimitRange = stackPolicy(
    {
        name: "require-limit-range",
        measure: "namespace.limit-range",
        description:
            "Every namespace that holds workloads in the stack must have a LimitRange in the stack with a Container entry setting default limits. Containers that declare no resources then still get limits, and a namespace ResourceQuota on limits does not reject them.",
        severity: "low",
        configSchema: { properties: { namespaceContext: NAMESPACE_CONTEXT_SCHEMA } },
        remediationSteps:
            "Add a LimitRange with spec.limits [{type: Container, default: {cpu, memory}, defaultRequest: {cpu, memory}, max: {...}}] (HardenedNamespace creates one).",
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.withContext(args.resources, namespaceContextOf(config));
            for (const g of workloadNamespaces(idx)) {
                const ranges = inNamespace(idx, g.key, T.LimitRange);
                if (!ranges.length) {
                    report(g.at, `namespace "${g.label}" (holding ${workloadList(g)}) has no LimitRange in the stack.`);
                    continue;
                }
                const ok = ranges.some((lr) => {
                    const limits = lr.props?.spec?.limits;
                    return Array.isArray(limits) && limits.some((l) => isObject(l) && l.type === "Container" && isObject(l.default) && Object.keys(l.default).length > 0);
                });
                if (!ok) report(g.at, `namespace "${g.label}": no LimitRange has a spec.limits entry of type Container with default limits.`);
            }
        },
    },
);
