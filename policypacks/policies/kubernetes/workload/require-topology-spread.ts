import { resourcePolicy } from "../../../lib/policy";
import { isObject, podOf } from "../../../lib/k8s";
import { REPLICATED_TYPES } from "./availability";

/** Replicas on one node or zone fail together (kube-linter no-anti-affinity, Polaris topologySpreadConstraint). */
export const requireTopologySpread = resourcePolicy(
    {
        name: "require-topology-spread",
        measure: "workload.topology-spread",
        description:
            "A workload with two or more replicas should spread them over nodes and zones (topologySpreadConstraints, or pod anti-affinity). Without it the scheduler may place every replica on one node, and a single node or zone failure takes the whole workload down.",
        severity: "low",
        remediationSteps:
            "Add topologySpreadConstraints with topologyKey topology.kubernetes.io/zone (and kubernetes.io/hostname), maxSkew 1, whenUnsatisfiable ScheduleAnyway, and a labelSelector matching the pods.",
    },
    {
        types: [...REPLICATED_TYPES],
        validate: (props, ctx, report) => {
            const replicas = props?.spec?.replicas;
            if (typeof replicas !== "number" || replicas < 2) return; // one replica: require-replicas says so
            const pod = podOf(ctx.type, props);
            if (!pod) return;
            const spread = pod.spec.topologySpreadConstraints;
            const anti = isObject(pod.spec.affinity) ? pod.spec.affinity.podAntiAffinity : undefined;
            if ((Array.isArray(spread) && spread.length > 0) || isObject(anti)) return;
            report(`${ctx.type.split(":").pop()} with ${replicas} replicas sets no topologySpreadConstraints and no podAntiAffinity: its replicas may share one node or zone.`);
        },
    },
);
