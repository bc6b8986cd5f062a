import { resourcePolicy } from "../../../lib/policy";
import { isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";

export const requireEmptyDirSizeLimit = resourcePolicy(
    {
        name: "require-emptydir-size-limit",
        measure: "workload.resource-limits",
        description:
            "Every emptyDir volume must set sizeLimit. An unbounded emptyDir fills the node's disk (or, with medium: Memory, its RAM) and evicts other workloads; a limit makes the kubelet evict only the offending pod.",
        severity: "medium",
        remediationSteps: "Set emptyDir.sizeLimit on each emptyDir volume (e.g. sizeLimit: 256Mi), and ephemeral-storage requests/limits on the containers that write to it.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (!Array.isArray(pod.spec.volumes)) continue;
                pod.spec.volumes.forEach((v: any, i: number) => {
                    if (!isObject(v) || !("emptyDir" in v) || v.emptyDir === null || v.emptyDir === undefined) return;
                    const ed = isObject(v.emptyDir) ? v.emptyDir : {};
                    const limit = ed.sizeLimit;
                    if (!((typeof limit === "string" && limit.trim() !== "") || typeof limit === "number")) {
                        const name = typeof v.name === "string" ? v.name : `#${i}`;
                        report(`emptyDir volume "${name}" (${pod.specPath}.volumes[${i}].emptyDir) has no sizeLimit${ed.medium === "Memory" ? " and uses node memory (medium: Memory)" : ""}.`);
                    }
                });
            }
        },
    },
);
