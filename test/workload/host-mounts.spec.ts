import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { disallowSensitiveHostMounts } from "../../policypacks/policies/kubernetes/workload/disallow-sensitive-host-mounts";
import { disallowContainerRuntimeSocket } from "../../policypacks/policies/kubernetes/workload/disallow-container-runtime-socket";
import { requireReadOnlyHostPath } from "../../policypacks/policies/kubernetes/workload/require-read-only-host-path";
import { restrictHostPathPersistentVolumes } from "../../policypacks/policies/kubernetes/workload/restrict-host-path-persistent-volumes";
import { exposes, normalizeHostPath } from "../../policypacks/policies/kubernetes/workload/hardening-helpers";
import { podCases, run } from "./cases";

function hostPath(path: string, readOnly = true, type?: string) {
    return (s: any) => {
        s.volumes.push({ name: "host", hostPath: { path, ...(type ? { type } : {}) } });
        s.containers[0].volumeMounts.push({ name: "host", mountPath: "/host", readOnly });
    };
}

describe("host path helpers", () => {
    it("normalises paths as the kernel resolves them", () => {
        assert.equal(normalizeHostPath("//etc/./kubernetes/"), "/etc/kubernetes");
        assert.equal(normalizeHostPath("/var/lib/../lib/kubelet"), "/var/lib/kubelet");
        assert.equal(normalizeHostPath("/"), "/");
        assert.equal(normalizeHostPath("relative/dir"), "/relative/dir");
    });
    it("treats parents and children of a sensitive path as exposing it", () => {
        assert.ok(exposes("/var", "/var/lib/kubelet"));
        assert.ok(exposes("/etc/kubernetes/pki", "/etc"));
        assert.ok(exposes("/", "/etc"));
        assert.ok(!exposes("/var/log", "/var/lib/kubelet"));
        assert.ok(!exposes("/etcd-backup", "/etc"));
    });
});

podCases(disallowSensitiveHostMounts, [
    { title: "no hostPath volume", fires: 0 },
    { title: "a hostPath under /data", mutate: hostPath("/data/cache"), fires: 0 },
    { title: "/var/log (not sensitive by default)", mutate: hostPath("/var/log"), fires: 0 },
    { title: "the host root /", mutate: hostPath("/"), fires: 1, match: /hostPath\.path="\/"/ },
    { title: "/etc/kubernetes/pki", mutate: hostPath("/etc/kubernetes/pki"), fires: 1, match: /volumes\[1\]\.hostPath\.path="\/etc\/kubernetes\/pki"/ },
    { title: "/proc", mutate: hostPath("/proc"), fires: 1 },
    { title: "/var (parent of /var/lib/kubelet)", mutate: hostPath("/var"), fires: 1, match: /exposes \/var\/lib\/kubelet/ },
    { title: "//var/lib/etcd/ written oddly", mutate: hostPath("//var/lib/etcd/"), fires: 1 },
    { title: "/root", mutate: hostPath("/root/.ssh"), fires: 1 },
    { title: "a configured extra path", mutate: hostPath("/srv/secrets"), config: { additionalSensitivePaths: ["/srv"] }, fires: 1 },
]);

podCases(disallowContainerRuntimeSocket, [
    { title: "no hostPath volume", fires: 0 },
    { title: "an unrelated hostPath", mutate: hostPath("/data"), fires: 0 },
    { title: "/var/run/docker.sock", mutate: hostPath("/var/run/docker.sock"), fires: 1, match: /docker\.sock".*runtime socket/ },
    { title: "/run/containerd/containerd.sock", mutate: hostPath("/run/containerd/containerd.sock"), fires: 1 },
    { title: "/var/run/crio/crio.sock", mutate: hostPath("/var/run/crio/crio.sock"), fires: 1 },
    { title: "/var/run (holds sockets)", mutate: hostPath("/var/run"), fires: 1 },
    { title: "/run/containerd", mutate: hostPath("/run/containerd"), fires: 1 },
    { title: "a docker.sock in an odd place", mutate: hostPath("/opt/dind/docker.sock"), fires: 1 },
]);

podCases(requireReadOnlyHostPath, [
    { title: "no hostPath volume", fires: 0 },
    { title: "a read-only hostPath mount", mutate: hostPath("/data", true), fires: 0 },
    { title: "a writable hostPath mount", mutate: hostPath("/data", false), fires: 1, match: /mounts hostPath volume "host" \(\/data\) writable: volumeMounts\[1\]\.readOnly/ },
    {
        title: "a writable hostPath mount in an init container",
        mutate: (s) => {
            hostPath("/data", true)(s);
            s.initContainers = [{ name: "init", image: s.containers[0].image, volumeMounts: [{ name: "host", mountPath: "/h" }] }];
        },
        fires: 1,
        match: /initContainer "init"/,
    },
    { title: "a writable emptyDir mount", mutate: (s) => s.containers[0].volumeMounts.push({ name: "tmp", mountPath: "/cache", readOnly: false }), fires: 0 },
    // readOnly does not stop connect() on a Unix socket: a socket is judged by what it reaches.
    { title: "a writable mount of a *.sock file (Falco's containerd socket)", mutate: hostPath("/run/containerd/containerd.sock", false), fires: 0 },
    { title: "a writable mount of a type: Socket volume", mutate: hostPath("/var/run/cilium/health", false, "Socket"), fires: 0 },
    { title: "its true twin: a writable mount of the directory holding the socket", mutate: hostPath("/run/containerd", false, "Directory"), fires: 1 },
]);

describe("socket mounts are judged as sockets", () => {
    it("the runtime socket a node agent mounts writable is reported once, by disallow-container-runtime-socket", () => {
        const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "falco" }, spec: { containers: [{ name: "falco", image: "falcosecurity/falco:0.39.2", volumeMounts: [{ name: "containerd-socket", mountPath: "/host/run/containerd/containerd.sock" }] }], volumes: [{ name: "containerd-socket", hostPath: { path: "/run/containerd/containerd.sock" } }] } };
        assert.equal(run(requireReadOnlyHostPath, T.Pod, pod).length, 0);
        assert.equal(run(disallowContainerRuntimeSocket, T.Pod, pod).length, 1);
    });
});

describe("restrict-host-path-persistent-volumes", () => {
    const pv = (spec: any) => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], ...spec } });
    it("accepts a CSI PersistentVolume", () => {
        assert.equal(run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ csi: { driver: "disk.csi.azure.com", volumeHandle: "x" } })).length, 0);
    });
    it("accepts a local PersistentVolume on a dedicated disk", () => {
        assert.equal(run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ local: { path: "/mnt/disks/ssd1" }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["node-1"] }] }] } } })).length, 0);
    });
    it("rejects a local PersistentVolume at the node's root or its system directories", () => {
        for (const path of ["/", "/etc", "/var/lib/kubelet", "/run/containerd/containerd.sock"]) {
            const vs = run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ local: { path } }));
            assert.equal(vs.length, 1, path);
            assert.match(vs[0].message, /spec\.local\.path=".*" exposes a sensitive host directory or runtime socket/);
        }
    });
    it("rejects a hostPath PersistentVolume outside the allowed prefixes", () => {
        const vs = run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ hostPath: { path: "/mnt/data" } }));
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /spec\.hostPath\.path="\/mnt\/data" is not under an allowed prefix/);
    });
    it("accepts a hostPath PersistentVolume under an allowed prefix", () => {
        assert.equal(run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ hostPath: { path: "/mnt/data/a" } }), { allowedPathPrefixes: ["/mnt/data"] }).length, 0);
    });
    it("rejects a sensitive hostPath PersistentVolume even under an allowed prefix", () => {
        const vs = run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ hostPath: { path: "/etc" } }), { allowedPathPrefixes: ["/"] });
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /exposes a sensitive host directory/);
    });
    it("rejects a runtime socket PersistentVolume", () => {
        assert.equal(run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ hostPath: { path: "/var/run/docker.sock" } })).length, 1);
    });
    it("rejects a hostPath without a valid path", () => {
        assert.equal(run(restrictHostPathPersistentVolumes, T.PersistentVolume, pv({ hostPath: { path: 7 } })).length, 1);
    });
    it("is mandatory by default (critical)", () => {
        assert.equal(restrictHostPathPersistentVolumes.enforcementLevel, "mandatory");
        assert.equal(restrictHostPathPersistentVolumes.severity, "critical");
    });
});
