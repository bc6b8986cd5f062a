// The earlier engine the performance targets are stated against (commit 61f2583, before the
// in-process transport): its tree is exported from this clone's history into a cache outside the
// repository, installed with its own lock file and built once, then timed on the same manifest as
// today's `ksl scan`, in the same run. Its findings differ (policies changed since), so only the time
// and the object count are compared.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median, timed } from "./peers";

export const EARLIER_ENGINE_COMMIT = "61f2583";

/** The earlier engine's `ksl` entry point, built on first use, or why it cannot be. */
export function earlierEngine(root: string): { cli: string } | { unavailable: string } {
    const base = process.env.KSL_BENCH_CACHE || path.join(os.homedir(), ".cache", "ksl-bench");
    const dir = path.join(base, `engine-${EARLIER_ENGINE_COMMIT}`);
    const cli = path.join(dir, "bin", "ksl.js");
    if (fs.existsSync(path.join(dir, "dist", "ksl.js"))) return { cli };
    const has = spawnSync("git", ["-C", root, "cat-file", "-e", `${EARLIER_ENGINE_COMMIT}^{commit}`]);
    if (has.status !== 0) return { unavailable: `commit ${EARLIER_ENGINE_COMMIT} is not in this clone's history (a shallow clone?)` };
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const steps: Array<[string, string[], string]> = [
        ["sh", ["-c", `git -C "${root}" archive ${EARLIER_ENGINE_COMMIT} | tar -x -C "${dir}"`], root],
        ["npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], dir],
        ["npm", ["run", "build", "--silent"], dir],
    ];
    for (const [cmd, args, cwd] of steps) {
        const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        if (r.status !== 0) {
            // Leave no half-built tree behind: the next run starts over.
            fs.rmSync(dir, { recursive: true, force: true });
            return { unavailable: `${cmd} ${args.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim().split("\n").pop()}` };
        }
    }
    return { cli };
}

/** Median wall seconds of `ksl scan <file> --pack <pack>` for both engines, alternating runs. */
export function againstEarlierEngine(root: string, file: string, objects: number, pack: string, runs: number, workDir: string) {
    const earlier = earlierEngine(root);
    if ("unavailable" in earlier) return { commit: EARLIER_ENGINE_COMMIT, unavailable: earlier.unavailable };
    const scan = (cli: string, tag: string) =>
        timed(process.execPath, [cli, "scan", file, "--pack", pack, "--format", "json", "--output", path.join(workDir, `earlier-${tag}.json`)]);
    const now = path.join(root, "bin", "ksl.js");
    const xs: { now: number[]; earlier: number[] } = { now: [], earlier: [] };
    const violations = (tag: string) => (JSON.parse(fs.readFileSync(path.join(workDir, `earlier-${tag}.json`), "utf8")).violations ?? []).length;
    for (let i = 0; i < runs; i++) {
        for (const [tag, cli] of [["now", now], ["earlier", earlier.cli]] as const) {
            const r = scan(cli, tag);
            // Exit 1 is "blocked": a verdict, not a failure.
            if (r.exit !== 0 && r.exit !== 1) return { commit: EARLIER_ENGINE_COMMIT, unavailable: `${tag} engine's scan exited ${r.exit}: ${r.stderr.trim().split("\n").pop()}` };
            xs[tag].push(r.seconds);
        }
    }
    const [nowS, earlierS] = [median(xs.now), median(xs.earlier)];
    return {
        commit: EARLIER_ENGINE_COMMIT,
        objects,
        pack,
        seconds: { now: nowS, earlier: earlierS },
        objectsPerSecond: { now: Math.round(objects / nowS), earlier: Math.round(objects / earlierS) },
        speedup: Math.round((earlierS / nowS) * 100) / 100,
        violations: { now: violations("now"), earlier: violations("earlier") },
        target: 5,
    };
}
