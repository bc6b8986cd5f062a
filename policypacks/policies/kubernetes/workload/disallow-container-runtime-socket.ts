import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { exposes, hostPathVolumes, RUNTIME_SOCKET_NAMES, RUNTIME_SOCKET_PATHS } from "./hardening-helpers";

export const disallowContainerRuntimeSocket = resourcePolicy(
    {
        name: "disallow-container-runtime-socket",
        measure: "workload.host-path-volumes",
        description:
            "Pods must not mount a container runtime's socket (docker.sock, containerd.sock, crio.sock, cri-dockerd.sock, podman.sock) or a directory that contains one (/var/run, /run, /run/containerd, ...). Whoever talks to the runtime socket can start a privileged container on the node, so this is a full node takeover. The check applies whatever Pod Security level the namespace enforces.",
        severity: "critical",
        remediationSteps:
            "Remove the hostPath volume that reaches the runtime socket. Build images with a daemonless builder (BuildKit rootless, kaniko, buildah) instead of Docker-in-Docker, and use the Kubernetes API rather than the runtime for introspection.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                for (const v of hostPathVolumes(pod.spec)) {
                    const base = v.path.split("/").pop() ?? "";
                    const socket = RUNTIME_SOCKET_NAMES.includes(base) || RUNTIME_SOCKET_PATHS.some((s) => exposes(v.path, s));
                    if (socket) {
                        report(`volume "${v.name}" (${pod.specPath}.volumes[${v.index}].hostPath.path="${v.path}") exposes a container runtime socket.`);
                    }
                }
            }
        },
    },
);
