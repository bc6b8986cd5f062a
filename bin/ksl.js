#!/usr/bin/env node
// The ksl CLI. `npm run build` bundles engine/cli.ts into dist/ksl.js; without a build (e.g. in
// development) the TypeScript source is run directly.
const fs = require("fs");
const path = require("path");
const bundled = path.join(__dirname, "..", "dist", "ksl.js");
if (fs.existsSync(bundled)) {
    require(bundled);
} else {
    require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
    require("../engine/cli.ts");
}
