import { resourcePolicy } from "../../../lib/policy";
import { isObject, T } from "../../../lib/k8s";
import { exposes, isWithin, normalizeHostPath, RUNTIME_SOCKET_PATHS, SENSITIVE_HOST_PATHS, stringList } from "./hardening-helpers";

interface Config {
    allowedPathPrefixes: string[];
}

export const restrictHostPathPersistentVolumes = resourcePolicy<Config>(
    {
        name: "restrict-host-path-persistent-volumes",
        measure: "workload.host-path-volumes",
        description:
            "PersistentVolumes must not use spec.hostPath unless the path lies under one of the configured allowedPathPrefixes (none by default) and exposes no sensitive host directory or runtime socket, and a `local` PersistentVolume must not expose one either. Such a volume reaches the node's filesystem through an ordinary persistentVolumeClaim, which Pod Security Admission allows at every level, so it bypasses the pod-level hostPath checks.",
        severity: "critical",
        remediationSteps:
            "Use a CSI-backed StorageClass, or a `local` PersistentVolume with node affinity for node-local disks. If a hostPath PersistentVolume is unavoidable (single-node test clusters), add its directory to allowedPathPrefixes in the policy config.",
        configSchema: {
            properties: {
                allowedPathPrefixes: { type: "array", items: { type: "string" }, default: [], description: "Host directories under which hostPath PersistentVolumes are allowed." },
            },
        },
    },
    {
        types: [T.PersistentVolume],
        validate: (props, ctx, report) => {
            // A `local` PersistentVolume is the node's filesystem too: meant for a dedicated disk
            // (/mnt/disks/ssd1), it must not expose the node's own directories.
            const local = isObject(props?.spec) ? props.spec.local : undefined;
            if (isObject(local) && typeof local.path === "string") {
                const path = normalizeHostPath(local.path);
                if ([...SENSITIVE_HOST_PATHS, ...RUNTIME_SOCKET_PATHS].some((s) => exposes(path, s))) {
                    report(`spec.local.path="${path}" exposes a sensitive host directory or runtime socket to every pod that claims this volume.`);
                }
            }
            const hp = isObject(props?.spec) ? props.spec.hostPath : undefined;
            if (!isObject(hp)) return;
            if (typeof hp.path !== "string") {
                report(`spec.hostPath is set without a valid path.`);
                return;
            }
            const path = normalizeHostPath(hp.path);
            const sensitive = [...SENSITIVE_HOST_PATHS, ...RUNTIME_SOCKET_PATHS].some((s) => exposes(path, s));
            const allowed = stringList(ctx.config.allowedPathPrefixes).map(normalizeHostPath).some((a) => isWithin(path, a));
            if (sensitive) report(`spec.hostPath.path="${path}" exposes a sensitive host directory or runtime socket.`);
            else if (!allowed) report(`spec.hostPath.path="${path}" is not under an allowed prefix (allowedPathPrefixes).`);
        },
    },
);
