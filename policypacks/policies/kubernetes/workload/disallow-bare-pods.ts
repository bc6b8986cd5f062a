import { resourcePolicy } from "../../../lib/policy";
import { T } from "../../../lib/k8s";

export const disallowBarePods = resourcePolicy(
    {
        name: "disallow-bare-pods",
        measure: "workload.bare-pods",
        description:
            "Pods must be managed by a controller (Deployment, StatefulSet, DaemonSet, Job, CronJob). A bare Pod is not rescheduled when its node fails or is drained, and it escapes the rollout and disruption controls the controllers provide. A Pod with metadata.ownerReferences is managed and passes.",
        severity: "low",
        remediationSteps: "Wrap the pod spec in a Deployment (or a StatefulSet, DaemonSet, Job or CronJob as fits the workload).",
    },
    {
        types: [T.Pod],
        validate: (props, _ctx, report) => {
            const owners = props?.metadata?.ownerReferences;
            if (Array.isArray(owners) && owners.length > 0) return;
            report(`Pod is not managed by a controller (no metadata.ownerReferences); use a Deployment, StatefulSet, DaemonSet, Job or CronJob.`);
        },
    },
);
