import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { containerLabel, intField, isWindowsPod, workloadContainers } from "./hardening-helpers";

interface Config {
    minimumUid: number;
}

export const requireRunAsHighUid = resourcePolicy<Config>(
    {
        name: "require-run-as-high-uid",
        measure: "workload.run-as-non-root",
        description:
            "An explicit runAsUser (pod or container) must be at least minimumUid (default 10000), so a container that escapes does not share a uid with a real user or system account on the node. Only explicit values are checked, because the image's USER is not visible at preview time. Pods with user namespaces (hostUsers: false) are exempt: their uids are remapped on the node. Windows pods are exempt.",
        severity: "low",
        remediationSteps:
            "Set securityContext.runAsUser to a uid of at least 10000 (e.g. 10001) at pod level and build the image to run as that uid, or enable user namespaces with spec.hostUsers: false.",
        configSchema: {
            properties: {
                minimumUid: { type: "integer", minimum: 0, default: 10000, description: "Lowest acceptable explicit runAsUser." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (isWindowsPod(pod.spec) || pod.spec.hostUsers === false) continue;
                const min = typeof ctx.config.minimumUid === "number" ? ctx.config.minimumUid : 10000;
                const podUid = intField(pod.spec.securityContext, "runAsUser");
                if (podUid !== undefined && podUid < min) {
                    report(`${pod.specPath}.securityContext.runAsUser=${podUid} is below the minimum uid ${min}.`);
                }
                for (const v of workloadContainers(pod.spec)) {
                    const uid = intField(v.c.securityContext, "runAsUser");
                    if (uid !== undefined && uid < min) report(`${containerLabel(pod, v)} sets securityContext.runAsUser=${uid}, below the minimum uid ${min}.`);
                }
            }
        },
    },
);
