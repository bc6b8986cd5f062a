import { resourcePolicy } from "../../../lib/policy";
import { containersOf, isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { containerLabel, hostPathVolumes, isSocketVolume } from "./hardening-helpers";

export const requireReadOnlyHostPath = resourcePolicy(
    {
        name: "require-read-only-host-path",
        measure: "workload.host-path-volumes",
        description:
            "Every volumeMount of a hostPath volume must set readOnly: true. A writable host mount lets a container plant files on the node (binaries, cron entries, symlinks the kubelet follows), which persists beyond the container and reaches other workloads. A Unix socket (hostPath type Socket, or a *.sock file) is not judged here: readOnly does not stop a process from connecting to it, so what the socket reaches decides (a container runtime's socket is reported by disallow-container-runtime-socket, any hostPath volume by the Pod Security host-path check). The check applies whatever Pod Security level the namespace enforces.",
        severity: "high",
        remediationSteps:
            "Set readOnly: true on each volumeMount that uses a hostPath volume, or replace the hostPath volume with an emptyDir, persistentVolumeClaim or CSI volume.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const hostVols = new Map(hostPathVolumes(pod.spec).filter((v) => !isSocketVolume(v)).map((v) => [v.name, v]));
                if (hostVols.size === 0) continue;
                for (const v of containersOf(pod.spec)) {
                    const mounts = v.c.volumeMounts;
                    if (!Array.isArray(mounts)) continue;
                    mounts.forEach((m: any, i: number) => {
                        if (!isObject(m) || typeof m.name !== "string") return;
                        const hv = hostVols.get(m.name);
                        if (hv && m.readOnly !== true) {
                            report(`${containerLabel(pod, v)} mounts hostPath volume "${m.name}" (${hv.path}) writable: volumeMounts[${i}].readOnly must be true.`);
                        }
                    });
                }
            }
        },
    },
);
