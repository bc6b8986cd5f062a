// One of the library's own packs served in ksl's process (on a worker thread, pack-worker.ts): no
// process, no socket, no HTTP/2. The engine talks to it through a client with the gRPC client's
// shape (its unary calls and the Analyzer service's methods), so the requests it builds, the bytes
// they are encoded to and the responses it decodes are the ones of the gRPC path; a pack given as
// a directory keeps that path (process.ts).
import * as path from "path";
import { Worker } from "worker_threads";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { UserError } from "../errors";
import { bundledScript } from "../bundled-script";
import { checkPackDir, packEnv, summarizeStderr, WarmStarts, type StackIdentity } from "./process";

type Callback = (e: grpc.ServiceError | null, r?: unknown) => void;

export interface InProcessPack {
    /** Stands in for the AnalyzerClient. */
    client: grpc.Client;
    /** Resolves when the worker has stopped, with a one-line reason. */
    exited: Promise<string>;
    stderr(): string;
    kill(): Promise<void>;
}

function serviceError(code: number, details: string): grpc.ServiceError {
    return Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata: new grpc.Metadata() }) as grpc.ServiceError;
}

const warm = new WarmStarts<InProcessPack>(launch);

/** Starts a pack now for a run that will ask for it with the same directory and identity (its loading overlaps the engine's reading). */
export function prestartInProcessPack(packDir: string, id: StackIdentity, startTimeoutMs: number): void {
    warm.prestart(packDir, id, startTimeoutMs);
}

export function startInProcessPack(packDir: string, id: StackIdentity, startTimeoutMs: number): Promise<InProcessPack> {
    return warm.take(packDir, id) ?? launch(packDir, id, startTimeoutMs);
}

async function launch(packDir: string, id: StackIdentity, startTimeoutMs: number): Promise<InProcessPack> {
    checkPackDir(packDir);
    const script = bundledScript("pack-worker", path.join(__dirname, "pack-worker.ts"));
    const env = packEnv(id);
    // The pack's own output never reaches ksl's stdout (the report): it is captured as a process's would be.
    const worker = new Worker(script, { workerData: { packDir, env }, env: { ...process.env, ...env }, stdout: true, stderr: true, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    let stderr = "";
    worker.stderr.setEncoding("utf8");
    worker.stderr.on("data", (d: string) => (stderr = (stderr + d).slice(-64_000)));
    worker.stdout.resume();
    const pending = new Map<number, Callback & { timer?: NodeJS.Timeout }>();
    let nextId = 1;
    let stopped: string | undefined;
    const exited = new Promise<string>((resolve) => {
        worker.on("error", (e) => {
            stopped ??= e.message.split("\n")[0];
            stderr += `\n${e.stack ?? e.message}`;
        });
        worker.on("exit", (code) => {
            stopped ??= `exit code ${code}`;
            for (const [, cb] of pending) cb(serviceError(grpc.status.UNAVAILABLE, `the pack stopped (${stopped})`));
            pending.clear();
            resolve(stopped);
        });
    });
    worker.on("message", (m: { id?: number; ready?: boolean; bytes?: Uint8Array; error?: { code: number; details: string } }) => {
        if (m.id === undefined) return;
        const cb = pending.get(m.id);
        if (!cb) return;
        pending.delete(m.id);
        if (cb.timer) clearTimeout(cb.timer);
        if (m.error) cb(serviceError(m.error.code, m.error.details));
        else cb(null, m.bytes);
    });
    const kill = async () => {
        if (stopped === undefined) await worker.terminate();
        await exited;
    };
    try {
        await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new UserError(`policy pack ${packDir} did not start within ${startTimeoutMs / 1000} s: ${summarizeStderr(stderr)}`)), startTimeoutMs);
            const onReady = (m: { ready?: boolean }) => {
                if (!m.ready) return;
                clearTimeout(timer);
                worker.off("message", onReady);
                resolve();
            };
            worker.on("message", onReady);
            exited.then((why) => {
                clearTimeout(timer);
                reject(new UserError(`policy pack ${packDir} failed to start (${why}): ${summarizeStderr(stderr)}`));
            });
        });
    } catch (e) {
        await kill();
        throw e;
    }

    /** A unary call, as grpc.Client.makeUnaryRequest: serialize, answer, deserialize, with the deadline. */
    const makeUnaryRequest = (methodPath: string, serialize: (v: unknown) => Buffer, deserialize: (b: Buffer) => unknown, arg: unknown, _md: grpc.Metadata, options: Partial<grpc.CallOptions>, callback: Callback) => {
        if (stopped !== undefined) return callback(serviceError(grpc.status.UNAVAILABLE, `the pack stopped (${stopped})`));
        const bytes = serialize(arg);
        const request = new Uint8Array(bytes.byteLength);
        request.set(bytes);
        const reqId = nextId++;
        const done: Callback & { timer?: NodeJS.Timeout } = (e, r) => (e ? callback(e) : callback(null, deserialize(Buffer.from((r as Uint8Array).buffer, (r as Uint8Array).byteOffset, (r as Uint8Array).byteLength))));
        const deadline = options?.deadline instanceof Date ? options.deadline.getTime() : typeof options?.deadline === "number" ? options.deadline : undefined;
        if (deadline !== undefined && Number.isFinite(deadline)) {
            done.timer = setTimeout(() => {
                pending.delete(reqId);
                callback(serviceError(grpc.status.DEADLINE_EXCEEDED, "Deadline exceeded"));
            }, Math.max(0, deadline - Date.now()));
        }
        pending.set(reqId, done);
        worker.postMessage({ id: reqId, path: methodPath, bytes: request }, [request.buffer]);
    };
    const client: Record<string, unknown> = { makeUnaryRequest, close: () => undefined };
    for (const [name, def] of Object.entries(AnalyzerService) as Array<[string, { path: string; requestSerialize: (v: unknown) => Buffer; responseDeserialize: (b: Buffer) => unknown }]>) {
        client[name] = (req: unknown, md: grpc.Metadata, options: Partial<grpc.CallOptions>, cb: Callback) => makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, req, md, options, cb);
    }
    return { client: client as unknown as grpc.Client, exited, stderr: () => stderr, kill };
}
