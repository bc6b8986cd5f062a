// Scripts ksl starts in a child process or worker thread (the program runner, the in-process pack
// worker) as JavaScript: bundled beside dist/ksl.js when ksl runs from its bundle (an installed
// package, a built checkout), else bundled from their source on the spot (a checkout run through
// ts-node) into the checkout's node_modules/.cache, so their packages resolve as for the source.
import * as fs from "fs";
import * as path from "path";
import { UserError } from "./errors";

export function bundledScript(name: string, source: string): string {
    const bundled = path.join(path.dirname(__filename), `${name}.js`);
    if (path.basename(__filename) === "ksl.js" && fs.existsSync(bundled)) return bundled;
    if (!fs.existsSync(source)) throw new UserError(`cannot find ${name} (${bundled}) next to the ksl installation`);
    // This file is engine/bundled-script.ts in a checkout: the checkout's root is one level up.
    const out = path.resolve(__dirname, "..", "node_modules", ".cache", "ksl", `${name}.js`);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const esbuild = require("esbuild") as typeof import("esbuild");
    esbuild.buildSync({ entryPoints: [source], outfile: out, bundle: true, platform: "node", target: "node20", format: "cjs", packages: "external", logLevel: "error" });
    return out;
}
