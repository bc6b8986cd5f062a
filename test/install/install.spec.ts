// Installed as users install: `npm pack` of the repository (its prepare script builds the CLI, the
// components and their type declarations), installed into an empty project from the local npm
// cache only (`npm ci --offline`), then used there: `npx ksl scan` of a manifest and `ksl preview`
// of a TypeScript program that imports HardenedNamespace from the package. The project has no
// @pulumi/azure-native: the Kubernetes components must load without it.
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { offlineLock } from "./offline-lock";

const ROOT = path.resolve(__dirname, "..", "..");

function du(dir: string): number {
    let total = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) total += du(p);
        else if (e.isFile()) total += fs.statSync(p).size;
    }
    return total;
}

describe("the packed package, installed from the local npm cache", function () {
    this.timeout(600_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-install-"));
    const app = path.join(work, "app");
    let tarball: string;
    let files: string[];
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    before(() => {
        const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
        const info = JSON.parse(out.slice(out.indexOf("[")))[0] as { filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> };
        tarball = path.join(work, info.filename);
        files = info.files.map((f) => f.path).sort();
        process.stdout.write(`\n      package: ${info.filename}, ${(info.size / 1024).toFixed(0)} kB packed, ${(info.unpackedSize / 1024 / 1024).toFixed(1)} MB unpacked, ${files.length} files\n`);
        fs.mkdirSync(app);
        const { lock, dependencies } = offlineLock(path.join(ROOT, "package-lock.json"), tarball, app, ["@pulumi/pulumi", "@pulumi/kubernetes", "typescript"]);
        fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true, dependencies }, null, 2));
        fs.writeFileSync(path.join(app, "package-lock.json"), JSON.stringify(lock, null, 2));
        execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
        process.stdout.write(`      installed with @pulumi/pulumi, @pulumi/kubernetes and typescript: ${(du(path.join(app, "node_modules")) / 1024 / 1024).toFixed(0)} MB of node_modules\n`);
    });

    it("holds the bundled CLI, the components with their types and the two packs, and nothing else", () => {
        assert.ok(files.includes("dist/ksl.js") && files.includes("bin/ksl.js"));
        for (const entry of ["index", "kubernetes", "aks"]) {
            assert.ok(files.includes(`dist/components/${entry}.js`), entry);
            assert.ok(files.includes(`dist/types/components/${entry}.d.ts`), entry);
        }
        for (const pack of ["aks", "onprem"]) for (const f of ["PulumiPolicy.yaml", "package.json", "dist/index.js"]) assert.ok(files.includes(`policypacks/${pack}/${f}`), `${pack}/${f}`);
        const unexpected = files.filter((f) => !/^(bin\/ksl\.js|dist\/.*\.(js|d\.ts)|policypacks\/(aks|onprem)\/(PulumiPolicy\.yaml|package\.json|dist\/index\.js)|README\.md|package\.json)$/.test(f));
        assert.deepEqual(unexpected, []);
        assert.ok(!files.some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), "no TypeScript sources");
        assert.ok(!fs.existsSync(path.join(app, "node_modules", "@pulumi", "azure-native")), "azure-native is an optional peer");
        assert.ok(!fs.existsSync(path.join(app, "node_modules", "ts-node")), "the CLI needs no ts-node");
    });

    it("npx ksl runs: --version, and a scan that blocks a privileged pod", () => {
        const version = spawnSync("npx", ["--offline", "ksl", "--version"], { cwd: app, encoding: "utf8" });
        assert.equal(version.status, 0, version.stderr);
        assert.match(version.stdout, /^k8s-security-library 0\.1\.0\nk8s-security-aks 0\.1\.0\nk8s-security-onprem 0\.1\.0\n@pulumi\/policy 1\.21\.0/);
        fs.writeFileSync(path.join(app, "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: { name: debug, namespace: tools }\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n      securityContext: { privileged: true }\n");
        const scan = spawnSync("npx", ["--offline", "ksl", "scan", "pod.yaml", "--pack", "onprem", "--format", "json"], { cwd: app, encoding: "utf8" });
        assert.equal(scan.status, 1, scan.stderr);
        const report = JSON.parse(scan.stdout);
        assert.ok(report.violations.some((v: { policy: string; enforcementLevel: string }) => v.policy === "pss-privileged" && v.enforcementLevel === "mandatory"));
    });

    it("what needs a program says so in one line: ksl preview without a Pulumi.yaml, ksl demo without the repository's sample stacks", () => {
        const preview = spawnSync("npx", ["--offline", "ksl", "preview", "--stack", "dev", "--pack", "onprem"], { cwd: app, encoding: "utf8" });
        assert.equal(preview.status, 2, preview.stdout);
        assert.equal(preview.stderr.trim().split("\n").length, 1, preview.stderr);
        assert.match(preview.stderr, /no Pulumi\.yaml in .*app: run ksl preview in the program's directory, or give --project/);
        const demo = spawnSync("npx", ["--offline", "ksl", "demo"], { cwd: app, encoding: "utf8" });
        assert.equal(demo.status, 2, demo.stdout);
        assert.match(demo.stderr, /the sample stacks come with the repository, not with the npm package/);
    });

    it("ksl preview of a TypeScript program importing HardenedNamespace from the package (no Azure SDK installed)", () => {
        fs.writeFileSync(path.join(app, "Pulumi.yaml"), "name: app\nruntime: nodejs\nmain: index.ts\n");
        // Pulumi's TypeScript template settings ("moduleResolution": "node" reads the package's typesVersions).
        fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, esModuleInterop: true }, files: ["index.ts"] }));
        fs.writeFileSync(
            path.join(app, "index.ts"),
            [
                `import { HardenedNamespace } from "k8s-security-library/components/kubernetes";`,
                `import * as k8s from "@pulumi/kubernetes";`,
                `const ns = new HardenedNamespace("team-a", { adminGroups: ["platform-admins"] });`,
                `new k8s.apps.v1.Deployment("web", {`,
                `    metadata: { namespace: ns.namespaceName },`,
                `    spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27", securityContext: { privileged: true } }] } } },`,
                `});`,
                `export const namespace = ns.namespaceName;`,
            ].join("\n"),
        );
        const r = spawnSync("npx", ["--offline", "ksl", "preview", "--stack", "dev", "--pack", "onprem", "--format", "json"], { cwd: app, encoding: "utf8", env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "" } });
        assert.equal(r.status, 1, r.stderr);
        const report = JSON.parse(r.stdout);
        const types = new Set(report.violations.map((v: { resource: { type: string } }) => v.resource.type));
        assert.ok(types.has("kubernetes:apps/v1:Deployment"));
        // The component's objects were registered and checked: its namespace passes the namespace policies.
        assert.ok(!report.violations.some((v: { policy: string }) => v.policy === "require-pod-security-labels" || v.policy === "require-namespace-default-deny"), JSON.stringify(report.violations.map((v: { policy: string }) => v.policy)));
        assert.ok(report.resources >= 8, `${report.resources} resources`);
    });
});
