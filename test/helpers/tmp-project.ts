// A throwaway Pulumi TypeScript project under the system temp directory, resolving the library's
// node_modules (so its program can import @pulumi/*), for tests that need their own Pulumi.yaml.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Writes `files` (relative path → content) next to a Pulumi.yaml named `name`; returns the directory. */
export function tmpProject(name: string, files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ksl-${name}-`));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.ts\n`);
    // The tsconfig.json of Pulumi's TypeScript template (`pulumi new typescript`), with esModuleInterop.
    const compilerOptions = { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true, esModuleInterop: true };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 4));
    for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), content);
    return dir;
}
