// Large scans parse their YAML on worker threads. Parsing is most of what the engine itself costs
// on a big manifest set (a 10,000-object file takes seconds), and it runs before the first request
// can reach the pack: spread over the cores it ends sooner, while the pack starts beside it.
//
// The result never depends on the threads: files are cut only at document-start lines (`---`),
// which YAML forbids inside any content, each slice is parsed by the same code with its line
// offset, documents are put back in order, and a file whose slices report a YAML error is parsed
// again whole so that the error is exactly the one a single parse gives. The caller stays
// synchronous: it waits on the workers with Atomics.wait and takes their replies off their ports.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from "worker_threads";
import { UserError } from "../errors";
import { CheckedDocument, checkedDocuments, ManifestObject, manifestsOf, NotAManifest, parseManifests } from "./manifests";

/** Below this much YAML in a scan, starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 1024 * 1024;
/** Files are cut into slices of about this size (whole documents), so every worker stays busy. */
export const SLICE_BYTES = 256 * 1024;
/** At most this many workers, whatever the machine. */
const MAX_THREADS = 4;
/** A worker that gives no reply for this long is given up: what is left is parsed here. */
const STALL_MS = 60_000;

export interface FileText {
    /** The name findings and errors give (a path, or <stdin>). */
    label: string;
    text: string;
}

/** What a file gave: its objects, or that it is no manifest, or the error to report for it. */
export type FileOutcome = { objects: ManifestObject[] } | { notManifest: true } | { error: Error };

export interface Slice {
    text: string;
    /** Lines of the file before the slice. */
    lineOffset: number;
}

/** A slice to parse, as posted to a worker. */
export interface ParseTask {
    id: number;
    text: string;
    file: string;
    lineOffset: number;
}

/** A worker's answer: the slice's checked documents, or the YAML error that stopped it. */
export type ParseReply = { id: number; documents: CheckedDocument[] } | { id: number; error: string; user: boolean };

const MARKER = /^---(?=[ \t]|\r?$)/gm;

/**
 * The file cut before document-start lines into slices of at least `minBytes` (the whole file when
 * it has YAML directives, which govern the next document, or carriage returns that are not line
 * ends, which the line count would not see the same way).
 */
export function slicesOf(text: string, minBytes = SLICE_BYTES): Slice[] {
    if (text.length < 2 * minBytes || /^%/m.test(text) || /\r(?!\n)/.test(text)) return [{ text, lineOffset: 0 }];
    const slices: Slice[] = [];
    let start = 0;
    let startLine = 0;
    let counted = 0; // text[0..counted) has had its line breaks counted into `line`
    let line = 0;
    const linesUpTo = (end: number) => {
        for (let i = text.indexOf("\n", counted); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) line++;
        counted = end;
        return line;
    };
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
        if (m.index - start < minBytes) continue;
        slices.push({ text: text.slice(start, m.index), lineOffset: startLine });
        startLine = linesUpTo(m.index);
        start = m.index;
    }
    slices.push({ text: text.slice(start), lineOffset: startLine });
    return slices;
}

/** What the workers of this process have parsed (for tests: that they ran, not only that it agreed). */
export const parseStats = { workersStarted: 0, slicesOnWorkers: 0 };

/** Workers to use for this much YAML: KSL_PARSE_THREADS when set (0 or 1: none), else by size and cores. */
export function parseThreadsFor(bytes: number): number {
    const asked = process.env.KSL_PARSE_THREADS;
    if (asked !== undefined && asked !== "") {
        const n = Number(asked);
        if (!Number.isInteger(n) || n < 0) throw new UserError(`KSL_PARSE_THREADS=${asked}: expected a whole number of threads (0 parses on the main thread)`);
        return Math.min(n, MAX_THREADS);
    }
    if (bytes < PARALLEL_MIN_BYTES) return 0;
    return Math.min(os.availableParallelism(), MAX_THREADS);
}

/**
 * Each file's objects, as parseManifests gives them, parsed on `threads` workers when more than one
 * (by default as parseThreadsFor decides), files cut into slices of about `sliceBytes`.
 */
export function parseFiles(files: FileText[], opts: { threads?: number; sliceBytes?: number } = {}): FileOutcome[] {
    const threads = opts.threads ?? parseThreadsFor(files.reduce((n, f) => n + f.text.length, 0));
    const tasks: ParseTask[] = [];
    const slicesOfFile: number[][] = files.map((f) =>
        slicesOf(f.text, opts.sliceBytes).map((s) => {
            tasks.push({ id: tasks.length, text: s.text, file: f.label, lineOffset: s.lineOffset });
            return tasks.length - 1;
        }),
    );
    const replies = threads > 1 && tasks.length > 1 ? onWorkers(tasks, Math.min(threads, tasks.length)) : new Array<ParseReply | undefined>(tasks.length);
    return files.map((f, i) =>
        outcome(() => {
            const ids = slicesOfFile[i];
            // A reply that failed for a reason of the worker's own (not the YAML's) does not count.
            const answered = ids.map((id) => {
                const r = replies[id];
                return r && !("error" in r && !r.user) ? r : undefined;
            });
            // A file of one slice that no worker answered is parsed here, as one file.
            if (ids.length === 1 && !answered[0]) return parseManifests(f.text, f.label);
            const mine = answered.map((r, k) => r ?? parseHere(tasks[ids[k]]));
            const failed = mine.find((r): r is Extract<ParseReply, { error: string }> => "error" in r);
            if (!failed) return manifestsOf(mine.flatMap((r) => ("documents" in r ? r.documents : [])), f.label);
            // An error in a slice: the whole file parsed once reports exactly what a single parse does.
            if (mine.length > 1 || !failed.user) return parseManifests(f.text, f.label);
            throw new UserError(failed.error);
        }),
    );
}

function outcome(parse: () => ManifestObject[]): FileOutcome {
    try {
        return { objects: parse() };
    } catch (e) {
        if (e instanceof NotAManifest) return { notManifest: true };
        return { error: e as Error };
    }
}

/** A task parsed on this thread, answered as a worker would. */
export function parseHere(task: ParseTask): ParseReply {
    try {
        return { id: task.id, documents: checkedDocuments(task.text, task.file, task.lineOffset) };
    } catch (e) {
        return { id: task.id, error: String((e as Error)?.message ?? e), user: e instanceof UserError };
    }
}

/** The worker script beside this module: the bundle's, or the TypeScript source run through ts-node. */
function workerScript(): { file: string; execArgv: string[] } | undefined {
    const compiled = !__filename.endsWith(".ts");
    const file = path.join(__dirname, compiled ? "parse-worker.js" : "parse-worker.ts");
    if (!fs.existsSync(file)) return undefined;
    return { file, execArgv: compiled ? [] : ["--require", require.resolve("ts-node/register/transpile-only")] };
}

/**
 * Replies for the tasks, by id, from `threads` workers fed one task at a time (so a slow slice
 * never holds the others up). Whatever they did not answer is left undefined, for the caller to
 * parse on this thread: a worker that cannot start or stalls changes the time, never the result.
 */
function onWorkers(tasks: ParseTask[], threads: number): Array<ParseReply | undefined> {
    const replies = new Array<ParseReply | undefined>(tasks.length);
    const script = workerScript();
    if (!script) return replies;
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const workers: Array<{ worker: Worker; port: MessagePort; busy: boolean }> = [];
    let next = 0;
    const feed = (w: (typeof workers)[number]) => {
        if (next >= tasks.length) return void (w.busy = false);
        w.busy = true;
        w.port.postMessage(tasks[next++]);
    };
    try {
        for (let i = 0; i < threads; i++) {
            const { port1, port2 } = new MessageChannel();
            const worker = new Worker(script.file, { execArgv: script.execArgv, workerData: { port: port2, signal: signal.buffer }, transferList: [port2], stdout: false, stderr: true });
            worker.unref();
            parseStats.workersStarted++;
            workers.push({ worker, port: port1, busy: false });
        }
        workers.forEach(feed);
        let seen = 0;
        let answered = 0;
        while (answered < tasks.length) {
            if (Atomics.wait(signal, 0, seen, STALL_MS) === "timed-out") break;
            seen = Atomics.load(signal, 0);
            for (const w of workers) {
                for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) {
                    const reply = m.message as ParseReply;
                    replies[reply.id] = reply;
                    answered++;
                    parseStats.slicesOnWorkers++;
                    feed(w);
                }
            }
        }
    } finally {
        for (const w of workers) {
            w.port.close();
            void w.worker.terminate();
        }
    }
    return replies;
}
