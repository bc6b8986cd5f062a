import { resourcePolicy } from "../../../lib/policy";
import { isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { containerLabel, intField, isWindowsPod, workloadContainers } from "./hardening-helpers";

export const requireNonRootGroups = resourcePolicy(
    {
        name: "require-non-root-groups",
        measure: "workload.run-as-non-root",
        description:
            "Pods and containers must not run with the root group: runAsGroup, fsGroup and supplementalGroups must not be 0. Group 0 grants access to every file owned by the root group in the image and on mounted volumes, which the Pod Security Standards do not check. Windows pods are exempt because the fields do not apply there.",
        severity: "medium",
        remediationSteps:
            "Set spec.securityContext.runAsGroup and fsGroup to a non-zero group id (e.g. 10001), remove 0 from supplementalGroups, and do not set runAsGroup: 0 on any container.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (isWindowsPod(pod.spec)) continue;
                const psc = pod.spec.securityContext;
                for (const field of ["runAsGroup", "fsGroup"]) {
                    if (intField(psc, field) === 0) report(`${pod.specPath}.securityContext.${field}=0 runs the pod with the root group.`);
                }
                const groups = isObject(psc) ? psc.supplementalGroups : undefined;
                if (Array.isArray(groups) && groups.some((g) => g === 0)) {
                    report(`${pod.specPath}.securityContext.supplementalGroups contains 0 (the root group).`);
                }
                for (const v of workloadContainers(pod.spec)) {
                    if (intField(v.c.securityContext, "runAsGroup") === 0) {
                        report(`${containerLabel(pod, v)} sets securityContext.runAsGroup=0 (the root group).`);
                    }
                }
            }
        },
    },
);
