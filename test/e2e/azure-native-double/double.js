// A test double of the azure-native provider for `pulumi preview` in the e2e suite: the real provider
// cannot be built from the Go module proxy (its schema and metadata are generated from a git
// submodule), and a preview needs of it only a schema (the YAML language host checks programs
// against it), Check and Diff. This double
// - serves a schema of the resource types named in KSL_AZURE_DOUBLE_TYPES, each input property the
//   @pulumi/azure-native SDK declares for it, typed as any value;
// - echoes the inputs in Check, and never creates anything (it does not support preview, so the
//   engine does not call Create during a preview).
// What it leaves out: the real provider's defaults and normalisation of inputs (API-version
// defaults, case folding of enum values, resource-id formatting) - the packs see the inputs as the
// program declared them.
"use strict";
const fs = require("fs");
const path = require("path");
const provider = require("@pulumi/pulumi/provider");

const VERSION = require("@pulumi/azure-native/package.json").version;
const SDK = path.dirname(require.resolve("@pulumi/azure-native/package.json"));

/** The input property names of `azure-native:<module>:<Type>`, read from the SDK's declarations. */
function inputProperties(token) {
    const [, mod, type] = token.split(":");
    const file = path.join(SDK, mod.split("/")[0], `${type.charAt(0).toLowerCase()}${type.slice(1)}.d.ts`);
    const text = fs.readFileSync(file, "utf8");
    const start = text.indexOf(`export interface ${type}Args {`);
    if (start < 0) throw new Error(`${file}: no ${type}Args`);
    const body = text.slice(start, text.indexOf("\n}", start));
    const props = {};
    for (const m of body.matchAll(/^    (\w+)\??:/gm)) props[m[1]] = { $ref: "pulumi.json#/Any" };
    return props;
}

function schema() {
    const types = (process.env.KSL_AZURE_DOUBLE_TYPES || "").split(",").filter(Boolean);
    const resources = {};
    for (const t of types) resources[t] = { inputProperties: inputProperties(t), properties: {} };
    return JSON.stringify({ name: "azure-native", version: VERSION, resources });
}

provider.main(
    {
        version: VERSION,
        getSchema: async () => schema(),
        check: async (_urn, _olds, news) => ({ inputs: news }),
        diff: async () => ({ changes: true }),
        create: async () => {
            throw new Error("the azure-native test double creates nothing: preview only");
        },
    },
    process.argv.slice(2),
);
