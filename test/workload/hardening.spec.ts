import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { disallowDangerousCapabilities } from "../../policypacks/policies/kubernetes/workload/disallow-dangerous-capabilities";
import { requireDropNetRaw } from "../../policypacks/policies/kubernetes/workload/require-drop-net-raw";
import { requireReadOnlyRootFilesystem } from "../../policypacks/policies/kubernetes/workload/require-read-only-root-filesystem";
import { requireNonRootGroups } from "../../policypacks/policies/kubernetes/workload/require-non-root-groups";
import { requireRunAsHighUid } from "../../policypacks/policies/kubernetes/workload/require-run-as-high-uid";
import { disallowHostAliases } from "../../policypacks/policies/kubernetes/workload/disallow-host-aliases";
import { requireResourceLimits } from "../../policypacks/policies/kubernetes/workload/require-resource-limits";
import { requireEmptyDirSizeLimit } from "../../policypacks/policies/kubernetes/workload/require-emptydir-size-limit";
import { PROBE_TYPES, requireHealthProbes } from "../../policypacks/policies/kubernetes/workload/require-health-probes";
import { disallowDefaultServiceAccount } from "../../policypacks/policies/kubernetes/workload/disallow-default-service-account";
import { disallowDeprecatedServiceAccountField } from "../../policypacks/policies/kubernetes/workload/disallow-deprecated-service-account-field";
import { disallowBarePods } from "../../policypacks/policies/kubernetes/workload/disallow-bare-pods";
import { requireUserNamespaces } from "../../policypacks/policies/kubernetes/workload/require-user-namespaces";
import { requireSandboxedRuntimeClass } from "../../policypacks/policies/kubernetes/workload/require-sandboxed-runtime-class";
import { podCases, run } from "./cases";
import { hardened, hardenedContainer } from "./kinds";

const caps = (add?: string[], drop?: string[]) => (s: any) => {
    s.containers[0].securityContext.capabilities = { ...(add ? { add } : {}), ...(drop ? { drop } : {}) };
};
const windows = (s: any) => {
    s.os = { name: "windows" };
};

podCases(disallowDangerousCapabilities, [
    { title: "drop ALL, nothing added", fires: 0 },
    { title: "NET_BIND_SERVICE added", mutate: caps(["NET_BIND_SERVICE"], ["ALL"]), fires: 0 },
    { title: "SYS_ADMIN added", mutate: caps(["SYS_ADMIN"]), fires: 1, match: /container "app" \(.*containers\[0\]\) adds SYS_ADMIN in securityContext\.capabilities\.add/ },
    { title: "CAP_SYS_PTRACE added (runtime spelling)", mutate: caps(["CAP_SYS_PTRACE"], ["ALL"]), fires: 1, match: /adds SYS_PTRACE/ },
    { title: "lower-case net_admin added", mutate: caps(["net_admin"]), fires: 1, match: /NET_ADMIN/ },
    { title: "ALL added", mutate: caps(["ALL"]), fires: 1 },
    {
        title: "SYS_ADMIN added in an ephemeral container",
        mutate: (s) => (s.ephemeralContainers = [{ name: "debug", image: s.containers[0].image, securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }]),
        fires: 1,
        match: /ephemeralContainer "debug"/,
    },
    { title: "a capability outside a custom list", mutate: caps(["SYS_ADMIN"]), config: { forbiddenCapabilities: ["BPF"] }, fires: 0 },
]);

podCases(requireDropNetRaw, [
    { title: "drop ALL", fires: 0 },
    { title: "drop NET_RAW", mutate: caps(undefined, ["NET_RAW"]), fires: 0 },
    { title: "drop CAP_NET_RAW", mutate: caps(undefined, ["CAP_NET_RAW"]), fires: 0 },
    { title: "no drop list", mutate: caps(), fires: 1, match: /does not drop NET_RAW: securityContext\.capabilities\.drop=\[\] must contain "ALL" or "NET_RAW"/ },
    { title: "drop of other capabilities only", mutate: caps(undefined, ["SYS_ADMIN"]), fires: 1 },
    { title: "NET_RAW added back after drop ALL", mutate: caps(["NET_RAW"], ["ALL"]), fires: 1, match: /adds NET_RAW/ },
    { title: "a Windows pod without drop", mutate: (s) => { caps()(s); windows(s); }, fires: 0 },
    { title: "two containers, one without drop", mutate: (s) => s.containers.push({ ...hardenedContainer("side"), securityContext: {} }), fires: 1, match: /"side"/ },
]);


podCases(requireReadOnlyRootFilesystem, [
    { title: "readOnlyRootFilesystem: true", fires: 0 },
    { title: "readOnlyRootFilesystem unset", mutate: (s) => delete s.containers[0].securityContext.readOnlyRootFilesystem, fires: 1, match: /container "app" .* must set securityContext\.readOnlyRootFilesystem=true \(found unset\)/ },
    { title: "readOnlyRootFilesystem: false", mutate: (s) => (s.containers[0].securityContext.readOnlyRootFilesystem = false), fires: 1, match: /found false/ },
    { title: "no securityContext in an init container", mutate: (s) => (s.initContainers = [{ name: "init", image: s.containers[0].image }]), fires: 1, match: /initContainer "init"/ },
    { title: "an ephemeral debug container", mutate: (s) => (s.ephemeralContainers = [{ name: "debug", image: s.containers[0].image }]), fires: 0 },
    { title: "a Windows pod", mutate: (s) => { delete s.containers[0].securityContext.readOnlyRootFilesystem; windows(s); }, fires: 0 },
]);

podCases(requireNonRootGroups, [
    { title: "non-zero groups", fires: 0 },
    { title: "runAsGroup: 0", mutate: (s) => (s.securityContext.runAsGroup = 0), fires: 1, match: /securityContext\.runAsGroup=0/ },
    { title: "fsGroup: 0", mutate: (s) => (s.securityContext.fsGroup = 0), fires: 1, match: /fsGroup=0/ },
    { title: "supplementalGroups with 0", mutate: (s) => (s.securityContext.supplementalGroups = [1000, 0]), fires: 1, match: /supplementalGroups contains 0/ },
    { title: "container runAsGroup: 0", mutate: (s) => (s.containers[0].securityContext.runAsGroup = 0), fires: 1, match: /container "app".*runAsGroup=0/ },
    { title: "groups unset", mutate: (s) => { delete s.securityContext.runAsGroup; delete s.securityContext.fsGroup; }, fires: 0 },
]);

podCases(requireRunAsHighUid, [
    { title: "runAsUser 10001", fires: 0 },
    { title: "runAsUser unset", mutate: (s) => delete s.securityContext.runAsUser, fires: 0 },
    { title: "pod runAsUser 1000", mutate: (s) => { s.securityContext.runAsUser = 1000; s.hostUsers = true; }, fires: 1, match: /runAsUser=1000 is below the minimum uid 10000/ },
    { title: "container runAsUser 0", mutate: (s) => { s.containers[0].securityContext.runAsUser = 0; delete s.hostUsers; }, fires: 1, match: /container "app".*runAsUser=0/ },
    { title: "runAsUser 1000 with user namespaces", mutate: (s) => (s.securityContext.runAsUser = 1000), fires: 0 },
    { title: "runAsUser 1000 with a lower configured minimum", mutate: (s) => { s.securityContext.runAsUser = 1000; delete s.hostUsers; }, config: { minimumUid: 1000 }, fires: 0 },
]);

podCases(disallowHostAliases, [
    { title: "no hostAliases", fires: 0 },
    { title: "empty hostAliases", mutate: (s) => (s.hostAliases = []), fires: 0 },
    { title: "hostAliases", mutate: (s) => (s.hostAliases = [{ ip: "10.0.0.5", hostnames: ["login.microsoftonline.com"] }]), fires: 1, match: /hostAliases overrides \/etc\/hosts for "login\.microsoftonline\.com"/ },
]);

podCases(requireResourceLimits, [
    { title: "requests and limits", fires: 0 },
    { title: "no resources", mutate: (s) => delete s.containers[0].resources, fires: 1, match: /has no resources\.requests\.cpu, resources\.requests\.memory, resources\.limits\.cpu, resources\.limits\.memory/ },
    { title: "no memory limit", mutate: (s) => delete s.containers[0].resources.limits.memory, fires: 1, match: /has no resources\.limits\.memory\.$/ },
    { title: "no CPU limit, CPU limits not required", mutate: (s) => delete s.containers[0].resources.limits.cpu, config: { requireCpuLimit: false }, fires: 0 },
    { title: "an init container without resources", mutate: (s) => (s.initContainers = [{ name: "init", image: s.containers[0].image }]), fires: 1, match: /initContainer "init"/ },
    { title: "pod-level resources", mutate: (s) => { delete s.containers[0].resources; s.resources = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }; }, fires: 0 },
]);

podCases(requireEmptyDirSizeLimit, [
    { title: "emptyDir with sizeLimit", fires: 0 },
    { title: "emptyDir without sizeLimit", mutate: (s) => (s.volumes[0].emptyDir = {}), fires: 1, match: /emptyDir volume "tmp" \(.*volumes\[0\]\.emptyDir\) has no sizeLimit/ },
    { title: "memory-backed emptyDir without sizeLimit", mutate: (s) => (s.volumes[0].emptyDir = { medium: "Memory" }), fires: 1, match: /medium: Memory/ },
    { title: "no volumes", mutate: (s) => { delete s.volumes; delete s.containers[0].volumeMounts; }, fires: 0 },
]);

podCases(
    requireHealthProbes,
    [
        { title: "liveness and readiness probes", fires: 0 },
        { title: "no probes", mutate: (s) => { delete s.containers[0].livenessProbe; delete s.containers[0].readinessProbe; }, fires: 1, match: /container "app" .* has no livenessProbe or readinessProbe/ },
        { title: "no readiness probe", mutate: (s) => delete s.containers[0].readinessProbe, fires: 1, match: /has no readinessProbe\.$/ },
        { title: "no readiness probe, not required", mutate: (s) => delete s.containers[0].readinessProbe, config: { requireReadiness: false }, fires: 0 },
        { title: "an init container without probes", mutate: (s) => (s.initContainers = [{ name: "init", image: s.containers[0].image }]), fires: 0 },
        { title: "restartPolicy Never", mutate: (s) => { delete s.containers[0].livenessProbe; s.restartPolicy = "Never"; }, fires: 0 },
    ],
    PROBE_TYPES,
);
describe("require-health-probes exemptions", () => {
    for (const type of [T.Job, T.CronJob]) {
        it(`does not check ${type.split(":").pop()} (run to completion)`, () => {
            assert.equal(run(requireHealthProbes, type, hardened(type, (s) => delete s.containers[0].livenessProbe)).length, 0);
        });
    }
});

podCases(disallowDefaultServiceAccount, [
    { title: "a dedicated ServiceAccount", fires: 0 },
    { title: "serviceAccountName unset", mutate: (s) => delete s.serviceAccountName, fires: 1, match: /serviceAccountName=unset: the pod runs as the namespace's default ServiceAccount/ },
    { title: "serviceAccountName: default", mutate: (s) => (s.serviceAccountName = "default"), fires: 1, match: /serviceAccountName="default"/ },
    { title: "only the deprecated serviceAccount field naming a dedicated account", mutate: (s) => { delete s.serviceAccountName; s.serviceAccount = "web"; }, fires: 0 },
]);

podCases(disallowDeprecatedServiceAccountField, [
    { title: "serviceAccountName only", fires: 0 },
    { title: "the deprecated serviceAccount field", mutate: (s) => (s.serviceAccount = "web"), fires: 1, match: /serviceAccount="web" uses the deprecated field/ },
]);

describe("disallow-bare-pods", () => {
    it("rejects a Pod without an owner", () => {
        const vs = run(disallowBarePods, T.Pod, hardened(T.Pod));
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /Pod is not managed by a controller/);
    });
    it("accepts a Pod with ownerReferences", () => {
        const p = hardened(T.Pod);
        p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "1" }];
        assert.equal(run(disallowBarePods, T.Pod, p).length, 0);
    });
    for (const type of [T.Deployment, T.StatefulSet, T.DaemonSet, T.Job, T.CronJob, T.ReplicaSet, T.ReplicationController, T.PodTemplate]) {
        it(`does not apply to ${type.split(":").pop()}`, () => {
            assert.equal(run(disallowBarePods, type, hardened(type)).length, 0);
        });
    }
});

podCases(requireUserNamespaces, [
    { title: "hostUsers: false", fires: 0 },
    { title: "hostUsers unset", mutate: (s) => delete s.hostUsers, fires: 1, match: /hostUsers=unset \(defaults to true\)/ },
    { title: "hostUsers: true", mutate: (s) => (s.hostUsers = true), fires: 1 },
    { title: "a Windows pod", mutate: (s) => { delete s.hostUsers; windows(s); }, fires: 0 },
]);

const untrusted = { podMeta: { labels: { app: "web", "security.ksl.dev/trust": "untrusted" } } };
podCases(requireSandboxedRuntimeClass, [
    { title: "a workload not marked untrusted", fires: 0 },
    { title: "an untrusted workload on kata", mutate: (s) => (s.runtimeClassName = "kata-vm-isolation"), opts: untrusted, fires: 0 },
    { title: "an untrusted workload without runtimeClassName", opts: untrusted, fires: 1, match: /runtimeClassName=unset for an untrusted workload/ },
    { title: "an untrusted workload on runc", mutate: (s) => (s.runtimeClassName = "runc"), opts: untrusted, fires: 1, match: /runtimeClassName="runc"/ },
    { title: "a workload in an untrusted namespace", config: { untrustedNamespaces: ["apps"] }, fires: 1 },
    { title: "any workload with requireForAll", config: { requireForAll: true }, fires: 1 },
    { title: "any workload with requireForAll on gVisor", mutate: (s) => (s.runtimeClassName = "gvisor"), config: { requireForAll: true }, fires: 0 },
]);

