#!/usr/bin/env node
// Bundles each publishable pack into <pack>/dist/index.js (so it starts without type-checking and
// imports nothing outside its directory but @pulumi/policy and @pulumi/pulumi, which its own
// package.json declares), the ksl CLI into dist/ksl.js (with its YAML worker, dist/parse-worker.js)
// and the components into dist/components (one bundle per entry point).
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
// Every pack directory (one per platform of the registry, policypacks/catalog/platforms.ts).
const packs = fs.readdirSync(path.join(root, "policypacks")).filter((d) => fs.existsSync(path.join(root, "policypacks", d, "PulumiPolicy.yaml")));

async function main() {
    const common = { bundle: true, platform: "node", target: "node20", format: "cjs", sourcemap: true, logLevel: "warning" };
    await Promise.all([
        ...packs.map((p) =>
            esbuild.build({
                ...common,
                entryPoints: [path.join(root, "policypacks", p, "index.ts")],
                outfile: path.join(root, "policypacks", p, "dist", "index.js"),
                external: ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/pulumi/*"],
            }),
        ),
        esbuild.build({
            ...common,
            entryPoints: [path.join(root, "engine", "cli.ts")],
            outfile: path.join(root, "dist", "ksl.js"),
            packages: "external",
        }),
        // The child process `ksl preview` runs a Pulumi program in, beside dist/ksl.js.
        esbuild.build({
            ...common,
            entryPoints: [path.join(root, "engine", "sources", "program-runner.ts")],
            outfile: path.join(root, "dist", "program-runner.js"),
            packages: "external",
        }),
        // The worker thread that serves the library's own packs inside the CLI (engine/analyzer/in-process.ts).
        esbuild.build({
            ...common,
            entryPoints: [path.join(root, "engine", "analyzer", "pack-worker.ts")],
            outfile: path.join(root, "dist", "pack-worker.js"),
            packages: "external",
        }),
        // The YAML parsing worker the CLI starts beside dist/ksl.js on large scans.
        esbuild.build({
            ...common,
            entryPoints: [path.join(root, "engine", "sources", "parse-worker.ts")],
            outfile: path.join(root, "dist", "parse-worker.js"),
            packages: "external",
        }),
        // The components as JavaScript, for programs that depend on this library
        // (`import { HardenedNamespace } from "k8s-security-library/components"`).
        // One bundle per entry point: components/kubernetes loads no Azure SDK, so an on-prem user
        // need not install @pulumi/azure-native.
        ...["index", "kubernetes", "aks"].map((entry) =>
            esbuild.build({
                ...common,
                entryPoints: [path.join(root, "components", `${entry}.ts`)],
                outfile: path.join(root, "dist", "components", `${entry}.js`),
                packages: "external",
            }),
        ),
    ]);
}

main().catch((e) => {
    console.error(e.message);
    process.exit(1);
});
