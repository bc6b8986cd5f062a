import { resourcePolicy } from "../../../lib/policy";
import { cloneProps, isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES, podsOf, PodView, builtInPodSpec } from "../../../lib/pod-specs";
import { annotationOf, containerLabel, isWindowsPod, stringList, workloadContainers } from "./hardening-helpers";
import { showValue } from "../../../lib/format";

/** Annotation (resource or pod template) that declares containers safe for automatic read-only root filesystem. */
export const READ_ONLY_ROOT_FS_OPT_IN = "remediate.ksl.dev/read-only-root-filesystem";

interface Config {
    remediateAllContainers: boolean;
    remediateContainers: string[];
}

/** Containers the owner declared safe to make read-only: config or the opt-in annotation. */
function optedIn(props: any, pod: PodView, config: Config, name: string): boolean {
    if (config.remediateAllContainers === true) return true;
    if (stringList(config.remediateContainers).includes(name)) return true;
    const ann = annotationOf(props, pod, READ_ONLY_ROOT_FS_OPT_IN);
    if (ann === undefined) return false;
    const names = ann.split(",").map((s) => s.trim()).filter(Boolean);
    return names.includes("*") || names.includes("true") || names.includes(name);
}

export const requireReadOnlyRootFilesystem = resourcePolicy<Config>(
    {
        name: "require-read-only-root-filesystem",
        measure: "workload.read-only-root-filesystem",
        description:
            "Every init and regular container must set securityContext.readOnlyRootFilesystem=true, so an intruder cannot modify binaries or drop tools into the container's filesystem; writable paths belong on emptyDir volumes. Windows pods are exempt because Windows does not support the field. Remediation only touches containers declared safe: all containers when config remediateAllContainers is true, containers named in config remediateContainers, or containers listed (comma-separated, or `*` for all) in the annotation `remediate.ksl.dev/read-only-root-filesystem` on the resource or its pod template.",
        severity: "medium",
        remediationSteps:
            "Set securityContext.readOnlyRootFilesystem: true on each container and mount an emptyDir volume at every path the process writes to (e.g. /tmp, caches). To let the pack fix it automatically, list the container in the `remediate.ksl.dev/read-only-root-filesystem` annotation and run with enforcement level remediate.",
        configSchema: {
            properties: {
                remediateAllContainers: { type: "boolean", default: false, description: "Remediate every container, not only the opted-in ones." },
                remediateContainers: { type: "array", items: { type: "string" }, default: [], description: "Container names declared safe to run with a read-only root filesystem." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (isWindowsPod(pod.spec)) continue;
                for (const v of workloadContainers(pod.spec)) {
                    const sc = v.c.securityContext;
                    const value = isObject(sc) ? sc.readOnlyRootFilesystem : undefined;
                    if (value !== true) {
                        report(`${containerLabel(pod, v)} must set securityContext.readOnlyRootFilesystem=true (found ${value === undefined ? "unset" : showValue(value)}).`);
                    }
                }
            }
        },
        remediate: (props, ctx) => {
            const pod = POD_SPEC_TYPES.includes(ctx.type) ? podsOf(ctx.type, props)[0] : undefined;
            if (!pod || isWindowsPod(pod.spec)) return undefined;
            const fixes = workloadContainers(pod.spec).filter(
                (v) => !(isObject(v.c.securityContext) && v.c.securityContext.readOnlyRootFilesystem === true) && optedIn(props, pod, ctx.config, v.name),
            );
            if (fixes.length === 0) return undefined;
            const out = cloneProps(props);
            const spec = builtInPodSpec(ctx.type, out);
            for (const v of fixes) {
                const c = spec[v.kind][v.index];
                if (!isObject(c.securityContext)) c.securityContext = {};
                c.securityContext.readOnlyRootFilesystem = true;
            }
            return out;
        },
    },
);
