#!/usr/bin/env node
// `npm run toolchain`: builds the real Pulumi toolchain from the Go module proxy into a cache
// outside the repository and prints, as its last line, the directory holding the binaries.
// `--peers` builds the scanners `npm run bench` compares with instead (kube-linter and Trivy
// from the Go module proxy, Checkov from PyPI); `--all` both.
//
// What is built is pinned by the Go modules under toolchain/ (go.mod + go.sum, verified with
// -mod=readonly) and toolchain/peers/checkov/requirements.txt; the cache directory is keyed by
// those files and the Go version, so a changed pin builds anew and an unchanged one is reused.
// Only Go modules (and, for Checkov, PyPI packages) are downloaded; nothing at run time.
"use strict";
const { execFileSync, spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const pins = path.join(root, "toolchain");

/** Every binary, the module pinning it and how it is made. */
const TARGETS = {
    pulumi: [
        // The CLI at the version of our @pulumi/pulumi, with its version flag so that
        // requiredPulumiVersion checks run as in a release build (.goreleaser.yml).
        { bin: "pulumi", module: "pulumi", pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", tags: "osusergo,grpcnotrace", version: ["github.com/pulumi/pulumi/sdk/v3/go/common/version.Version", "v", "github.com/pulumi/pulumi/pkg/v3"] },
        { bin: "pulumi-language-yaml", module: "yaml", pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml", version: ["github.com/pulumi/pulumi-yaml/pkg/version.Version", "v", "github.com/pulumi/pulumi-yaml"] },
        // The provider's own main embeds files its go:generate step writes (git-ignored, so not in
        // the module zip); toolchain/kubernetes/main.go is that main, fed by the same step.
        { bin: "pulumi-resource-kubernetes", module: "kubernetes", pkg: ".", copy: true, prepare: prepareKubernetes, version: ["github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version", "", "github.com/pulumi/pulumi-kubernetes/sdk/v4"] },
        // Pulumi's own policy-pack launcher for the CLI's analyzer-plugin path (see README).
        { bin: "pulumi-analyzer-policy-nodejs", module: "analyzer-shim", file: { module: "github.com/pulumi/pulumi/sdk/v3", path: "nodejs/dist/pulumi-analyzer-policy" } },
    ],
    peers: [
        { bin: "kube-linter", module: "peers/kube-linter", pkg: "golang.stackrox.io/kube-linter/cmd/kube-linter", version: ["golang.stackrox.io/kube-linter/internal/version.version", "", "golang.stackrox.io/kube-linter"] },
        // Trivy builds with Go's encoding/json/v2 experiment, as its own Makefile does.
        { bin: "trivy", module: "peers/trivy", pkg: "github.com/aquasecurity/trivy/cmd/trivy", env: { GOEXPERIMENT: "jsonv2" }, version: ["github.com/aquasecurity/trivy/pkg/version/app.ver", "", "github.com/aquasecurity/trivy"] },
        { bin: "checkov", pip: "peers/checkov/requirements.txt" },
    ],
};

function fail(message) {
    console.error(`toolchain: ${message}`);
    process.exit(2);
}

function log(message) {
    process.stderr.write(`toolchain: ${message}\n`);
}

function goVersion() {
    try {
        return execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8" }).trim();
    } catch {
        fail("needs Go 1.26 or newer on PATH (go not found); install it, or point PATH at it");
    }
}

function moduleDir(t) {
    return path.join(pins, t.module ?? path.dirname(t.pip));
}

/** The cache directory of a group: keyed by its pins and the Go (or Python) that builds them. */
function cacheDir(group) {
    const h = crypto.createHash("sha256");
    for (const t of TARGETS[group]) {
        const dir = moduleDir(t);
        for (const f of fs.readdirSync(dir).sort()) {
            const p = path.join(dir, f);
            if (fs.statSync(p).isFile()) h.update(`${t.bin}/${f}\0`).update(fs.readFileSync(p));
        }
    }
    h.update(goVersion());
    const base = process.env.KSL_TOOLCHAIN_DIR || path.join(os.homedir(), ".cache", "ksl-toolchain");
    return path.join(base, `${group}-${h.digest("hex").slice(0, 16)}`);
}

function goEnv() {
    // Pins are verified, never changed: a go.sum that does not cover a module fails the build.
    return { ...process.env, GOFLAGS: "-mod=readonly", CGO_ENABLED: "0", GOWORK: "off" };
}

function go(args, cwd, extraEnv = {}) {
    const r = spawnSync("go", args, { cwd, env: { ...goEnv(), ...extraEnv }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
        const detail = `${r.stderr ?? ""}${r.stdout ?? ""}`.trim().split("\n").slice(-12).join("\n");
        fail(`go ${args.join(" ")} (in ${path.relative(root, cwd) || cwd}) failed:\n${detail}`);
    }
    return r.stdout;
}

function moduleInfo(modPath, cwd) {
    return JSON.parse(go(["list", "-m", "-json", modPath], cwd));
}

/** The provider's go:generate step (cmd/pulumi-resource-kubernetes/generate.go): versioned schema, compact mapping. */
function prepareKubernetes(work, version) {
    go(["mod", "download", "github.com/pulumi/pulumi-kubernetes/provider/v4"], work);
    const src = path.join(moduleInfo("github.com/pulumi/pulumi-kubernetes/provider/v4", work).Dir, "cmd", "pulumi-resource-kubernetes");
    const schema = JSON.parse(fs.readFileSync(path.join(src, "schema.json"), "utf8"));
    schema.version = version;
    fs.writeFileSync(path.join(work, "schema-embed.json"), JSON.stringify(schema));
    const mapping = JSON.parse(fs.readFileSync(path.join(src, "terraform-mapping.json"), "utf8"));
    fs.writeFileSync(path.join(work, "terraform-mapping-embed.json"), JSON.stringify(mapping));
}

function buildGo(t, bin, work) {
    let cwd = moduleDir(t);
    if (t.copy) {
        cwd = path.join(work, t.module);
        fs.rmSync(cwd, { recursive: true, force: true });
        fs.mkdirSync(cwd, { recursive: true });
        for (const f of fs.readdirSync(moduleDir(t))) fs.copyFileSync(path.join(moduleDir(t), f), path.join(cwd, f));
    }
    if (t.file) {
        // A file of a module zip (module zips drop exec bits: made executable here).
        go(["mod", "download", t.file.module], cwd);
        const from = path.join(moduleInfo(t.file.module, cwd).Dir, t.file.path);
        fs.copyFileSync(from, bin);
        fs.chmodSync(bin, 0o755);
        return;
    }
    const [variable, prefix, versionModule] = t.version;
    const version = moduleInfo(versionModule, cwd).Version.replace(/^v/, "");
    if (t.prepare) t.prepare(cwd, version);
    const args = ["build", "-trimpath", "-o", bin];
    if (t.tags) args.push("-tags", t.tags);
    args.push("-ldflags", `-s -w -X ${variable}=${prefix}${version}`, t.pkg);
    go(args, cwd, t.env);
}

function buildPip(t, bin, dir) {
    const venv = path.join(dir, "venv-" + t.bin);
    const python = process.env.KSL_PYTHON || "python3";
    const run = (cmd, args) => {
        const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
        if (r.status !== 0) fail(`${cmd} ${args.join(" ")} failed:\n${`${r.stderr}${r.stdout}`.trim().split("\n").slice(-12).join("\n")}`);
    };
    fs.rmSync(venv, { recursive: true, force: true });
    run(python, ["-m", "venv", venv]);
    run(path.join(venv, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "-r", path.join(pins, t.pip)]);
    fs.symlinkSync(path.join(venv, "bin", t.bin), bin);
}

function build(group) {
    const dir = cacheDir(group);
    const binDir = path.join(dir, "bin");
    fs.mkdirSync(binDir, { recursive: true });
    const work = path.join(dir, "work");
    for (const t of TARGETS[group]) {
        const bin = path.join(binDir, t.bin);
        if (fs.existsSync(bin)) continue;
        const started = Date.now();
        log(`building ${t.bin} (${t.pip ? "PyPI" : `toolchain/${t.module}`}) ...`);
        // Built beside the target and renamed: an interrupted build never leaves half a binary.
        const tmp = `${bin}.partial`;
        fs.rmSync(tmp, { recursive: true, force: true });
        if (t.pip) buildPip(t, tmp, dir);
        else buildGo(t, tmp, work);
        fs.renameSync(tmp, bin);
        log(`built ${t.bin} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    fs.rmSync(work, { recursive: true, force: true });
    return binDir;
}

function main() {
    const argv = process.argv.slice(2);
    const unknown = argv.filter((a) => !["--peers", "--all"].includes(a));
    if (unknown.length) fail(`unknown option ${unknown[0]} (usage: npm run toolchain [-- --peers | --all])`);
    const groups = argv.includes("--all") ? ["pulumi", "peers"] : argv.includes("--peers") ? ["peers"] : ["pulumi"];
    const dirs = groups.map(build);
    // The last line is what callers read: the directory (or directories) holding the binaries.
    console.log(dirs.join(path.delimiter));
}

if (require.main === module) main();
module.exports = { cacheDir, TARGETS };
