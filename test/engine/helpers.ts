// Shared by the engine tests: a fresh CLI bundle (never a stale dist/), a CLI runner and a pid check.
import { spawn } from "child_process";
import * as path from "path";
import { scratchPath } from "../helpers/scratch";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BASIC_PACK = path.join(ROOT, "test", "fixtures", "packs", "basic");
export const BROKEN_PACK = path.join(ROOT, "test", "fixtures", "packs", "broken");
export const MANIFESTS = path.join(ROOT, "test", "fixtures", "manifests");
export const PROGRAM = path.join(ROOT, "test", "fixtures", "program");

let built = false;
/** Bundles engine/cli.ts like `npm run build` does, into this process's scratch directory. */
export function cliBundle(): string {
    const CLI = scratchPath("test-dist", "ksl.js");
    if (!built) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        require("esbuild").buildSync({
            entryPoints: [path.join(ROOT, "engine", "cli.ts")],
            outfile: CLI,
            bundle: true,
            platform: "node",
            target: "node20",
            format: "cjs",
            packages: "external",
            // The bundle sits in the scratch directory but finds the library as dist/ksl.js does.
            define: { __dirname: JSON.stringify(path.join(ROOT, "dist")) },
            logLevel: "error",
        });
        // The program runner `ksl preview` starts and the in-process pack worker, bundled beside
        // the CLI as `npm run build` puts them.
        for (const entry of [path.join("sources", "program-runner.ts"), path.join("analyzer", "pack-worker.ts")]) {
            require("esbuild").buildSync({
                entryPoints: [path.join(ROOT, "engine", entry)],
                outfile: path.join(path.dirname(CLI), `${path.basename(entry, ".ts")}.js`),
                bundle: true,
                platform: "node",
                target: "node20",
                format: "cjs",
                packages: "external",
                logLevel: "error",
            });
        }
        built = true;
    }
    return CLI;
}

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

export function runCli(args: string[], opts: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
    const cli = cliBundle();
    return new Promise((resolve, reject) => {
        const env = opts.env ? { ...process.env, ...opts.env } : process.env;
        const child = spawn(process.execPath, [cli, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(opts.stdin ?? "");
    });
}

export function pidAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}
