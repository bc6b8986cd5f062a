import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { exposes, hostPathVolumes, normalizeHostPath, SENSITIVE_HOST_PATHS, stringList } from "./hardening-helpers";

interface Config {
    additionalSensitivePaths: string[];
}

export const disallowSensitiveHostMounts = resourcePolicy<Config>(
    {
        name: "disallow-sensitive-host-mounts",
        measure: "workload.host-path-volumes",
        description:
            "Pods must not mount sensitive host directories as hostPath volumes: the root filesystem, /etc, /proc, /sys, /dev, /boot, system binaries and libraries, /root, /home, the kubelet's and etcd's state and the container runtimes' state. A mount of a parent directory (for example /var, which holds /var/lib/kubelet) counts as a mount of the sensitive directory. Such a mount hands a container the node's credentials or control of the node. The check applies whatever Pod Security level the namespace enforces, including privileged namespaces, because no workload needs write or read access to these paths to be safe.",
        severity: "critical",
        remediationSteps:
            "Remove the hostPath volume. Use a ConfigMap, Secret, projected or emptyDir volume, or a CSI driver for node-level data. Node agents that truly need such a mount run in a dedicated, tightly controlled namespace with a waiver `waivers.ksl.dev/disallow-sensitive-host-mounts` naming the reason.",
        configSchema: {
            properties: {
                additionalSensitivePaths: { type: "array", items: { type: "string" }, default: [], description: "More host directories to treat as sensitive." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const sensitive = [...SENSITIVE_HOST_PATHS, ...stringList(ctx.config.additionalSensitivePaths).map(normalizeHostPath)];
                for (const v of hostPathVolumes(pod.spec)) {
                    const hit = sensitive.filter((s) => exposes(v.path, s));
                    if (hit.length === 0) continue;
                    const what = hit.includes(v.path) ? "a sensitive host directory" : `a path that exposes ${hit.slice(0, 3).join(", ")}`;
                    report(`volume "${v.name}" (${pod.specPath}.volumes[${v.index}].hostPath.path="${v.path}") mounts ${what}.`);
                }
            }
        },
    },
);
