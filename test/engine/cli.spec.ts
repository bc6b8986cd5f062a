// The ksl CLI end to end: exit codes, JSON and SARIF reports, stdin, errors as one line.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { BASIC_PACK, MANIFESTS, ROOT, runCli } from "./helpers";
import { scratchPath } from "../helpers/scratch";

const multi = path.relative(ROOT, path.join(MANIFESTS, "multi.yaml"));

describe("ksl scan (basic test pack)", () => {
    it("exits 1 on a privileged Pod and reports it in JSON with file:line", async () => {
        const r = await runCli(["scan", multi, "--pack", BASIC_PACK, "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        const report = JSON.parse(r.stdout);
        assert.deepEqual(report.pack, { name: "ksl-test-basic", version: "1.2.3" });
        assert.equal(report.resources, 3);
        const v = report.violations.find((x: any) => x.policy === "pss-privileged");
        assert.deepEqual(v, {
            policy: "pss-privileged",
            measure: "workload.pod-security",
            layer: "workload",
            hexad: ["integrity", "possession"],
            severity: "critical",
            enforcementLevel: "mandatory",
            waived: false,
            message: 'container "shell" sets securityContext.privileged=true',
            cause: null,
            resource: { urn: "urn:pulumi:scan::manifests::kubernetes:core/v1:Pod::shop/debug", type: "kubernetes:core/v1:Pod", name: "debug", namespace: "shop", source: `${multi}:10` },
        });
        assert.equal(report.summary.verdict, "blocked");
        assert.equal(report.summary.byLayer.workload.mandatory, 1);
    });

    it("writes SARIF 2.1.0 with the rule's measure metadata and the result at file and line", async () => {
        const out = scratchPath("scan.sarif");
        const r = await runCli(["scan", multi, "--pack", BASIC_PACK, "--format", "sarif", "--output", out]);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /report written to .*scan\.sarif; BLOCKED/);
        const sarif = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.equal(sarif.version, "2.1.0");
        const run = sarif.runs[0];
        const rule = run.tool.driver.rules.find((x: any) => x.id === "pss-privileged");
        assert.equal(rule.properties.measure, "workload.pod-security");
        assert.equal(rule.properties["security-severity"], "9.5");
        const res = run.results.find((x: any) => x.ruleId === "pss-privileged");
        assert.equal(res.level, "error");
        assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, multi);
        assert.equal(res.locations[0].physicalLocation.region.startLine, 10);
        assert.equal(res.locations[0].logicalLocations[0].fullyQualifiedName, "urn:pulumi:scan::manifests::kubernetes:core/v1:Pod::shop/debug");
    });

    it("prints a text report like Pulumi's policy summary", async () => {
        const r = await runCli(["scan", multi, "--pack", BASIC_PACK]);
        assert.equal(r.code, 1);
        assert.match(r.stdout, /\[mandatory\]  pss-privileged  \(kubernetes:core\/v1:Pod: shop\/debug\)  at .*multi\.yaml:10  container "shell"/);
        assert.match(r.stdout, /Totals per layer:\n  workload +1 mandatory/);
        assert.match(r.stdout, /Verdict: BLOCKED/);
    });

    it("reads stdin and expands a List; exits 0 when only advisory violations remain", async () => {
        const list = fs.readFileSync(path.join(MANIFESTS, "list.yaml"), "utf8").replace("privileged: true", "privileged: false");
        const r = await runCli(["scan", "-", "--pack", BASIC_PACK, "--format", "json"], { stdin: list });
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout);
        assert.equal(report.resources, 2);
        assert.deepEqual(report.violations.map((v: any) => `${v.policy}@${v.resource.source}`).sort(), ["team-label@<stdin>:4", "team-label@<stdin>:9"]);
    });

    it("exits 2 on malformed YAML, naming file and line, without a stack trace", async () => {
        const r = await runCli(["scan", path.join(MANIFESTS, "malformed.yaml"), "--pack", BASIC_PACK]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^ksl: .*malformed\.yaml:\d+:\d+: malformed YAML/);
        assert.equal(r.stderr.trim().split("\n").length, 1);
    });

    it("exits 2 on an object without kind, naming file and line", async () => {
        const r = await runCli(["scan", path.join(MANIFESTS, "no-kind.yaml"), "--pack", BASIC_PACK]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /no-kind\.yaml:6: object has no apiVersion or kind/);
    });

    it("exits 2 on an invalid --config, naming the file, policy and property", async () => {
        const cfg = scratchPath("bad-config.json");
        fs.writeFileSync(cfg, JSON.stringify({ "max-replicas": { maxReplicas: 0 } }));
        const r = await runCli(["scan", multi, "--pack", BASIC_PACK, "--config", cfg]);
        assert.equal(r.code, 2);
        assert.equal(r.stderr.trim(), `ksl: ${cfg}: policy 'max-replicas': property 'maxReplicas' must be >= 1`);
    });

    it("exits 2 with usage help on a missing --pack", async () => {
        const r = await runCli(["scan", multi]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /required option '--pack <pack>' not specified/);
    });
});

describe("ksl scan --pack aks (the real pack)", () => {
    before(function () {
        if (!fs.existsSync(path.join(ROOT, "policypacks", "aks", "dist", "index.js"))) this.skip();
    });

    it("blocks the privileged Pod with pss-privileged and reports it in JSON and SARIF", async () => {
        const r = await runCli(["scan", multi, "--pack", "aks", "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        const report = JSON.parse(r.stdout);
        assert.equal(report.pack.name, "k8s-security-aks");
        const v = report.violations.filter((x: any) => x.policy === "pss-privileged");
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "mandatory");
        assert.equal(v[0].resource.source, `${multi}:10`);
        assert.equal(v[0].layer, "workload");
        const s = await runCli(["scan", multi, "--pack", "aks", "--format", "sarif"]);
        const res = JSON.parse(s.stdout).runs[0].results.filter((x: any) => x.ruleId === "pss-privileged");
        assert.equal(res.length, 1);
        assert.equal(res[0].locations[0].physicalLocation.region.startLine, 10);
    });

    it("never prints a Secret's value", async () => {
        const r = await runCli(["scan", path.join(MANIFESTS, "secret.yaml"), "--pack", "aks", "--format", "json"]);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.ok(!r.stdout.includes("hunter2"));
    });
});

describe("ksl --version", function () {
    this.timeout(60_000);
    it("prints the library, each pack and @pulumi/policy with their versions", async () => {
        const r = await runCli(["--version"]);
        assert.equal(r.code, 0, r.stderr);
        const root = path.resolve(__dirname, "..", "..");
        const version = (f: string) => String(JSON.parse(fs.readFileSync(path.join(root, f), "utf8")).version).replace(/^v/, "");
        assert.deepEqual(r.stdout.trim().split("\n"), [
            `k8s-security-library ${version("package.json")}`,
            `k8s-security-aks ${version("policypacks/aks/package.json")}`,
            `k8s-security-onprem ${version("policypacks/onprem/package.json")}`,
            `@pulumi/policy ${version("node_modules/@pulumi/policy/package.json")}`,
        ]);
    });
});
