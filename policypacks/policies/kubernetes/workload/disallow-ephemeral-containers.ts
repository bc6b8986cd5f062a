import { resourcePolicy } from "../../../lib/policy";
import { isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES, podsOf } from "../../../lib/pod-specs";
import { plain } from "../../../lib/props";
import { noteUnknownPod, podSpecPathOf, Unknowns } from "../../../lib/preview-unknowns";

/**
 * No ephemeral containers in a declared pod spec (Kyverno block-ephemeral-containers).
 * Measure namespace.rbac-pod-exec: ephemeral containers are the interactive debugging access that
 * measure restricts to operators (pods/ephemeralcontainers, like pods/exec); the container-level
 * settings of an ephemeral container are already held to every workload.* check.
 */
export const disallowEphemeralContainers = resourcePolicy(
    {
        name: "disallow-ephemeral-containers",
        measure: "namespace.rbac-pod-exec",
        description:
            "A declared pod spec must not carry spec.ephemeralContainers. Ephemeral containers are debugging sessions that operators attach to a running pod through the pods/ephemeralcontainers subresource (`kubectl debug`), an access right namespace.rbac-pod-exec keeps to a few people; a manifest that carries them is a leftover exported from a live pod, and it would ship a shell image - often with a debugging profile and the target's process namespace - as part of the workload. The API server rejects them on pod creation and in pod templates, so a preview is the place to catch them.",
        severity: "medium",
        remediationSteps:
            "Remove spec.ephemeralContainers from the manifest (regenerate it from source rather than from `kubectl get -o yaml`), and debug running pods with `kubectl debug` under an operator role that is granted pods/ephemeralcontainers.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            const u = new Unknowns();
            const pods = podsOf(ctx.type, props);
            if (!pods.length) return void (POD_SPEC_TYPES.includes(ctx.type) && noteUnknownPod(u, ctx.type, props), u.raise());
            for (const pod of pods) {
                // Unknown at preview: not checkable (advisory), rather than a silent pass.
                const list = u.get(pod.spec, ["ephemeralContainers"], podSpecPathOf(pod));
                if (!Array.isArray(list) || list.length === 0) continue;
                const names = list.map((c: unknown, i: number) => (isObject(c) && typeof c.name === "string" ? `"${c.name}"` : `#${i}`));
                const images = list.map((c: unknown) => (isObject(c) && typeof c.image === "string" ? c.image : undefined)).filter((x: unknown): x is string => !!x);
                report(
                    `${pod.specPath}.ephemeralContainers declares ${list.length} ephemeral container${list.length === 1 ? "" : "s"} (${names.slice(0, 5).join(", ")}${images.length ? `; image ${[...new Set(images)].slice(0, 3).join(", ")}` : ""}): a debugging session left in the manifest.`,
                );
            }
            u.raise();
        },
    },
);
