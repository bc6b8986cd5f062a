// Drives the basic test pack over gRPC through runPack, as the Pulumi CLI would.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { prestart, runPack } from "../../engine/analyzer/run";
import type { EngineResource, RunResult } from "../../engine/model";
import { BASIC_PACK, BROKEN_PACK, pidAlive } from "./helpers";

const POD = "kubernetes:core/v1:Pod";
const urn = (type: string, name: string, chain = "") => `urn:pulumi:dev::ksl::${chain}${type}::${name}`;

function pod(name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): EngineResource {
    return {
        urn: urn(POD, name),
        type: POD,
        name,
        props: { apiVersion: "v1", kind: "Pod", metadata: { name, labels: { team: "t" }, annotations }, spec: { containers: [{ name: "app", image: "nginx" }], ...spec } },
        custom: true,
    };
}

const privileged = { containers: [{ name: "app", image: "nginx", securityContext: { privileged: true } }], securityContext: { seccompProfile: { type: "RuntimeDefault" } } };

function find(r: RunResult, policy: string, name: string) {
    return r.violations.filter((v) => v.policy === policy && v.resource.name === name);
}

describe("engine: runPack over the analyzer protocol (default config)", () => {
    let result: RunResult;
    let pid = 0;
    before(async () => {
        result = await runPack({
            packDir: BASIC_PACK,
            onSpawn: (p) => (pid = p),
            resources: [
                pod("priv", privileged),
                pod("waived", privileged, { "test/waive": "yes" }),
                pod("no-seccomp", {}),
                pod("host", { hostNetwork: true, securityContext: { seccompProfile: { type: "RuntimeDefault" } } }),
                {
                    urn: urn("kubernetes:apps/v1:Deployment", "big"),
                    type: "kubernetes:apps/v1:Deployment",
                    name: "big",
                    props: { metadata: { name: "big", labels: { team: "t" } }, spec: { replicas: 5 } },
                },
                { urn: urn("kubernetes:core/v1:ConfigMap", "nolabel"), type: "kubernetes:core/v1:ConfigMap", name: "nolabel", props: { metadata: { name: "nolabel" } } },
            ],
        });
    });

    it("reads the pack's name, version and each policy's tags and severity", () => {
        assert.equal(result.pack.name, "ksl-test-basic");
        assert.equal(result.pack.version, "1.2.3");
        const p = result.pack.policies.find((x) => x.name === "pss-privileged")!;
        assert.equal(p.measure, "workload.pod-security");
        assert.equal(p.layer, "workload");
        assert.deepEqual(p.hexad, ["integrity", "possession"]);
        assert.equal(p.severity, "critical");
        assert.equal(result.pack.policies.find((x) => x.name === "stack-shape")!.kind, "stack");
    });

    it("reports a mandatory violation with its measure metadata and blocks", () => {
        const [v] = find(result, "pss-privileged", "priv");
        assert.equal(v.enforcementLevel, "mandatory");
        assert.equal(v.waived, false);
        assert.equal(v.message, 'container "app" sets securityContext.privileged=true');
        assert.equal(v.measure, "workload.pod-security");
        assert.equal(result.blocked, true);
    });

    it("reports an advisory violation without blocking on it", () => {
        const [v] = find(result, "team-label", "nolabel");
        assert.equal(v.enforcementLevel, "advisory");
        assert.equal(find(result, "no-host-network", "host")[0].enforcementLevel, "advisory");
    });

    it("never reports a disabled policy", () => {
        assert.equal(result.violations.filter((v) => v.policy === "always-disabled").length, 0);
    });

    it("reports a waived violation as waived and non-blocking", () => {
        const [v] = find(result, "pss-privileged", "waived");
        assert.equal(v.waived, true);
        assert.equal(v.enforcementLevel, "advisory");
        assert.match(v.message, /^\[waived until 2099-12-31: test waiver\]/);
    });

    it("remediates before analysis: the fixed resource passes and its props are replaced", () => {
        assert.equal(find(result, "seccomp-default", "no-seccomp").length, 0);
        assert.ok(result.remediations.some((r) => r.policy === "seccomp-default" && r.urn.endsWith("::no-seccomp")));
        const fixed = result.resources.find((r) => r.name === "no-seccomp")!;
        assert.equal((fixed.props as any).spec.securityContext.seccompProfile.type, "RuntimeDefault");
    });

    it("applies schema defaults from the policy's configSchema (maxReplicas=3)", () => {
        assert.equal(find(result, "max-replicas", "big")[0].message, "spec.replicas=5 exceeds maxReplicas=3");
    });

    it("kills the pack process when the run is over", () => {
        assert.ok(pid > 0);
        assert.equal(pidAlive(pid), false);
    });
});

describe("engine: runPack with a config file and a stack of related resources", () => {
    let result: RunResult;
    let dir: string;
    const comp = urn("test:index:App", "web");
    const stack = urn("pulumi:pulumi:Stack", "ksl-dev");
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-cfg-"));
        const file = path.join(dir, "policy-config.json");
        fs.writeFileSync(
            file,
            JSON.stringify({
                all: "mandatory",
                "always-disabled": "disabled",
                "no-host-network": "remediate",
                "max-replicas": { maxReplicas: 10 },
                "stack-shape": { enforcementLevel: "advisory" },
            }),
        );
        const child = pod("child", { hostNetwork: true, securityContext: { seccompProfile: { type: "RuntimeDefault" } } });
        result = await runPack({
            packDir: BASIC_PACK,
            config: file,
            resources: [
                { urn: stack, type: "pulumi:pulumi:Stack", name: "ksl-dev", props: {}, custom: false },
                { urn: comp, type: "test:index:App", name: "web", props: { replicas: 2, team: "t" }, parent: stack, custom: false },
                { ...child, urn: urn(POD, "child", "test:index:App$"), parent: comp, dependencies: [comp], propertyDependencies: { metadata: [comp] } },
                {
                    urn: urn("kubernetes:apps/v1:Deployment", "big"),
                    type: "kubernetes:apps/v1:Deployment",
                    name: "big",
                    props: { metadata: { name: "big" }, spec: { replicas: 5 } },
                    parent: stack,
                },
            ],
        });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("'all' sets every policy's level; a named entry overrides it", () => {
        const label = result.violations.find((v) => v.policy === "team-label" && v.resource.name === "big")!;
        assert.equal(label.enforcementLevel, "mandatory");
        assert.equal(result.violations.filter((v) => v.policy === "always-disabled").length, 0);
        assert.equal(result.pack.policies.find((p) => p.name === "always-disabled")!.enforcementLevel, "disabled");
    });

    it("passes policy properties from the config file (maxReplicas=10)", () => {
        assert.equal(result.violations.filter((v) => v.policy === "max-replicas").length, 0);
    });

    it("reports a violation that remediation does not fix as mandatory", () => {
        const v = result.violations.find((x) => x.policy === "no-host-network")!;
        assert.equal(v.enforcementLevel, "mandatory");
        assert.equal(v.resource.name, "child");
    });

    it("gives stack policies parents, dependencies, property dependencies and component inputs", () => {
        const shape = (name: string) => result.violations.find((v) => v.policy === "stack-shape" && v.resource.name === name)!.message;
        assert.equal(shape("child"), "parent=test:index:App deps=[web] propDeps=[metadata<-web] keys=[apiVersion,kind,metadata,spec] provider=none optsParent=set");
        assert.equal(shape("web"), "parent=pulumi:pulumi:Stack deps=[] propDeps=[] keys=[replicas,team] provider=none optsParent=set");
        assert.equal(result.violations.find((v) => v.policy === "stack-shape" && v.resource.name === "child")!.phase, "stack");
    });
});

describe("engine: failures", () => {
    it("rejects an invalid config naming the file, policy and property, and kills the pack", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-cfg-"));
        const file = path.join(dir, "bad.json");
        fs.writeFileSync(file, JSON.stringify({ "max-replicas": { maxReplicas: "ten" } }));
        let pid = 0;
        await assert.rejects(
            runPack({ packDir: BASIC_PACK, config: file, resources: [], onSpawn: (p) => (pid = p) }),
            (e: Error) => e.name === "UserError" && e.message === `${file}: policy 'max-replicas': property 'maxReplicas' must be integer`,
        );
        assert.equal(pidAlive(pid), false);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("explains a pack that fails to start and leaves no process behind", async () => {
        let pid = 0;
        await assert.rejects(
            runPack({ packDir: BROKEN_PACK, resources: [], onSpawn: (p) => (pid = p) }),
            (e: Error) => e.name === "UserError" && /failed to start \(exit code \d+\): Error: broken pack: cannot load policies/.test(e.message),
        );
        assert.ok(pid > 0);
        assert.equal(pidAlive(pid), false);
    });

    it("fails clearly when the pack crashes mid-run", async () => {
        let pid = 0;
        await assert.rejects(
            runPack({ packDir: BASIC_PACK, resources: [pod("ok", {}), pod("crash-me", {})], onSpawn: (p) => (pid = p) }),
            (e: Error) => e.name === "UserError" && /crashed during Analyze of urn:.*::crash-me \(exit code 3\)/.test(e.message),
        );
        assert.equal(pidAlive(pid), false);
    });

    it("rejects a directory that is not a policy pack", async () => {
        await assert.rejects(runPack({ packDir: __dirname, resources: [] }), /PulumiPolicy\.yaml is missing/);
    });
});

describe("engine: a pack started ahead of its run", () => {
    // A cold start cannot answer within 1 ms: a run that passes with that start timeout was served
    // by the pack started ahead.
    it("serves the run that asks for the same pack and stack", async () => {
        const stack = { stack: "prestarted", project: "ksl" };
        prestart(BASIC_PACK, stack);
        let pid = 0;
        const r = await runPack({ packDir: BASIC_PACK, stack, resources: [pod("priv", privileged)], startTimeoutMs: 1, onSpawn: (p) => (pid = p) });
        assert.equal(find(r, "pss-privileged", "priv").length, 1);
        assert.equal(pidAlive(pid), false, "killed after its run like any other");
    });

    it("is not timed out by the engine's own work: a thread busy past the start timeout still finds it started", async () => {
        const stack = { stack: "prestarted-busy", project: "ksl" };
        const saved = process.env.KSL_PACK_START_TIMEOUT_MS;
        process.env.KSL_PACK_START_TIMEOUT_MS = "500";
        try {
            prestart(BASIC_PACK, stack);
        } finally {
            if (saved === undefined) delete process.env.KSL_PACK_START_TIMEOUT_MS;
            else process.env.KSL_PACK_START_TIMEOUT_MS = saved;
        }
        // As a long synchronous parse of manifests does: the pack prints its port meanwhile.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4000);
        const r = await runPack({ packDir: BASIC_PACK, stack, resources: [pod("priv", privileged)], startTimeoutMs: 1 });
        assert.equal(find(r, "pss-privileged", "priv").length, 1);
    });

    it("is not used by a run of another stack (its environment differs), nor twice", async () => {
        const stack = { stack: "prestarted-once", project: "ksl" };
        prestart(BASIC_PACK, stack);
        await assert.rejects(runPack({ packDir: BASIC_PACK, stack: { ...stack, stack: "other" }, resources: [], startTimeoutMs: 1 }), /did not start within 0\.001 s/);
        await runPack({ packDir: BASIC_PACK, stack, resources: [], startTimeoutMs: 1 });
        await assert.rejects(runPack({ packDir: BASIC_PACK, stack, resources: [], startTimeoutMs: 1 }), /did not start within 0\.001 s/);
    });
});
