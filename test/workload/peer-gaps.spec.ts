// The workload policies that close peer-check rows 24, 37 and 55: ephemeral containers in declared
// pod specs, privileged and SSH ports, and ServiceAccounts the stack does not define.
import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { disallowEphemeralContainers } from "../../policypacks/policies/kubernetes/workload/disallow-ephemeral-containers";
import { disallowPrivilegedAndSshPorts } from "../../policypacks/policies/kubernetes/workload/disallow-privileged-and-ssh-ports";
import { requireServiceAccountInStack } from "../../policypacks/policies/kubernetes/workload/require-service-account-in-stack";
import { messages, runStackPolicy, StackResourceInput, UNKNOWN } from "../helpers/policy-harness";
import { podCases, run } from "./cases";
import { hardened, hardenedContainer, malformedVariants, POD_KINDS, shortKind } from "./kinds";

const debugContainer = (s: any) => ({ name: "debugger-x7k2p", image: s.containers[0].image, targetContainerName: "app", stdin: true, tty: true });

podCases(disallowEphemeralContainers, [
    { title: "no ephemeral containers", fires: 0 },
    { title: "an empty ephemeralContainers list", mutate: (s) => (s.ephemeralContainers = []), fires: 0 },
    {
        title: "a kubectl debug container left in the spec",
        mutate: (s) => (s.ephemeralContainers = [debugContainer(s)]),
        fires: 1,
        match: /spec\.ephemeralContainers declares 1 ephemeral container \("debugger-x7k2p"; image ghcr\.io\/acme\/web:1\.4\.2@sha256:[a-f0-9]+\): a debugging session left in the manifest/,
    },
    {
        title: "two ephemeral containers, one malformed",
        mutate: (s) => (s.ephemeralContainers = [debugContainer(s), { image: 5 }]),
        fires: 1,
        match: /declares 2 ephemeral containers \("debugger-x7k2p", #1;/,
    },
]);

const port = (containerPort: unknown, extra: Record<string, unknown> = {}) => (s: any) => (s.containers[0].ports = [{ containerPort, ...extra }]);
const windows = (s: any) => (s.os = { name: "windows" });

podCases(disallowPrivilegedAndSshPorts, [
    { title: "no ports", fires: 0 },
    { title: "containerPort 8080", mutate: port(8080), fires: 0 },
    { title: "containerPort 1024", mutate: port(1024), fires: 0 },
    {
        title: "containerPort 80",
        mutate: port(80, { name: "http" }),
        fires: 1,
        match: /container "app" \((?:[a-zA-Z]+\.)*spec\.containers\[0\]\) ports\[0\]\.containerPort=80 is a privileged port \(below 1024\): binding it needs root or NET_BIND_SERVICE/,
    },
    { title: "containerPort 22", mutate: port(22), fires: 1, match: /ports\[0\]\.containerPort=22 is an SSH port: an SSH server in the container bypasses Kubernetes authentication, RBAC and audit/ },
    { title: "containerPort 443 listed in allowedPorts", mutate: port(443), config: { allowedPorts: [443] }, fires: 0 },
    { title: "containerPort 80 above a lower minimum", mutate: port(80), config: { minimumContainerPort: 80 }, fires: 0 },
    { title: "containerPort 22 even when listed in allowedPorts", mutate: port(22), config: { allowedPorts: [22] }, fires: 1, match: /SSH port/ },
    { title: "a custom SSH port", mutate: port(2222), config: { sshPorts: [22, 2222] }, fires: 1, match: /containerPort=2222 is an SSH port/ },
    {
        title: "a DNS port in an init container",
        mutate: (s) => (s.initContainers = [{ ...hardenedContainer("init"), ports: [{ containerPort: 53, protocol: "UDP" }] }]),
        fires: 1,
        match: /initContainer "init" \(.*initContainers\[0\]\) ports\[0\]\.containerPort=53/,
    },
    { title: "containerPort 80 in a Windows pod", mutate: (s) => { port(80)(s); windows(s); }, fires: 0 },
    { title: "containerPort 22 in a Windows pod", mutate: (s) => { port(22)(s); windows(s); }, fires: 1, match: /SSH port/ },
    { title: "a port given as a string", mutate: port("80"), fires: 0 },
    { title: "two privileged ports", mutate: (s) => (s.containers[0].ports = [{ containerPort: 80 }, { containerPort: 8080 }, { containerPort: 443 }]), fires: 2 },
]);

describe("disallow-privileged-and-ssh-ports on Services", () => {
    const svc = (ports: unknown) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "apps" }, spec: { type: "ClusterIP", selector: { app: "web" }, ports } });
    const cases: Array<[string, unknown, number, RegExp?]> = [
        ["port 80 to targetPort 8080", [{ name: "http", port: 80, targetPort: 8080 }], 0],
        ["no ports", undefined, 0],
        ["port 22", [{ name: "ssh", port: 22, targetPort: 2022 }], 1, /spec\.ports\[0\]\.port=22 \("ssh"\) exposes SSH through the Service/],
        ["targetPort 22", [{ port: 80 }, { port: 2022, targetPort: 22 }], 1, /spec\.ports\[1\]\.targetPort=22 forwards to an SSH port in the pods/],
        ["a targetPort named ssh", [{ name: "admin", port: 2022, targetPort: "ssh" }], 1, /targetPort="ssh" \("admin"\)/],
        ["port 22 and targetPort 22 (one finding)", [{ port: 22, targetPort: 22 }], 1],
        ["malformed ports", [null, "22", { port: "22" }, { targetPort: null }], 0],
    ];
    for (const [title, ports, fires, re] of cases) {
        it(`${fires ? "rejects" : "accepts"} ${title}`, () => {
            const vs = run(disallowPrivilegedAndSshPorts, T.Service, svc(ports));
            assert.equal(vs.length, fires, vs.map((v) => v.message).join("\n"));
            if (re) for (const v of vs) assert.match(v.message, re);
        });
    }
    it("honours a custom sshPorts list", () => {
        assert.equal(run(disallowPrivilegedAndSshPorts, T.Service, svc([{ port: 22 }]), { sshPorts: [2222] }).length, 0);
        assert.equal(run(disallowPrivilegedAndSshPorts, T.Service, svc([{ port: 2222 }]), { sshPorts: [2222] }).length, 1);
    });
});

// require-service-account-in-stack: a stack policy, so each case is a small stack.
const sa = (name: string, namespace?: unknown, extra: Record<string, unknown> = {}): StackResourceInput => ({
    type: T.ServiceAccount,
    name: `sa-${name}-${String(namespace)}`,
    props: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, automountServiceAccountToken: false, ...extra },
});
const workload = (type: string, mutate?: (s: any) => void, meta?: Record<string, unknown>): StackResourceInput => ({
    type,
    name: "web",
    props: hardened(type, mutate, meta ? { meta } : {}),
});

describe("require-service-account-in-stack", () => {
    for (const kind of POD_KINDS) {
        const k = shortKind(kind);
        it(`accepts a ${k} whose ServiceAccount is in its namespace`, () => {
            assert.deepEqual(messages(runStackPolicy(requireServiceAccountInStack, [sa("web", "apps"), workload(kind)])), []);
        });
        it(`rejects a ${k} whose ServiceAccount the stack does not define`, () => {
            const vs = runStackPolicy(requireServiceAccountInStack, [workload(kind)]);
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "advisory");
            assert.match(vs[0].message, new RegExp(`${k} apps/web runs as ServiceAccount "web" \\((?:[a-zA-Z]+\\.)*spec\\.serviceAccountName\\), which is neither defined in namespace "apps" by the stack nor listed in externalServiceAccounts`));
            assert.equal(vs[0].urn, `urn:pulumi:test::test::${kind}::web`);
        });
        it(`rejects a ${k} whose ServiceAccount is in another namespace`, () => {
            assert.equal(runStackPolicy(requireServiceAccountInStack, [sa("web", "other"), workload(kind)]).length, 1);
        });
        it(`accepts a ${k} running as default (left to disallow-default-service-account)`, () => {
            assert.equal(runStackPolicy(requireServiceAccountInStack, [workload(kind, (s) => delete s.serviceAccountName)]).length, 0);
            assert.equal(runStackPolicy(requireServiceAccountInStack, [workload(kind, (s) => (s.serviceAccountName = "default"))]).length, 0);
        });
    }

    const one = (resources: StackResourceInput[], config?: Record<string, unknown>) => messages(runStackPolicy(requireServiceAccountInStack, resources, config));
    it("checks the deprecated serviceAccount field when serviceAccountName is unset", () => {
        const ms = one([workload(T.Deployment, (s) => { delete s.serviceAccountName; s.serviceAccount = "legacy"; })]);
        assert.equal(ms.length, 1);
        assert.match(ms[0], /ServiceAccount "legacy" \(spec\.template\.spec\.serviceAccount\)/);
    });
    it("resolves an unset namespace to default on both sides", () => {
        assert.deepEqual(one([sa("web"), workload(T.Deployment, undefined, { namespace: undefined })]), []);
        assert.equal(one([sa("web", "apps"), workload(T.Deployment, undefined, { namespace: undefined })]).length, 1);
    });
    for (const [entry, fires] of [["web", 0], ["apps/web", 0], ["apps/*", 0], ["*", 0], ["other/web", 1], ["we", 1]] as const) {
        it(`${fires ? "does not accept" : "accepts"} an account declared external as "${entry}"`, () => {
            assert.equal(one([workload(T.Deployment)], { externalServiceAccounts: [entry] }).length, fires);
        });
    }
    it("follows a namespace known only through its Namespace resource (preview)", () => {
        const ns: StackResourceInput = { type: T.Namespace, name: "ns", props: { metadata: { name: "apps" } } };
        const s = sa("web", UNKNOWN);
        s.propertyDependencies = { metadata: ["ns"] };
        const w = workload(T.Deployment, undefined, { namespace: UNKNOWN });
        w.propertyDependencies = { metadata: ["ns"] };
        assert.deepEqual(one([ns, s, w]), []);
        assert.equal(one([ns, w]).length, 1);
    });
    it("reports what it cannot verify at preview as not checkable (advisory), never as a finding", () => {
        const notCheckable = (resources: StackResourceInput[]) => {
            const vs = runStackPolicy(requireServiceAccountInStack, resources);
            assert.equal(vs.length, 1, JSON.stringify(vs));
            assert.match(vs[0].message, /can't run policy 'require-service-account-in-stack' during preview/);
            assert.equal(vs[0].enforcementLevel, "advisory");
        };
        // the workload's namespace, its account's name, an account name of the namespace, the pod spec unknown
        notCheckable([workload(T.Deployment, undefined, { namespace: UNKNOWN })]);
        notCheckable([workload(T.Deployment, (s) => (s.serviceAccountName = UNKNOWN))]);
        notCheckable([sa(UNKNOWN as any, "apps"), workload(T.Deployment)]);
        notCheckable([{ type: T.Deployment, name: "w", props: { metadata: { name: "w", namespace: "apps" }, spec: { template: UNKNOWN } } }]);
        // known workloads are still judged next to an unknown one
        const vs = runStackPolicy(requireServiceAccountInStack, [workload(T.Deployment, (s) => (s.serviceAccountName = UNKNOWN)), { ...workload(T.StatefulSet), name: "db" }]);
        assert.equal(vs.length, 2);
        assert.match(vs[0].message, /StatefulSet apps\/web runs as ServiceAccount "web"/);
        // an unknown account name elsewhere does not stop a match
        assert.deepEqual(one([sa(UNKNOWN as any, "apps"), sa("web", "apps"), workload(T.Deployment)]), []);
    });
    it("never throws on malformed resources", () => {
        const junk: StackResourceInput[] = [
            { type: T.ServiceAccount, name: "a", props: { metadata: null } },
            { type: T.ServiceAccount, name: "b", props: { metadata: { name: 5, namespace: ["x"] } } },
            { type: "kubernetes:core/v1:Unknown", name: "c", props: {} },
            ...malformedVariants(T.Deployment).map((props, i) => ({ type: T.Deployment, name: `d${i}`, props })),
            ...malformedVariants(T.CronJob).map((props, i) => ({ type: T.CronJob, name: `c${i}`, props })),
            workload(T.Pod, (s) => (s.serviceAccountName = 7)),
        ];
        assert.doesNotThrow(() => runStackPolicy(requireServiceAccountInStack, junk));
        assert.doesNotThrow(() => runStackPolicy(requireServiceAccountInStack, []));
    });
});

describe("unknown values at preview: not checkable (advisory), known parts still judged", () => {
    const notCheckable = (vs: ReturnType<typeof run>, policy: string) =>
        vs.filter((v) => new RegExp(`can't run policy '${policy}' during preview`).test(v.message) && v.enforcementLevel === "advisory").length === 1;
    for (const kind of POD_KINDS) {
        it(`disallow-ephemeral-containers: unknown ephemeralContainers or pod spec (${shortKind(kind)})`, () => {
            assert.ok(notCheckable(run(disallowEphemeralContainers, kind, hardened(kind, (s) => (s.ephemeralContainers = UNKNOWN))), "disallow-ephemeral-containers"));
            const p = hardened(kind);
            if (kind === T.PodTemplate) p.template = UNKNOWN;
            else p.spec = UNKNOWN;
            assert.ok(notCheckable(run(disallowEphemeralContainers, kind, p), "disallow-ephemeral-containers"));
        });
    }
    it("disallow-privileged-and-ssh-ports: unknown ports, containers and OS", () => {
        const p = "disallow-privileged-and-ssh-ports";
        assert.ok(notCheckable(run(disallowPrivilegedAndSshPorts, T.Deployment, hardened(T.Deployment, port(UNKNOWN))), p));
        assert.ok(notCheckable(run(disallowPrivilegedAndSshPorts, T.Deployment, hardened(T.Deployment, (s) => (s.containers[0].ports = UNKNOWN))), p));
        assert.ok(notCheckable(run(disallowPrivilegedAndSshPorts, T.Deployment, hardened(T.Deployment, (s) => (s.initContainers = UNKNOWN))), p));
        // a known SSH port next to an unknown container is still reported
        const vs = run(disallowPrivilegedAndSshPorts, T.Deployment, hardened(T.Deployment, (s) => { port(22)(s); s.containers.push(UNKNOWN); }));
        assert.equal(vs.length, 2);
        assert.match(vs[0].message, /containerPort=22 is an SSH port/);
        // the OS matters only for a low port
        assert.ok(notCheckable(run(disallowPrivilegedAndSshPorts, T.Deployment, hardened(T.Deployment, (s) => { port(80)(s); s.os = UNKNOWN; })), p));
        assert.equal(run(disallowPrivilegedAndSshPorts, T.Deployment, hardened(T.Deployment, (s) => { port(8080)(s); s.os = { name: UNKNOWN }; })).length, 0);
        const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "apps" }, spec: { ports: [{ port: UNKNOWN, targetPort: 8080 }] } };
        assert.ok(notCheckable(run(disallowPrivilegedAndSshPorts, T.Service, svc), p));
        assert.ok(notCheckable(run(disallowPrivilegedAndSshPorts, T.Service, { ...svc, spec: UNKNOWN }), p));
    });
});
