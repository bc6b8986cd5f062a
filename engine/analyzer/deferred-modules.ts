// @pulumi/pulumi's runtime loads its closure serializer (and with it TypeScript, 9 MB of source)
// and its code-path finder (npm's arborist, pacote, tar) as soon as it is required, for
// `pulumi.runtime.serializeFunction` and `computeCodePaths`, which a policy pack never calls. In a
// pack served in ksl's process that is about 0.4 s of every scan, most of a small one. Until one of
// them is called, a stand-in exporting the same functions takes each module's place and loads the
// real module on the first call, so nothing changes for a pack that does call them.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-var-requires */
import * as fs from "fs";
import * as path from "path";

const DEFERRED = ["runtime/closure/serializeClosure.js", "runtime/closure/codePaths.js"];

/** The functions a CommonJS module compiled by TypeScript exports, or undefined if it exports anything else. */
function exportedFunctions(source: string): string[] | undefined {
    const names = [...new Set([...source.matchAll(/^exports\.(\w+) = (?!void 0)/gm)].map((m) => m[1]))];
    const isFunction = (n: string) => new RegExp(`^(?:async )?function\\*? ${n}\\(`, "m").test(source) && new RegExp(`^exports\\.${n} = ${n};$`, "m").test(source);
    return names.length > 0 && names.every(isFunction) ? names : undefined;
}

/**
 * Puts stand-ins for the closure modules of the @pulumi/pulumi in `pulumiDir` into this thread's
 * module cache; returns the modules deferred. A module that is already loaded, missing, or exports
 * anything but functions is left alone.
 */
export function deferClosureModules(pulumiDir: string): string[] {
    const Module = require("module");
    const deferred: string[] = [];
    for (const rel of DEFERRED) {
        const file = path.join(pulumiDir, rel);
        if (require.cache[file] || !fs.existsSync(file)) continue;
        const names = exportedFunctions(fs.readFileSync(file, "utf8"));
        if (!names) continue;
        let real: Record<string, any> | undefined;
        const load = (): Record<string, any> => {
            if (!real) {
                delete require.cache[file];
                real = require(file) as Record<string, any>;
            }
            return real;
        };
        const standIn = new Module(file);
        standIn.filename = file;
        standIn.loaded = true;
        standIn.exports = Object.fromEntries(names.map((n) => [n, (...args: unknown[]) => load()[n](...args)]));
        require.cache[file] = standIn;
        deferred.push(rel);
    }
    return deferred;
}
