// Starts a policy pack exactly as the Pulumi CLI's Node.js runtime does and guarantees the process
// is killed: after the run, on any error, and when ksl itself is interrupted.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { UserError } from "../errors";

export interface StackIdentity {
    /** Stack name (PULUMI_STACK). */
    stack: string;
    project: string;
    organization: string;
    /** Decrypted stack config, `project:key` → string (PULUMI_CONFIG). */
    config: Record<string, string>;
    /** Keys of the secret config values (ConfigureStack's configSecretKeys). */
    secretKeys?: string[];
    dryRun: boolean;
}

export interface PackProcess {
    child: ChildProcess;
    port: number;
    /** Resolves when the process has exited, with a one-line reason. */
    exited: Promise<string>;
    /** The captured stderr so far. */
    stderr(): string;
    /** Kills the pack (SIGKILL) and resolves once it has exited. */
    kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
let handlersInstalled = false;

function killAll(): void {
    for (const c of live) {
        try {
            c.kill("SIGKILL");
        } catch {
            // already gone
        }
    }
    live.clear();
}

/** Kills `child` when ksl exits or is interrupted (packs and program runners alike). */
export function track(child: ChildProcess): void {
    installHandlers();
    live.add(child);
    child.on("exit", () => live.delete(child));
}

// A child must never outlive ksl: kill every live child on exit and on SIGINT/SIGTERM.
function installHandlers(): void {
    if (handlersInstalled) return;
    handlersInstalled = true;
    process.on("exit", killAll);
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
        process.on(sig, () => {
            killAll();
            process.stderr.write(`ksl: interrupted (${sig})\n`);
            process.exit(sig === "SIGINT" ? 130 : 143);
        });
    }
}

/** The most telling line of a crashed pack's stderr: the first `Error:` line, else the last line. */
export function summarizeStderr(stderr: string): string {
    const lines = stderr
        // eslint-disable-next-line no-control-regex
        .replace(/\x1b\[[0-9;]*m/g, "")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("at ") && !/^\^+$/.test(l));
    // The thrown error itself (`Error: ...`, `TypeError: ...`) beats the runtime's wrapper line.
    const thrown = lines.find((l) => /^([A-Z]\w*)?Error: /.test(l));
    const other = lines.find((l) => /(^|\s)(\w*Error|error):\s/.test(l));
    return (thrown ?? other ?? lines[lines.length - 1] ?? "no output").slice(0, 400);
}

/**
 * A larger young generation for the pack process: every request allocates its decoded props and
 * proxies, and with V8's default 16 MB semi-spaces the pack scavenges constantly (AnalyzeStack of
 * 10,000 resources takes about an eighth longer). It changes how often V8 collects, nothing the
 * pack computes.
 */
const PACK_NODE_FLAGS = ["--max-semi-space-size=32"];

export function checkPackDir(packDir: string): void {
    if (!fs.existsSync(packDir) || !fs.statSync(packDir).isDirectory()) {
        throw new UserError(`policy pack directory ${packDir} does not exist`);
    }
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        throw new UserError(`${packDir} is not a policy pack: PulumiPolicy.yaml is missing`);
    }
    readPackProject(packDir);
}

/** PulumiPolicy.yaml as the Pulumi CLI loads it (workspace.LoadPolicyPack): invalid YAML fails the run. */
export function readPackProject(packDir: string): { runtime?: unknown; version?: unknown; description?: unknown } {
    const file = path.join(packDir, "PulumiPolicy.yaml");
    let doc: unknown;
    try {
        doc = YAML.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new UserError(`failed to load Pulumi policy project located at ${packDir}: invalid YAML file: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new UserError(`failed to load Pulumi policy project located at ${packDir}: ${file} is not a YAML mapping`);
    const project = doc as { runtime?: unknown };
    const runtime = typeof project.runtime === "object" && project.runtime ? (project.runtime as { name?: unknown }).name : project.runtime;
    if (runtime !== "nodejs") throw new UserError(`${file}: runtime '${String(runtime)}': ksl runs Node.js policy packs only`);
    return project;
}

/** The environment a pack reads its stack from, as the Pulumi CLI sets it for run-policy-pack. */
export function packEnv(id: StackIdentity): Record<string, string> {
    return {
        PULUMI_CONFIG: JSON.stringify(id.config),
        PULUMI_ORGANIZATION: id.organization,
        PULUMI_PROJECT: id.project,
        PULUMI_STACK: id.stack,
        PULUMI_DRY_RUN: String(id.dryRun),
    };
}

/**
 * Packs started ahead of their run, by pack directory and stack identity: a pack started now for a
 * run that will ask for it later has its start-up (a second or more of module loading) overlap the
 * engine's own work, such as reading manifests. Used by both transports.
 */
export class WarmStarts<T> {
    private readonly started = new Map<string, Promise<T>>();
    constructor(private readonly launch: (packDir: string, id: StackIdentity, startTimeoutMs: number) => Promise<T>) {}

    private static key(packDir: string, id: StackIdentity): string {
        return JSON.stringify([path.resolve(packDir), id]);
    }

    prestart(packDir: string, id: StackIdentity, startTimeoutMs: number): void {
        const key = WarmStarts.key(packDir, id);
        if (this.started.has(key)) return;
        const p = this.launch(packDir, id, startTimeoutMs);
        p.catch(() => undefined); // reported when the run takes it
        this.started.set(key, p);
    }

    /** The pack started ahead for this directory and identity, if any (taken: a second call gets none). */
    take(packDir: string, id: StackIdentity): Promise<T> | undefined {
        const key = WarmStarts.key(packDir, id);
        const ready = this.started.get(key);
        this.started.delete(key);
        return ready;
    }
}

const warm = new WarmStarts<PackProcess>((packDir, id, startTimeoutMs) => launchPack(packDir, id, startTimeoutMs));

/** Starts a pack process ahead of its run (WarmStarts); one never asked for is killed when ksl exits, like any other. */
export function prestartPack(packDir: string, id: StackIdentity, startTimeoutMs = 60_000): void {
    warm.prestart(packDir, id, startTimeoutMs);
}

export async function startPack(packDir: string, id: StackIdentity, startTimeoutMs = 60_000, onSpawn?: (pid: number) => void): Promise<PackProcess> {
    const ready = warm.take(packDir, id);
    if (ready) {
        const proc = await ready;
        if (proc.child.pid !== undefined) onSpawn?.(proc.child.pid);
        return proc;
    }
    return launchPack(packDir, id, startTimeoutMs, onSpawn);
}

async function launchPack(packDir: string, id: StackIdentity, startTimeoutMs: number, onSpawn?: (pid: number) => void): Promise<PackProcess> {
    checkPackDir(packDir);
    installHandlers();
    let runner: string;
    try {
        runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
        throw new UserError(`cannot find @pulumi/pulumi from policy pack ${packDir}: install its dependencies`);
    }
    const child = spawn(process.execPath, [...PACK_NODE_FLAGS, runner, "127.0.0.1:0", "."], {
        cwd: packDir,
        env: { ...process.env, ...packEnv(id) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    if (child.pid !== undefined) onSpawn?.(child.pid);
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => {
        // Keep the tail only: a chatty pack must not grow memory without bound.
        stderr = (stderr + d).slice(-64_000);
    });
    const exited = new Promise<string>((resolve) => {
        // `close` (not `exit`): stderr is fully read by then, so the error message is complete.
        child.on("close", (code, signal) => {
            live.delete(child);
            resolve(signal ? `killed by ${signal}` : `exit code ${code}`);
        });
        child.on("error", (e) => {
            live.delete(child);
            resolve(e.message);
        });
    });
    const kill = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            try {
                child.kill("SIGKILL");
            } catch {
                // already gone
            }
            // Wait until it is reaped, so no process outlives the run (bounded: never hang here).
            await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
        }
        live.delete(child);
    };
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            // Timers run before pending I/O: after the engine's thread was busy (a long synchronous
            // read of manifests while the pack started ahead), the port the pack printed meanwhile
            // is read first, and only then is the start given up.
            const timer = setTimeout(
                () => setImmediate(() => reject(new UserError(`policy pack ${packDir} did not start within ${startTimeoutMs / 1000} s: ${summarizeStderr(stderr)}`))),
                startTimeoutMs,
            );
            child.stdout!.setEncoding("utf8");
            const onData = (d: string) => {
                out += d;
                const nl = out.indexOf("\n");
                if (nl < 0) return;
                clearTimeout(timer);
                child.stdout!.off("data", onData);
                // Keep draining stdout so a pack that logs cannot block on a full pipe.
                child.stdout!.resume();
                const first = out.slice(0, nl).trim();
                const port = Number(first);
                if (!Number.isInteger(port) || port <= 0) {
                    reject(new UserError(`policy pack ${packDir} printed '${first.slice(0, 80)}' instead of its port`));
                } else {
                    resolve(port);
                }
            };
            child.stdout!.on("data", onData);
            exited.then((why) => {
                clearTimeout(timer);
                reject(new UserError(`policy pack ${packDir} failed to start (${why}): ${summarizeStderr(stderr)}`));
            });
        });
        return { child, port, exited, stderr: () => stderr, kill };
    } catch (e) {
        await kill();
        throw e;
    }
}
