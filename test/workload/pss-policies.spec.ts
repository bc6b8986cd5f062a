// Unit tests of the pss-* policies: every policy against every pod-carrying kind, init and
// ephemeral containers, version- and OS/user-namespace-dependent behaviour, namespace label
// resolution, remediation, unknown values and malformed input.
import { strict as assert } from "assert";
import { runResourcePolicy, runRemediation, UNKNOWN, Violation } from "../helpers/policy-harness";
import { pssPolicies } from "../../policypacks/policies/kubernetes/workload";
import { T } from "../../policypacks/lib/k8s";
import { POD_SPEC_TYPES } from "../../policypacks/lib/pod-specs";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { resetNamespaceRegistry, parseLevel, parseVersion, LATEST_MINOR } from "../../policypacks/lib/pod-security";

const byName = new Map((pssPolicies as KslPolicy[]).map((p) => [p.name, p]));
function policy(name: string): KslPolicy {
    const p = byName.get(name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

/** Wraps a pod spec (and template metadata) at the right path of each kind. */
function wrap(type: string, spec: any, opts: { namespace?: string; podMeta?: any } = {}): any {
    const metadata: any = { name: "web" };
    if (opts.namespace) metadata.namespace = opts.namespace;
    const tmeta = opts.podMeta ?? {};
    switch (type) {
        case T.Pod: return { apiVersion: "v1", kind: "Pod", metadata: { ...metadata, ...tmeta }, spec };
        case T.PodTemplate: return { metadata, template: { metadata: tmeta, spec } };
        case T.CronJob: return { metadata, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { metadata: tmeta, spec } } } } };
        default: return { metadata, spec: { template: { metadata: tmeta, spec } } };
    }
}
const KIND = (t: string) => t.split(":").pop();

/** A pod spec that passes restricted at every version. */
function good(): any {
    return {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [{ name: "app", image: "registry.example/app@sha256:1", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
    };
}
const app = (s: any) => s.containers[0];

function run(name: string, type: string, props: any, config: Record<string, unknown> = {}): Violation[] {
    return runResourcePolicy(policy(name), { type, props, config });
}
function msgs(vs: Violation[]): string[] {
    return vs.map((v) => v.message.split("\n").pop() as string);
}

interface Case {
    policy: string;
    level: "baseline" | "restricted";
    bad: (s: any) => void;
    expect: string;
}
const CASES: Case[] = [
    { policy: "pss-privileged", level: "restricted", bad: (s) => { app(s).securityContext.privileged = true; }, expect: 'privileged (container "app" must not set securityContext.privileged=true) [restricted:latest]' },
    { policy: "pss-host-namespaces", level: "restricted", bad: (s) => { s.hostPID = true; }, expect: "host namespaces (hostPID=true) [restricted:latest]" },
    { policy: "pss-host-path-volumes", level: "baseline", bad: (s) => { s.volumes = [{ name: "root", hostPath: { path: "/" } }]; }, expect: 'hostPath volumes (volume "root") [baseline:latest]' },
    { policy: "pss-host-ports", level: "restricted", bad: (s) => { app(s).ports = [{ containerPort: 80, hostPort: 8080 }]; }, expect: 'hostPort (container "app" uses hostPort 8080)' },
    { policy: "pss-apparmor-profile", level: "restricted", bad: (s) => { app(s).securityContext.appArmorProfile = { type: "Unconfined" }; }, expect: 'forbidden AppArmor profile (container "app" must not set AppArmor profile type to "Unconfined")' },
    { policy: "pss-capabilities-baseline", level: "baseline", bad: (s) => { app(s).securityContext.capabilities.add = ["NET_RAW"]; }, expect: 'non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)' },
    { policy: "pss-selinux-options", level: "restricted", bad: (s) => { app(s).securityContext.seLinuxOptions = { type: "spc_t" }; }, expect: 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")' },
    { policy: "pss-proc-mount", level: "baseline", bad: (s) => { app(s).securityContext.procMount = "Unmasked"; }, expect: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")' },
    { policy: "pss-seccomp-baseline", level: "baseline", bad: (s) => { s.securityContext.seccompProfile = { type: "Unconfined" }; }, expect: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")' },
    { policy: "pss-sysctls", level: "restricted", bad: (s) => { s.securityContext.sysctls = [{ name: "kernel.msgmax", value: "s3cr3t-value" }]; }, expect: "forbidden sysctls (kernel.msgmax)" },
    { policy: "pss-windows-host-process", level: "restricted", bad: (s) => { s.securityContext.windowsOptions = { hostProcess: true }; }, expect: "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)" },
    { policy: "pss-host-probes-and-lifecycle", level: "restricted", bad: (s) => { app(s).livenessProbe = { httpGet: { host: "10.0.0.1", port: 80 } }; }, expect: 'probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")' },
    { policy: "pss-allow-privilege-escalation", level: "restricted", bad: (s) => { app(s).securityContext.allowPrivilegeEscalation = true; }, expect: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)' },
    { policy: "pss-capabilities-restricted", level: "restricted", bad: (s) => { app(s).securityContext.capabilities.drop = []; }, expect: 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])' },
    { policy: "pss-run-as-non-root", level: "restricted", bad: (s) => { s.securityContext.runAsNonRoot = false; }, expect: "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)" },
    { policy: "pss-run-as-user", level: "restricted", bad: (s) => { app(s).securityContext.runAsUser = 0; }, expect: 'runAsUser=0 (container "app" must not set runAsUser=0)' },
    { policy: "pss-seccomp-restricted", level: "restricted", bad: (s) => { delete s.securityContext.seccompProfile; }, expect: 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")' },
    { policy: "pss-restricted-volumes", level: "restricted", bad: (s) => { s.volumes = [{ name: "data", nfs: { server: "nfs", path: "/" } }]; }, expect: 'restricted volume types (volume "data" uses restricted volume type "nfs")' },
    { policy: "pss-proc-mount-restricted", level: "restricted", bad: (s) => { s.hostUsers = false; app(s).securityContext.procMount = "Unmasked"; }, expect: 'procMount (container "app" must not set securityContext.procMount to "Unmasked") [restricted:latest]' },
];

beforeEach(() => resetNamespaceRegistry());

describe("pss-* policies", () => {
    it("one policy per PSA check, all in the workload pack", () => {
        assert.equal(pssPolicies.length, 19);
        assert.deepEqual(CASES.map((c) => c.policy).sort(), [...byName.keys()].sort());
        for (const p of pssPolicies as any[]) {
            assert.deepEqual(Object.keys(p.configSchema.properties).sort(), ["blockAdmissionViolations", "defaultLevel", "defaultVersion", "exemptions", "namespaceContext"]);
            assert.equal(p.configSchema.properties.blockAdmissionViolations.default, true);
            assert.equal(p.configSchema.properties.defaultLevel.default, "restricted");
            assert.equal(p.configSchema.properties.defaultVersion.default, "latest");
        }
    });

    for (const c of CASES) {
        describe(c.policy, () => {
            for (const type of POD_SPEC_TYPES) {
                it(`accepts a compliant ${KIND(type)} and rejects a non-compliant one`, () => {
                    const config = { defaultLevel: c.level };
                    assert.deepEqual(run(c.policy, type, wrap(type, good()), config), []);
                    const s = good();
                    c.bad(s);
                    const m = msgs(run(c.policy, type, wrap(type, s), config));
                    assert.equal(m.length, 1, JSON.stringify(m));
                    assert.ok(m[0].includes(c.expect), m[0]);
                    assert.ok(!m[0].includes("s3cr3t"), "no sysctl value in messages");
                });
            }
            it("is not reported at the privileged level", () => {
                const s = good();
                c.bad(s);
                assert.deepEqual(run(c.policy, T.Pod, wrap(T.Pod, s), { defaultLevel: "privileged" }), []);
            });
        });
    }

    it("checks init and ephemeral containers too", () => {
        for (const kind of ["initContainers", "ephemeralContainers"]) {
            const s = good();
            s[kind] = [{ name: "dbg", image: "busybox", securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }];
            const m = msgs(run("pss-privileged", T.Deployment, wrap(T.Deployment, s)));
            assert.equal(m.length, 1);
            assert.ok(m[0].includes('container "dbg" must not set securityContext.privileged=true'), m[0]);
        }
    });

    it("severity drives enforcement: critical/high mandatory, medium advisory", () => {
        assert.equal(policy("pss-privileged").enforcementLevel, "mandatory");
        assert.equal(policy("pss-run-as-non-root").enforcementLevel, "mandatory");
        assert.equal(policy("pss-seccomp-restricted").enforcementLevel, "advisory");
    });
});

describe("pss versions and exemptions", () => {
    const at = (name: string, s: any, level: string, version: string) => msgs(run(name, T.Pod, wrap(T.Pod, s), { defaultLevel: level, defaultVersion: version }));

    it("hostUsers: false exempts runAsNonRoot and runAsUser from v1.35", () => {
        const s = good();
        s.hostUsers = false;
        s.securityContext.runAsNonRoot = false;
        s.securityContext.runAsUser = 0;
        for (const p of ["pss-run-as-non-root", "pss-run-as-user"]) {
            assert.equal(at(p, s, "restricted", "v1.34").length, 1, p);
            assert.deepEqual(at(p, s, "restricted", "v1.35"), [], p);
            assert.deepEqual(at(p, s, "restricted", "latest"), [], p);
        }
    });

    it("runAsUser applies from v1.23, allowPrivilegeEscalation from v1.8, capabilities_restricted from v1.22", () => {
        const s = good();
        s.securityContext.runAsUser = 0;
        assert.deepEqual(at("pss-run-as-user", s, "restricted", "v1.22"), []);
        assert.equal(at("pss-run-as-user", s, "restricted", "v1.23").length, 1);
        const a = good();
        delete app(a).securityContext.allowPrivilegeEscalation;
        assert.deepEqual(at("pss-allow-privilege-escalation", a, "restricted", "v1.7"), []);
        assert.equal(at("pss-allow-privilege-escalation", a, "restricted", "v1.8").length, 1);
        const c = good();
        app(c).securityContext.capabilities = { add: ["NET_RAW"] };
        assert.deepEqual(at("pss-capabilities-restricted", c, "restricted", "v1.21"), []);
        // below 1.22 the baseline check still applies at restricted; from 1.22 it is overridden
        assert.equal(at("pss-capabilities-baseline", c, "restricted", "v1.21").length, 1);
        assert.equal(at("pss-capabilities-restricted", c, "restricted", "v1.22").length, 1);
        assert.deepEqual(at("pss-capabilities-baseline", c, "restricted", "v1.22"), []);
        assert.equal(at("pss-capabilities-baseline", c, "baseline", "latest").length, 1);
    });

    it("os.name windows exempts allowPrivilegeEscalation, capabilities and seccomp from v1.25", () => {
        const s = { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "app", image: "x" }] };
        for (const p of ["pss-allow-privilege-escalation", "pss-capabilities-restricted", "pss-seccomp-restricted"]) {
            assert.equal(at(p, s, "restricted", "v1.24").length, 1, p);
            assert.deepEqual(at(p, s, "restricted", "v1.25"), [], p);
        }
    });

    it("procMount: baseline relaxes for user-namespace pods from v1.35, restricted keeps the rule", () => {
        const s = good();
        s.hostUsers = false;
        app(s).securityContext.procMount = "Unmasked";
        assert.equal(at("pss-proc-mount", s, "baseline", "v1.34").length, 1);
        assert.deepEqual(at("pss-proc-mount", s, "baseline", "v1.35"), []);
        assert.deepEqual(at("pss-proc-mount", s, "restricted", "v1.35"), []);
        assert.equal(at("pss-proc-mount-restricted", s, "restricted", "v1.35").length, 1);
        assert.deepEqual(at("pss-proc-mount-restricted", s, "restricted", "v1.34"), []);
        assert.equal(at("pss-proc-mount", s, "restricted", "v1.34").length, 1);
    });

    it("host probes from v1.34; sysctl allow-list and SELinux types by version", () => {
        const p = good();
        app(p).readinessProbe = { tcpSocket: { host: "db.internal", port: 5432 } };
        assert.deepEqual(at("pss-host-probes-and-lifecycle", p, "baseline", "v1.33"), []);
        assert.equal(at("pss-host-probes-and-lifecycle", p, "baseline", "v1.34").length, 1);
        const s = good();
        s.securityContext.sysctls = [{ name: "net.ipv4.tcp_rmem", value: "1 2 3" }];
        assert.equal(at("pss-sysctls", s, "baseline", "v1.31").length, 1);
        assert.deepEqual(at("pss-sysctls", s, "baseline", "v1.32"), []);
        const k = good();
        k.securityContext.sysctls = [{ name: "net.ipv4.ip_local_reserved_ports", value: "1" }];
        assert.equal(at("pss-sysctls", k, "baseline", "v1.26").length, 1);
        assert.deepEqual(at("pss-sysctls", k, "baseline", "v1.27"), []);
        const u = good();
        u.securityContext.sysctls = [{ name: "net.ipv4.tcp_slow_start_after_idle", value: "0" }];
        // 1.37 entries are unreleased: latest and any newer label evaluate as v1.LATEST_MINOR
        assert.equal(at("pss-sysctls", u, "baseline", "latest").length, 1);
        assert.equal(at("pss-sysctls", u, "baseline", "v1.99").length, 1);
        const e = good();
        app(e).securityContext.seLinuxOptions = { type: "container_engine_t" };
        assert.equal(at("pss-selinux-options", e, "baseline", "v1.30").length, 1);
        assert.deepEqual(at("pss-selinux-options", e, "baseline", "v1.31"), []);
    });

    it("seccomp: annotations before v1.19, fields from v1.19", () => {
        const s = good();
        delete s.securityContext.seccompProfile;
        const meta = { annotations: { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" } };
        const r = (v: string) => msgs(run("pss-seccomp-baseline", T.Deployment, wrap(T.Deployment, s, { podMeta: meta }), { defaultLevel: "baseline", defaultVersion: v }));
        assert.equal(r("v1.18").length, 1);
        assert.ok(r("v1.18")[0].includes('seccomp.security.alpha.kubernetes.io/pod="unconfined"'));
        assert.deepEqual(r("v1.19"), []);
    });

    it("parses labels as PSA does: invalid level → restricted, invalid version → latest", () => {
        assert.deepEqual(parseLevel("baseline"), { level: "baseline" });
        assert.equal(parseLevel("Baseline").level, "restricted");
        assert.ok(parseLevel("Baseline").error);
        assert.deepEqual(parseVersion("v1.30"), { version: { latest: false, minor: 30 } });
        assert.deepEqual(parseVersion("latest"), { version: { latest: true } });
        for (const bad of ["1.30", "v1.030", "v2.0", "v1.", ""]) assert.ok(parseVersion(bad).error, bad);
        assert.ok(LATEST_MINOR >= 35);
    });
});

describe("pss namespace registry", () => {
    const ns = (name: string, labels?: Record<string, string>) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } });
    // Any resource policy of the pack records Namespaces it sees, before its own type filter.
    const observe = (props: any, name = "ns") => runResourcePolicy(policy("pss-sysctls"), { type: T.Namespace, props, name });
    const noRoot = () => {
        const s = good();
        delete s.securityContext.runAsNonRoot; // restricted-only violation
        return s;
    };

    it("a baseline-labelled namespace gets no restricted findings, but baseline ones", () => {
        assert.deepEqual(observe(ns("apps", { "pod-security.kubernetes.io/enforce": "baseline" })), []);
        assert.deepEqual(run("pss-run-as-non-root", T.Deployment, wrap(T.Deployment, noRoot(), { namespace: "apps" })), []);
        const s = good();
        app(s).securityContext.privileged = true;
        const m = msgs(run("pss-privileged", T.Deployment, wrap(T.Deployment, s, { namespace: "apps" })));
        assert.equal(m.length, 1);
        assert.ok(m[0].endsWith('[baseline:latest, namespace "apps"]; the API server\'s Pod Security Admission rejects this pod'), m[0]);
    });

    describe("a stricter namespace never gives a weaker verdict", () => {
        // A hostPath volume and an Unconfined seccomp profile: baseline controls. At baseline the
        // baseline checks report them; at restricted PSA's stricter checks report them instead.
        const hostPathPod = () => {
            const s = good();
            s.volumes = [{ name: "host", hostPath: { path: "/var/log" } }];
            app(s).securityContext.seccompProfile = { type: "Unconfined" };
            return s;
        };
        const blocking = (vs: Violation[]) => vs.filter((v) => v.enforcementLevel === "mandatory" && !v.waived).map((v) => v.policy);
        const findings = (namespace: string) =>
            ["pss-host-path-volumes", "pss-restricted-volumes", "pss-seccomp-baseline", "pss-seccomp-restricted"].flatMap((p) => run(p, T.Deployment, wrap(T.Deployment, hostPathPod(), { namespace })));
        it("baseline namespace: blocked by the baseline checks", () => {
            observe(ns("base-ns", { "pod-security.kubernetes.io/enforce": "baseline" }));
            assert.deepEqual(blocking(findings("base-ns")).sort(), ["pss-host-path-volumes", "pss-seccomp-baseline"]);
        });
        it("restricted namespace: blocked by the restricted checks (the API server rejects the pod)", () => {
            observe(ns("strict-ns", { "pod-security.kubernetes.io/enforce": "restricted" }));
            assert.deepEqual(blocking(findings("strict-ns")).sort(), ["pss-restricted-volumes", "pss-seccomp-restricted"]);
        });
        it("unlabelled namespace (pack default restricted): blocked too, as the baseline controls are violated", () => {
            const vs = findings("unlabelled-ns");
            assert.deepEqual(blocking(vs).sort(), ["pss-restricted-volumes", "pss-seccomp-restricted"]);
            assert.ok(vs.some((v) => /violates the baseline control hostPathVolumes too/.test(v.message)));
        });
        it("unlabelled namespace: a restricted-only finding keeps its policy's own level", () => {
            const s = good();
            s.volumes = [{ name: "nfs", nfs: { server: "nfs.example", path: "/" } }];
            const vs = run("pss-restricted-volumes", T.Deployment, wrap(T.Deployment, s, { namespace: "unlabelled-ns" }));
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "advisory");
        });
        it("blockAdmissionViolations: false reports at the policy's own level", () => {
            observe(ns("strict-ns", { "pod-security.kubernetes.io/enforce": "restricted" }));
            const vs = run("pss-restricted-volumes", T.Deployment, wrap(T.Deployment, hostPathPod(), { namespace: "strict-ns" }), { blockAdmissionViolations: false });
            assert.equal(vs[0].enforcementLevel, "advisory");
        });
    });

    describe("requests interleaved (an engine with several requests in flight)", () => {
        // The SDK awaits between policies, so a Namespace's request can run between two policies of
        // a workload's request. Each resource sees the Namespaces that arrived before it, whatever ran meanwhile.
        const deployment = (name: string) => ({ type: T.Deployment, props: wrap(T.Deployment, noRoot(), { namespace: "late" }), name });
        const nsInput = { type: T.Namespace, props: ns("late", { "pod-security.kubernetes.io/enforce": "baseline" }), name: "late" };

        it("a workload that arrived before its Namespace keeps the default level for all its policies", () => {
            const first = deployment("early");
            assert.equal(runResourcePolicy(policy("pss-run-as-non-root"), first).length, 1); // restricted default
            observe(nsInput.props, nsInput.name); // the Namespace's request runs between the workload's policies
            const m = msgs(runResourcePolicy(policy("pss-run-as-non-root"), first));
            assert.equal(m.length, 1, "the late Namespace must not relax a workload analyzed before it");
            assert.ok(m[0].includes("[restricted:latest]"), m[0]);
        });

        it("a workload that arrives after the Namespace gets its level", () => {
            observe(nsInput.props, nsInput.name);
            assert.deepEqual(runResourcePolicy(policy("pss-run-as-non-root"), deployment("later")), []);
        });

        it("a Namespace seen again (Remediate, then Analyze) keeps its place and its latest labels", () => {
            observe(ns("late", { "pod-security.kubernetes.io/enforce": "privileged" }), "late");
            observe(nsInput.props, nsInput.name); // the same resource, re-read
            const s = good();
            app(s).securityContext.privileged = true;
            const m = msgs(run("pss-privileged", T.Deployment, wrap(T.Deployment, s, { namespace: "late" })));
            assert.equal(m.length, 1);
            assert.ok(m[0].includes('[baseline:latest, namespace "late"]'), m[0]);
        });
    });

    it("the namespace's enforce-version applies", () => {
        observe(ns("legacy", { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.22" }));
        const s = good();
        app(s).securityContext.runAsUser = 0;
        assert.deepEqual(run("pss-run-as-user", T.Pod, wrap(T.Pod, s, { namespace: "legacy" })), []);
        const m = msgs(run("pss-run-as-non-root", T.Pod, wrap(T.Pod, noRoot(), { namespace: "legacy" })));
        assert.ok(m[0].endsWith('[restricted:v1.22, namespace "legacy"]; the API server\'s Pod Security Admission rejects this pod'), m[0]);
    });

    it("a privileged namespace blocks nothing; host access in it is still reported, as advisory naming its exemption", () => {
        observe(ns("system", { "pod-security.kubernetes.io/enforce": "privileged" }));
        const s = noRoot();
        app(s).securityContext.privileged = true;
        const found = pssPolicies.flatMap((p) => runResourcePolicy(p, { type: T.Pod, props: wrap(T.Pod, s, { namespace: "system" }) }));
        assert.deepEqual(found.map((f) => [f.policy, f.enforcementLevel]), [["pss-privileged", "advisory"]]);
        assert.match(found[0].message, /\[baseline:latest\] in namespace "system", which enforces privileged \(labelled privileged without a waiver/);
        // A restricted-only control (runAsNonRoot) stays silent there: only the node's own protections are kept.
        const waived = { "waivers.ksl.dev/require-pod-security-labels": "expires=2027-03-31; justification=CNI agents run here" };
        const saved = process.env.KSL_TODAY;
        process.env.KSL_TODAY = "2026-06-01";
        try {
            observe({ ...ns("cni", { "pod-security.kubernetes.io/enforce": "privileged" }), metadata: { name: "cni", labels: { "pod-security.kubernetes.io/enforce": "privileged" }, annotations: waived } });
        } finally {
            if (saved === undefined) delete process.env.KSL_TODAY;
            else process.env.KSL_TODAY = saved;
        }
        const h = noRoot();
        h.hostNetwork = true;
        const m = pssPolicies.flatMap((p) => runResourcePolicy(p, { type: T.Pod, props: wrap(T.Pod, h, { namespace: "cni" }) }));
        assert.deepEqual(m.map((f) => [f.policy, f.enforcementLevel]), [["pss-host-namespaces", "advisory"]]);
        assert.match(m[0].message, /namespace "cni", which enforces privileged \(exempt from Pod Security until 2027-03-31: CNI agents run here\)/);
    });

    it("an unlabelled or absent namespace gets the configured default", () => {
        observe(ns("plain"));
        for (const namespace of ["plain", "elsewhere", undefined]) {
            const m = msgs(run("pss-run-as-non-root", T.Pod, wrap(T.Pod, noRoot(), { namespace })));
            assert.equal(m.length, 1, String(namespace));
            assert.ok(m[0].endsWith("[restricted:latest]"), m[0]);
            assert.deepEqual(run("pss-run-as-non-root", T.Pod, wrap(T.Pod, noRoot(), { namespace }), { defaultLevel: "baseline" }), []);
        }
    });

    it("an invalid level label evaluates as restricted and says so", () => {
        observe(ns("typo", { "pod-security.kubernetes.io/enforce": "Baseline" }));
        const m = msgs(run("pss-run-as-non-root", T.Pod, wrap(T.Pod, noRoot(), { namespace: "typo" }), { defaultLevel: "baseline" }));
        assert.equal(m.length, 1);
        assert.ok(m[0].includes('invalid pod-security.kubernetes.io/enforce="Baseline"'), m[0]);
    });

    it("a namespace without metadata.name is keyed by its resource name; unknown labels never throw", () => {
        observe({ metadata: { labels: { "pod-security.kubernetes.io/enforce": "baseline" } } }, "team-a");
        assert.deepEqual(run("pss-run-as-non-root", T.Pod, wrap(T.Pod, noRoot(), { namespace: "team-a" })), []);
        assert.deepEqual(observe({ metadata: { name: "u", labels: UNKNOWN } }), []);
        assert.deepEqual(observe({ metadata: UNKNOWN }), []);
    });
});

describe("pss remediation", () => {
    const REMEDIATING: Array<[string, (s: any) => void]> = [
        ["pss-seccomp-restricted", (s) => { delete s.securityContext.seccompProfile; }],
        ["pss-capabilities-restricted", (s) => { app(s).securityContext.capabilities = { add: ["NET_BIND_SERVICE"] }; }],
        ["pss-allow-privilege-escalation", (s) => { delete app(s).securityContext.allowPrivilegeEscalation; s.initContainers = [{ name: "init", image: "x", securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ["ALL"] } } }]; }],
        ["pss-run-as-non-root", (s) => { delete s.securityContext.runAsNonRoot; }],
    ];
    for (const [name, bad] of REMEDIATING) {
        for (const type of POD_SPEC_TYPES) {
            it(`${name} fixes a ${KIND(type)} so that it passes, and leaves compliant ones alone`, () => {
                assert.equal(runRemediation(policy(name), { type, props: wrap(type, good()) }), undefined);
                const s = good();
                bad(s);
                const props = wrap(type, s);
                assert.equal(run(name, type, props).length, 1);
                const fixed = runRemediation(policy(name), { type, props });
                assert.ok(fixed, "remediated");
                assert.deepEqual(run(name, type, fixed!), []);
            });
        }
    }

    it("capabilities remediation adds ALL and keeps everything else", () => {
        const s = good();
        app(s).securityContext.capabilities = { drop: ["NET_RAW"], add: ["NET_BIND_SERVICE"] };
        const fixed = runRemediation(policy("pss-capabilities-restricted"), { type: T.Pod, props: wrap(T.Pod, s) })!;
        assert.deepEqual(fixed.spec.containers[0].securityContext.capabilities, { drop: ["NET_RAW", "ALL"], add: ["NET_BIND_SERVICE"] });
    });

    it("leaves real conflicts alone: explicit runAsNonRoot=false, privileged containers, explicit Unconfined", () => {
        const s = good();
        s.securityContext.runAsNonRoot = false;
        assert.equal(runRemediation(policy("pss-run-as-non-root"), { type: T.Pod, props: wrap(T.Pod, s) }), undefined);
        const p = good();
        app(p).securityContext = { privileged: true };
        assert.equal(runRemediation(policy("pss-allow-privilege-escalation"), { type: T.Pod, props: wrap(T.Pod, p) }), undefined);
        const u = good();
        u.securityContext.seccompProfile = { type: "Unconfined" };
        assert.equal(runRemediation(policy("pss-seccomp-restricted"), { type: T.Pod, props: wrap(T.Pod, u) }), undefined);
    });

    it("does not remediate where the check does not apply (baseline namespace)", () => {
        const s = good();
        delete s.securityContext.seccompProfile;
        assert.equal(runRemediation(policy("pss-seccomp-restricted"), { type: T.Pod, props: wrap(T.Pod, s), config: { defaultLevel: "baseline" } }), undefined);
    });
});

describe("pss robustness", () => {
    const MALFORMED: any[] = [
        { containers: "notarray" },
        { containers: [null, 5, "x", { name: 3, securityContext: "str" }] },
        { securityContext: "str", containers: [{ name: "a", securityContext: null }] },
        { securityContext: { sysctls: [null, 3, { name: 5 }], seccompProfile: "x", seLinuxOptions: [], windowsOptions: 1 }, containers: [] },
        { volumes: "x", hostUsers: "false", os: "windows", containers: [{ name: "a", ports: "x", lifecycle: "y", livenessProbe: { httpGet: "z" } }] },
        { volumes: [null, { name: "v", hostPath: null }, { name: "w", nfs: "x" }], containers: [{ name: "a", securityContext: { capabilities: { add: "x", drop: 5 }, procMount: 7 } }] },
        null,
        "spec",
    ];
    it("never throws on malformed input, for any policy and kind", () => {
        for (const p of pssPolicies) {
            for (const type of POD_SPEC_TYPES) {
                for (const spec of MALFORMED) {
                    assert.doesNotThrow(() => runResourcePolicy(p, { type, props: wrap(type, spec) }), `${p.name} ${KIND(type)} ${JSON.stringify(spec)}`);
                    if ((p as any).remediateResource) assert.doesNotThrow(() => runRemediation(p, { type, props: wrap(type, spec) }));
                }
                assert.doesNotThrow(() => runResourcePolicy(p, { type, props: { metadata: null, spec: null, template: 3 } }));
            }
        }
    });

    it("unknown values only take the SDK's UnknownValueError path", () => {
        const variants: any[] = [
            { ...good(), containers: UNKNOWN },
            { ...good(), securityContext: UNKNOWN },
            (() => { const s = good(); app(s).securityContext = UNKNOWN; return s; })(),
            (() => { const s = good(); app(s).securityContext.capabilities.drop = UNKNOWN; return s; })(),
        ];
        for (const p of pssPolicies) {
            for (const spec of variants) {
                const vs = runResourcePolicy(p, { type: T.Deployment, props: wrap(T.Deployment, spec) });
                for (const v of vs) assert.ok(v.message.includes("can't run policy") || !v.message.includes(UNKNOWN), v.message);
            }
            const vs = runResourcePolicy(p, { type: T.Pod, props: { metadata: { name: "x", namespace: UNKNOWN }, spec: good() } });
            for (const v of vs) assert.ok(v.message.includes("can't run policy"), v.message);
        }
    });
});
