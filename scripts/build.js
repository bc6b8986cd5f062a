#!/usr/bin/env node
// Bundles each publishable pack into <pack>/dist/index.js (so it starts without type-checking and
// imports nothing outside its directory but @pulumi/policy and @pulumi/pulumi, which its own
// package.json declares), and bundles the ksl CLI into dist/ksl.js.
const esbuild = require("esbuild");
const path = require("path");

const root = path.resolve(__dirname, "..");
const packs = ["aks", "onprem"];

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
    ]);
}

main().catch((e) => {
    console.error(e.message);
    process.exit(1);
});
