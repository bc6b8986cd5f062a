import { stackPolicy } from "../../../lib/policy";
import { StackIndex, describe } from "../../../lib/stack-index";
import { replicatedWorkloads } from "./availability";

/** One replica is one node drain, eviction or crash away from an outage (kube-linter minimum-three-replicas). */
export const requireReplicas = stackPolicy<{ minReplicas: number }>(
    {
        name: "require-replicas",
        measure: "workload.replicas",
        description:
            "Deployments, StatefulSets and ReplicaSets should keep at least two replicas (minReplicas in the config), counting an HPA's minReplicas where one scales the workload. A single replica goes down with every node drain, node patch, eviction or crash; a workload scaled to 0 is left alone.",
        severity: "low",
        remediationSteps: "Set spec.replicas to 2 or more (or the HorizontalPodAutoscaler's minReplicas), and add a PodDisruptionBudget and topology spread so the replicas do not share a node or zone.",
        configSchema: { properties: { minReplicas: { type: "integer", minimum: 1, default: 2, description: "Fewest replicas a replicated workload keeps." } } },
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const { w, c } of replicatedWorkloads(idx)) {
                if (c.n === 0 || c.n >= config.minReplicas) continue;
                report(w.r, `${describe(w)} keeps ${c.n} replica (${c.source}): below ${config.minReplicas}, one node drain or crash takes it down.`);
            }
        },
    },
);
