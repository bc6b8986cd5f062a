import { resourcePolicy } from "../../../lib/policy";
import { T } from "../../../lib/k8s";
import { POD_SPEC_TYPES, podsOf } from "../../../lib/pod-specs";

/** Node agents and kube-system workloads must not be the first evicted under pressure (kube-linter priority-class-name). */
export const requirePriorityClass = resourcePolicy(
    {
        name: "require-priority-class",
        measure: "workload.priority-class",
        description:
            "Cluster-critical workloads - DaemonSets (node agents such as CNI, log and security agents) and every workload in kube-system - should set a priorityClassName. Without one they have priority 0, so under node pressure they are evicted or left unscheduled before ordinary pods, and the node loses networking, logging or its security agent.",
        severity: "low",
        remediationSteps: "Set spec.template.spec.priorityClassName: system-node-critical for node agents, system-cluster-critical for cluster add-ons, or a PriorityClass of your own above the default.",
    },
    {
        types: [...POD_SPEC_TYPES],
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const ns = props?.metadata?.namespace;
                const critical = ctx.type === T.DaemonSet || ns === "kube-system";
                if (!critical) continue;
                const pc = pod.spec.priorityClassName;
                if (typeof pc === "string" && pc.trim() !== "") continue;
                report(`${ctx.type.split(":").pop()} ${ctx.type === T.DaemonSet ? "(a node agent)" : "in kube-system"} sets no priorityClassName: it runs at priority 0 and is evicted before ordinary pods under pressure.`);
            }
        },
    },
);
