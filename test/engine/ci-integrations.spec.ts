// The CI integrations run as their definitions state: each step of action.yml (its `run` command
// with its `env`, the inputs substituted as GitHub does) and each hook of .pre-commit-hooks.yaml
// (its `entry` on the staged files its `files`/`exclude` select, with the package's `ksl` bin on
// PATH as pre-commit's node language provides it).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { ROOT } from "./helpers";

const INSECURE = path.join(ROOT, "examples", "manifests", "insecure", "workloads.yaml");
// The hardened tenant namespace passes every policy of both packs (workloads.yaml is hardened at the workload level only).
const HARDENED = path.join(ROOT, "examples", "manifests", "hardened", "tenant.yaml");

interface Action {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: Array<{ id?: string; shell: string; run: string; env?: Record<string, string> }> };
}

function runAction(workspace: string, inputs: Record<string, string>): { code: number; outputs: Record<string, string>; log: string } {
    const action = YAML.parse(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as Action;
    assert.equal(action.runs.using, "composite");
    const values = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ""])), ...inputs };
    const expr = (s: string) => s.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, k: string) => values[k] ?? "");
    const outputFile = path.join(workspace, ".github-output");
    fs.writeFileSync(outputFile, "");
    let log = "";
    for (const step of action.runs.steps) {
        assert.equal(step.shell, "bash");
        const env = { ...process.env, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: workspace, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(v)])) };
        const r = spawnSync("bash", ["-e", "-c", expr(step.run)], { cwd: workspace, env, encoding: "utf8", timeout: 600_000 });
        log += r.stdout + r.stderr;
        if (r.status !== 0) return { code: r.status ?? -1, outputs: readOutputs(outputFile), log };
    }
    return { code: 0, outputs: readOutputs(outputFile), log };
}

function readOutputs(file: string): Record<string, string> {
    return Object.fromEntries(fs.readFileSync(file, "utf8").split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

describe("CI integrations as their definitions state", function () {
    this.timeout(600_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-ci-"));
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    describe("action.yml", () => {
        it("blocks on mandatory findings and writes an upload-ready SARIF report", () => {
            const ws = fs.mkdtempSync(path.join(work, "ws-"));
            fs.mkdirSync(path.join(ws, "deploy"));
            fs.copyFileSync(INSECURE, path.join(ws, "deploy", "app.yaml"));
            const r = runAction(ws, { paths: "deploy", pack: "aks onprem" });
            assert.equal(r.code, 1, r.log);
            assert.deepEqual(r.outputs, { report: "ksl.sarif", verdict: "blocked" });
            const sarif = JSON.parse(fs.readFileSync(path.join(ws, "ksl.sarif"), "utf8"));
            assert.equal(sarif.version, "2.1.0");
            assert.equal(sarif.runs.length, 2);
            assert.ok(sarif.runs[0].results.some((x: { level: string }) => x.level === "error"));
            assert.match(r.log, /BLOCKED/);
        });
        it("reports without failing when fail-on-mandatory is false; passes hardened manifests; writes JUnit when asked", () => {
            const ws = fs.mkdtempSync(path.join(work, "ws-"));
            fs.copyFileSync(INSECURE, path.join(ws, "insecure.yaml"));
            fs.copyFileSync(HARDENED, path.join(ws, "hardened.yaml"));
            const report = runAction(ws, { paths: "insecure.yaml", "fail-on-mandatory": "false" });
            assert.equal(report.code, 0, report.log);
            assert.equal(report.outputs.verdict, "blocked");
            const clean = runAction(ws, { paths: "hardened.yaml", pack: "onprem", format: "junit", output: "ksl-junit.xml" });
            assert.equal(clean.code, 0, clean.log);
            assert.deepEqual(clean.outputs, { report: "ksl-junit.xml", verdict: "passed" });
            assert.match(fs.readFileSync(path.join(ws, "ksl-junit.xml"), "utf8"), /<property name="verdict" value="passed"\/>/);
        });
        it("a scan error fails the step with ksl's message, never a pass", () => {
            const ws = fs.mkdtempSync(path.join(work, "ws-"));
            const r = runAction(ws, { paths: "missing/" });
            assert.equal(r.code, 2);
            assert.match(r.log, /missing\/: no such file or directory/);
            assert.equal(r.outputs.verdict, undefined);
        });
    });

    describe(".pre-commit-hooks.yaml", () => {
        const hooks = YAML.parse(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Array<{ id: string; entry: string; language: string; files: string; exclude?: string; require_serial?: boolean }>;
        // pre-commit's node language puts the installed package's bins on PATH.
        const bin = path.join(work, "bin");
        fs.mkdirSync(bin, { recursive: true });
        fs.writeFileSync(path.join(bin, "ksl"), `#!/bin/sh\nexec node "${path.join(ROOT, "bin", "ksl.js")}" "$@"\n`, { mode: 0o755 });

        function runHook(id: string, repo: string, staged: string[]): { code: number; out: string; selected: string[] } {
            const hook = hooks.find((h) => h.id === id)!;
            assert.equal(hook.language, "node");
            const files = new RegExp(hook.files);
            const exclude = hook.exclude ? new RegExp(hook.exclude) : undefined;
            const selected = staged.filter((f) => files.test(f) && !exclude?.test(f));
            const [cmd, ...args] = hook.entry.split(/\s+/);
            const r = spawnSync(cmd, [...args, ...selected], { cwd: repo, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` }, encoding: "utf8" });
            return { code: r.status ?? -1, out: r.stdout + r.stderr, selected };
        }

        it("both packs have a hook; each scans the staged manifests and blocks the commit on a mandatory finding", () => {
            assert.deepEqual(hooks.map((h) => h.id), ["ksl-scan-aks", "ksl-scan-onprem"]);
            const repo = fs.mkdtempSync(path.join(work, "repo-"));
            for (const d of ["k8s", "chart/templates", ".github/workflows"]) fs.mkdirSync(path.join(repo, d), { recursive: true });
            fs.copyFileSync(INSECURE, path.join(repo, "k8s", "app.yaml"));
            fs.writeFileSync(path.join(repo, "chart", "templates", "deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
            fs.writeFileSync(path.join(repo, ".github", "workflows", "ci.yaml"), "on: push\njobs: {}\n");
            fs.writeFileSync(path.join(repo, "README.md"), "# app\n");
            const staged = ["k8s/app.yaml", "chart/templates/deployment.yaml", ".github/workflows/ci.yaml", "README.md"];
            for (const id of ["ksl-scan-aks", "ksl-scan-onprem"]) {
                const r = runHook(id, repo, staged);
                assert.deepEqual(r.selected, ["k8s/app.yaml"], "templates, workflows and non-YAML files are not handed to the scan");
                assert.equal(r.code, 1, r.out);
                assert.match(r.out, /Verdict: BLOCKED/);
            }
        });
        it("passes hardened manifests, and a staged YAML file that is no manifest", () => {
            const repo = fs.mkdtempSync(path.join(work, "repo-"));
            fs.copyFileSync(HARDENED, path.join(repo, "app.yaml"));
            fs.writeFileSync(path.join(repo, "values.yaml"), "replicaCount: 2\n");
            const r = runHook("ksl-scan-onprem", repo, ["app.yaml", "values.yaml"]);
            assert.equal(r.code, 0, r.out);
        });
    });
});
