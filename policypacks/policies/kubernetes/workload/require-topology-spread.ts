import { stackPolicy } from "../../../lib/policy";
import { deferUnknown, isObject } from "../../../lib/k8s";
import { podsOf } from "../../../lib/pod-specs";
import { StackIndex, UNKNOWN, describe } from "../../../lib/stack-index";
import { replicatedWorkloads } from "./availability";

/** Replicas on one node or zone fail together (kube-linter no-anti-affinity, Polaris topologySpreadConstraint). */
export const requireTopologySpread = stackPolicy(
    {
        name: "require-topology-spread",
        measure: "workload.topology-spread",
        description:
            "A workload that keeps two or more replicas (spec.replicas, or the minReplicas of the HPA that scales it) should spread them over nodes and zones (topologySpreadConstraints, or pod anti-affinity). Without it the scheduler may place every replica on one node, and a single node or zone failure takes the whole workload down.",
        severity: "low",
        remediationSteps:
            "Add topologySpreadConstraints with topologyKey topology.kubernetes.io/zone (and kubernetes.io/hostname), maxSkew 1, whenUnsatisfiable ScheduleAnyway, and a labelSelector matching the pods.",
    },
    {
        validate: (args, _config, report) => {
            const idx = StackIndex.of(args.resources);
            for (const { w, c } of replicatedWorkloads(idx)) {
                if (c.n < 2) continue; // one replica: require-replicas says so
                const pod = podsOf(w.type, w.props)[0];
                if (!pod) continue;
                const spread = pod.spec.topologySpreadConstraints;
                const affinity = pod.spec.affinity;
                if (spread === UNKNOWN || affinity === UNKNOWN) {
                    deferUnknown("spec.template.spec", describe(w));
                    continue;
                }
                if ((Array.isArray(spread) && spread.length > 0) || (isObject(affinity) && isObject(affinity.podAntiAffinity))) continue;
                report(w.r, `${describe(w)} keeps ${c.n} replicas (${c.source}) and sets no topologySpreadConstraints and no podAntiAffinity: its replicas may share one node or zone.`);
            }
        },
    },
);
