// Shared by the robustness specs: the two real packs bundled from the current sources into a
// git-ignored directory (as `npm run build` does, without racing other runs over policypacks/*/dist),
// a CLI runner with a hard timeout, and assertions on one-line errors.
import { spawn } from "child_process";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { cliBundle } from "../engine/helpers";
import { scratchPath } from "../helpers/scratch";

export const ROOT = path.resolve(__dirname, "..", "..");

let built: Record<"aks" | "onprem", string> | undefined;
/** Directories of the aks and onprem packs, bundled once per test run. */
export function realPacks(): Record<"aks" | "onprem", string> {
    if (!built) {
        const dirs = {} as Record<"aks" | "onprem", string>;
        for (const p of ["aks", "onprem"] as const) {
            const dir = path.dirname(scratchPath("robustness-packs", p, "PulumiPolicy.yaml"));
            fs.mkdirSync(path.join(dir, "dist"), { recursive: true });
            for (const f of ["PulumiPolicy.yaml", "package.json"]) fs.copyFileSync(path.join(ROOT, "policypacks", p, f), path.join(dir, f));
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            require("esbuild").buildSync({
                entryPoints: [path.join(ROOT, "policypacks", p, "index.ts")],
                outfile: path.join(dir, "dist", "index.js"),
                bundle: true,
                platform: "node",
                target: "node20",
                format: "cjs",
                logLevel: "error",
                external: ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/pulumi/*"],
            });
            dirs[p] = dir;
        }
        built = dirs;
    }
    return built;
}

export interface CliRun {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
    /** Peak RSS of the CLI process in kB (from KSL_REPORT_MEMORY). */
    peakRssKb?: number;
}

/** Runs `ksl` as a child process, killed after `timeoutMs` (a hang is a failure, never a stuck suite). */
export function ksl(args: string[], opts: { timeoutMs?: number; stdin?: string; env?: Record<string, string>; cwd?: string; maxOldSpaceMb?: number } = {}): Promise<CliRun> {
    const cli = cliBundle();
    const node = opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : [];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...node, cli, ...args], {
            cwd: opts.cwd ?? ROOT,
            env: { ...process.env, KSL_REPORT_MEMORY: "1", ...(opts.env ?? {}) },
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, opts.timeoutMs ?? 30_000);
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            const m = /ksl-peak-rss-kb=(\d+)\n/.exec(stderr);
            const cleaned = stderr.replace(/(ksl|pack)-peak-rss-kb=\d+\n/g, "");
            resolve({ code, signal, stdout, stderr: cleaned, timedOut, peakRssKb: m ? Number(m[1]) : undefined });
        });
        child.stdin.on("error", () => undefined);
        child.stdin.end(opts.stdin ?? "");
    });
}

/** Exit 2 with exactly one `ksl: ...` line on stderr, no stack frames, matching `pattern`. */
export function assertOneLineError(r: CliRun, pattern: RegExp): void {
    assert.equal(r.timedOut, false, "timed out");
    assert.equal(r.code, 2, `exit ${r.code}; stderr: ${r.stderr.slice(0, 500)}`);
    const lines = r.stderr.split("\n").filter((l) => l.trim());
    assert.equal(lines.length, 1, `expected one stderr line, got:\n${r.stderr.slice(0, 1000)}`);
    assert.match(lines[0], /^ksl: /);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
    assert.doesNotMatch(lines[0], /internal error/);
    assert.match(lines[0], pattern);
}
