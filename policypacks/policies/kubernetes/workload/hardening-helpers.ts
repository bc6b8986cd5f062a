// Helpers shared by the workload policies that go beyond the Pod Security Standards.
import { containersOf, ContainerView, describeContainer, isObject } from "../../../lib/k8s";
import { PodView, containerPathOf } from "../../../lib/pod-specs";

/** Capability names as the runtime sees them: `cap_net_raw`, `CAP_NET_RAW` and `NET_RAW` are one capability. */
export function normalizeCapability(v: unknown): string | undefined {
    if (typeof v !== "string") return undefined;
    const up = v.trim().toUpperCase();
    return up.startsWith("CAP_") ? up.slice(4) : up;
}

/** `capabilities.add` / `.drop` of a container, normalised; malformed entries ignored. */
export function capabilityList(c: any, which: "add" | "drop"): string[] {
    const caps = isObject(c?.securityContext) ? c.securityContext.capabilities : undefined;
    const list = isObject(caps) ? caps[which] : undefined;
    if (!Array.isArray(list)) return [];
    return list.map(normalizeCapability).filter((x): x is string => x !== undefined);
}

/** Dotted field path of a container, e.g. `spec.template.spec.containers[0]`. */
export function containerPath(pod: PodView, v: ContainerView): string {
    return containerPathOf(pod, v);
}

/** `container "app" (spec.template.spec.containers[0])` for messages. */
export function containerLabel(pod: PodView, v: ContainerView): string {
    return `${describeContainer(v)} (${containerPath(pod, v)})`;
}

/** Containers that run a workload process: init and regular (ephemeral ones are debugging aids). */
export function workloadContainers(spec: any): ContainerView[] {
    return containersOf(spec).filter((v) => v.kind !== "ephemeralContainers");
}

/** An integer-valued field, or undefined when unset or malformed. */
export function intField(o: any, key: string): number | undefined {
    if (!isObject(o)) return undefined;
    const v = o[key];
    return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** Config list of strings, tolerant of malformed config. */
export function stringList(v: unknown): string[] {
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Pod annotations first, then the owning resource's: either place can carry an opt-in. */
export function annotationOf(props: any, pod: PodView, key: string): string | undefined {
    const podAnn = isObject(pod.metadata?.annotations) ? pod.metadata.annotations[key] : undefined;
    if (typeof podAnn === "string") return podAnn;
    const ann = isObject(props?.metadata?.annotations) ? props.metadata.annotations[key] : undefined;
    return typeof ann === "string" ? ann : undefined;
}

/** Labels of the pod template merged over the resource's own labels. */
export function labelOf(props: any, pod: PodView, key: string): string | undefined {
    const podLabel = isObject(pod.metadata?.labels) ? pod.metadata.labels[key] : undefined;
    if (typeof podLabel === "string") return podLabel;
    const l = isObject(props?.metadata?.labels) ? props.metadata.labels[key] : undefined;
    return typeof l === "string" ? l : undefined;
}

/** Windows pods: Linux-only fields (readOnlyRootFilesystem, capabilities, user namespaces) do not apply. */
export function isWindowsPod(spec: any): boolean {
    return isObject(spec?.os) && spec.os.name === "windows";
}

/** Normalises a host path as the kernel resolves it: `//etc/./kubernetes/` → `/etc/kubernetes`. */
export function normalizeHostPath(p: string): string {
    const out: string[] = [];
    for (const part of p.split("/")) {
        if (part === "" || part === ".") continue;
        if (part === "..") out.pop();
        else out.push(part);
    }
    return "/" + out.join("/");
}

/** True when `a` is `b` or lies inside it. */
export function isWithin(a: string, b: string): boolean {
    return a === b || b === "/" || a.startsWith(b + "/");
}

/**
 * True when mounting `mounted` exposes `sensitive`: the same path, a path inside it, or a parent
 * directory of it (mounting /var exposes /var/lib/kubelet).
 */
export function exposes(mounted: string, sensitive: string): boolean {
    // The host root is sensitive as a whole; its subdirectories are judged on their own.
    if (sensitive === "/") return mounted === "/";
    return isWithin(mounted, sensitive) || isWithin(sensitive, mounted);
}

export interface HostPathVolume {
    index: number;
    name: string;
    path: string;
    /** hostPath.type when it is a string ("Socket", "Directory", ...). */
    type?: string;
}

/**
 * True when the volume mounts a single Unix socket: declared with type Socket, or a file named
 * *.sock / *.socket. A read-only bind mount does not stop connect() on a socket, so readOnly
 * neither protects nor weakens it; what the socket reaches is what matters.
 */
export function isSocketVolume(v: HostPathVolume): boolean {
    if (v.type === "Socket") return true;
    const base = v.path.split("/").pop() ?? "";
    return /\.sock(et)?$/.test(base);
}

/** hostPath volumes of a pod spec with their normalised paths; malformed entries skipped. */
export function hostPathVolumes(spec: any): HostPathVolume[] {
    const out: HostPathVolume[] = [];
    const vols = spec?.volumes;
    if (!Array.isArray(vols)) return out;
    vols.forEach((v: any, index: number) => {
        if (!isObject(v) || !isObject(v.hostPath) || typeof v.hostPath.path !== "string") return;
        out.push({
            index,
            name: typeof v.name === "string" ? v.name : `#${index}`,
            path: normalizeHostPath(v.hostPath.path),
            ...(typeof v.hostPath.type === "string" ? { type: v.hostPath.type } : {}),
        });
    });
    return out;
}

/** Host directories whose exposure hands over the node (kube-linter sensitive-host-mounts, kubescape C-0020, plus the kubelet and etcd state). */
export const SENSITIVE_HOST_PATHS: readonly string[] = [
    "/", "/bin", "/sbin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/usr", "/proc", "/sys",
    "/root", "/home", "/var/lib/kubelet", "/var/lib/etcd", "/var/lib/docker", "/var/lib/containerd",
    "/var/lib/cri-o",
];

/** Where container runtimes put their API sockets; a mount of any of these, or of a parent directory, hands over the node. */
export const RUNTIME_SOCKET_PATHS: readonly string[] = [
    "/var/run/docker.sock", "/run/docker.sock",
    "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock", "/run/crio/crio.sock",
    "/var/run/cri-dockerd.sock", "/run/cri-dockerd.sock",
    "/run/podman/podman.sock", "/var/run/podman/podman.sock",
    "/run/k3s/containerd/containerd.sock", "/var/snap/microk8s/common/run/containerd.sock",
];

/** Socket file names recognised wherever they are mounted from. */
export const RUNTIME_SOCKET_NAMES: readonly string[] = [
    "docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "podman.sock", "dockershim.sock", "frakti.sock", "rktlet.sock",
];
