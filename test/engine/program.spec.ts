// The program source: a tiny Pulumi program under mocks, then `ksl preview` through the test pack.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runProgram, ProgramRun } from "../../engine/sources/program";
import { BASIC_PACK, PROGRAM, ROOT, runCli } from "./helpers";
import { scratchPath } from "../helpers/scratch";

describe("engine: program source (Pulumi program under mocks)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram({ project: PROGRAM, stack: "dev" });
    });
    const byName = (n: string) => run.resources.find((r) => r.name === n)!;
    const stackUrn = "urn:pulumi:dev::ksl-test-program::pulumi:pulumi:Stack::ksl-test-program-dev";

    it("synthesizes the root stack and parents top-level resources to it", () => {
        assert.equal(run.resources[0].urn, stackUrn);
        assert.equal(byName("apps").parent, stackUrn);
        assert.equal(byName("web").parent, stackUrn);
    });

    it("computes URNs with the parent's type chain", () => {
        assert.equal(byName("web-pod").urn, "urn:pulumi:dev::ksl-test-program::test:index:App$kubernetes:core/v1:Pod::web-pod");
        assert.equal(byName("web-pod").parent, "urn:pulumi:dev::ksl-test-program::test:index:App::web");
    });

    it("captures component inputs, dependencies, providers and the custom flag", () => {
        const comp = byName("web");
        assert.equal(comp.custom, false);
        const { namespace, ...rest } = comp.props as Record<string, unknown>;
        assert.match(namespace as string, /^apps-[0-9a-f]{8}$/);
        assert.deepEqual(rest, { privileged: true, team: "platform" });
        const podRes = byName("web-pod");
        assert.equal(podRes.custom, true);
        assert.ok(podRes.dependencies!.includes(byName("web-config").urn));
        assert.match(podRes.provider!, /^urn:pulumi:dev::ksl-test-program::pulumi:providers:kubernetes::cluster::/);
    });

    it("resolves outputs through believable mock state (auto-named namespace) and reads stack config", () => {
        const ns = (byName("web-pod").props as any).metadata.namespace;
        assert.match(ns, /^apps-[0-9a-f]{8}$/);
        assert.equal(run.config["ksl-test-program:team"], "platform");
        assert.equal(run.config["ksl-test-program:replicas"], "2");
    });

    it("keeps secrets as secrets in the serialized inputs", () => {
        const data = (byName("web-config").props as any).data.token;
        assert.equal(data["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
    });

    it("fails with the program's own message on a program error", async () => {
        await assert.rejects(runProgram({ project: PROGRAM, stack: "broken" }), (e: Error) => e.name === "UserError" && /stack 'broken'\) failed: .*privileged.*boolean/i.test(e.message));
    });

    it("names the provider function when the program calls one without a mock", async () => {
        await assert.rejects(runProgram({ project: PROGRAM, stack: "invoke" }), /failed: ksl has no mock for the provider function 'aws:index:getRegion'/);
    });

    it("refuses a program of another runtime (a Pulumi YAML program using the component package) with what to run instead", async () => {
        const dir = scratchPath("yaml-program");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: tenant\nruntime: yaml\nresources:\n  payments:\n    type: ksl:HardenedNamespace\n    properties:\n      namespaceName: payments\n");
        await assert.rejects(runProgram({ project: dir, stack: "dev" }), (e: Error) => e.name === "UserError" && /Pulumi\.yaml: runtime 'yaml': ksl preview runs Node\.js .*pulumi preview --policy-pack/.test(e.message));
    });

    it("runs a stack without a Pulumi.<stack>.yaml with empty config, as Pulumi does (the program names what it misses)", async () => {
        await assert.rejects(runProgram({ project: PROGRAM, stack: "nope" }), /stack 'nope'\) failed: .*Missing required configuration variable 'ksl-test-program:team'/);
    });
});

describe("ksl preview (tiny program, basic test pack)", () => {
    it("sends parents, dependencies and component inputs to the pack and blocks on the privileged Pod", async () => {
        const cfg = scratchPath("preview-config.json");
        fs.mkdirSync(path.dirname(cfg), { recursive: true });
        fs.writeFileSync(cfg, JSON.stringify({ "stack-shape": "advisory" }));
        const r = await runCli(["preview", "--project", path.join(PROGRAM, "Pulumi.yaml"), "--stack", "dev", "--pack", BASIC_PACK, "--config", cfg, "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        const report = JSON.parse(r.stdout);
        const shape = (name: string) => report.violations.find((v: any) => v.policy === "stack-shape" && v.resource.name === name)?.message;
        assert.equal(shape("web"), "parent=pulumi:pulumi:Stack deps=[apps] propDeps=[namespace<-apps;privileged<-;team<-] keys=[namespace,privileged,team] provider=none optsParent=set");
        assert.equal(shape("web-pod"), "parent=test:index:App deps=[apps,web-config] propDeps=[apiVersion<-;kind<-;metadata<-apps|web-config;spec<-] keys=[apiVersion,kind,metadata,spec] provider=pulumi:providers:kubernetes optsParent=set");
        const priv = report.violations.find((v: any) => v.policy === "pss-privileged");
        assert.equal(priv.resource.urn, "urn:pulumi:dev::ksl-test-program::test:index:App$kubernetes:core/v1:Pod::web-pod");
        assert.equal(priv.resource.source, null);
        assert.ok(!r.stdout.includes("not-a-real-token"));
    });

    it("exits 2 with the program's message when the program fails", async () => {
        const r = await runCli(["preview", "--project", PROGRAM, "--stack", "broken", "--pack", BASIC_PACK]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^ksl: program .* \(stack 'broken'\) failed: /);
        assert.equal(r.stderr.trim().split("\n").length, 1);
    });
});
