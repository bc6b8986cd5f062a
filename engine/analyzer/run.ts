// The engine: drives one policy pack over the analyzer gRPC protocol with the calls and fields the
// Pulumi CLI uses, over a set of resources, and returns what the
// pack reported. The pack process is always killed before runPack settles.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { UserError } from "../errors";
import type {
    EngineResource,
    EnforcementLevel,
    PackInfo,
    PolicyInfo,
    Remediation,
    ResourceRef,
    RunResult,
    Severity,
    Violation,
} from "../model";
import { isBlocking, SECRET_KEY, SECRET_SIG, UNKNOWN } from "../model";
import { causeOf } from "../../policypacks/lib/cause";
import { PolicyPackConfig, readConfigFile, reconcileConfig } from "./config";
import { PackProcess, prestartPack, readPackProject, StackIdentity, startPack, summarizeStderr } from "./process";
import { requestEncoder } from "./wire";
import { prestartInProcessPack, startInProcessPack } from "./in-process";
import { isWaivedMessage } from "../../policypacks/lib/wire";

export interface RunPackOptions {
    packDir: string;
    resources: EngineResource[];
    /** A config object in `--policy-pack-config` format, or the path of such a JSON file. */
    config?: PolicyPackConfig | string;
    /** Stack identity and config given to the pack's environment and ConfigureStack. */
    stack?: Partial<StackIdentity> & { tags?: Record<string, string> };
    /** Deadline of each RPC. */
    rpcTimeoutMs?: number;
    startTimeoutMs?: number;
    /** Called with the pack's process id once it is spawned (tests check it is gone afterwards). */
    onSpawn?: (pid: number) => void;
    /** Called after each resource is analyzed. */
    onProgress?: (done: number, total: number) => void;
    /** Further secret values to mask in every message (decrypted secret stack config). */
    secrets?: string[];
    /** Requests kept in flight per pack process (default KSL_IN_FLIGHT, else 16). */
    inFlight?: number;
    /** Pack processes for the per-resource pass (default KSL_PACK_PROCESSES, else by size and cores). */
    processes?: number;
    /**
     * How the pack is served: `grpc` (its own process, as the Pulumi CLI runs it) or `in-process`
     * (a worker thread of ksl, same messages without the socket: in-process.ts). Default: grpc.
     */
    transport?: "grpc" | "in-process";
}

const LEVEL_NAMES: Record<number, EnforcementLevel> = {
    [apb.EnforcementLevel.ADVISORY]: "advisory",
    [apb.EnforcementLevel.MANDATORY]: "mandatory",
    [apb.EnforcementLevel.DISABLED]: "disabled",
    [apb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_ENUM: Record<EnforcementLevel, apb.EnforcementLevel> = {
    advisory: apb.EnforcementLevel.ADVISORY,
    mandatory: apb.EnforcementLevel.MANDATORY,
    disabled: apb.EnforcementLevel.DISABLED,
    remediate: apb.EnforcementLevel.REMEDIATE,
};
const SEVERITY_NAMES: Record<number, Severity> = {
    [apb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
    [apb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [apb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [apb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [apb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** JSON-compatible copy (undefined dropped), as Struct.fromJavaScript requires. */
function toStruct(v: Record<string, unknown> | undefined): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(v ?? {})));
}

function decodePolicy(p: apb.PolicyInfo): PolicyInfo {
    const tags = p.getTagsList();
    const tag = (prefix: string) => tags.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
    const schema = p.getConfigschema();
    const kind = p.getPolicyType();
    const level = LEVEL_NAMES[p.getEnforcementlevel()] ?? "advisory";
    return {
        name: p.getName(),
        description: p.getDescription(),
        kind: kind === apb.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : kind === apb.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
        defaultLevel: level,
        enforcementLevel: level,
        severity: SEVERITY_NAMES[p.getSeverity()] ?? "unspecified",
        remediationSteps: p.getRemediationSteps(),
        url: p.getUrl(),
        tags,
        measure: tag("measure:")[0] ?? null,
        layer: tag("layer:")[0] ?? null,
        hexad: tag("hexad:"),
        configSchema: schema
            ? { properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>, required: schema.getRequiredList() }
            : null,
    };
}

function packYamlVersion(packDir: string): string | undefined {
    const v = readPackProject(packDir).version;
    return v === undefined || v === null ? undefined : String(v);
}

function namespaceOf(r: EngineResource): string | null {
    if (!r.type.startsWith("kubernetes:")) return null;
    const ns = (r.props as { metadata?: { namespace?: unknown } })?.metadata?.namespace;
    // A namespace not known during preview (from another stack, a resource being created) is no name.
    return typeof ns === "string" && ns !== UNKNOWN ? ns : null;
}

export function resourceRef(r: EngineResource | undefined, urn: string): ResourceRef {
    if (!r) {
        const parts = urn.split("::");
        return { urn, type: parts[2]?.split("$").pop() ?? "", name: parts[3] ?? "", namespace: null, source: null };
    }
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        namespace: namespaceOf(r),
        source: r.source ? `${r.source.file}:${r.source.line}` : null,
    };
}

/**
 * How the per-resource pass is spread. Several requests are kept in flight so the pack never waits
 * on the engine, and a large run is split over several pack processes in input order; findings are
 * merged back in input order, the same as one request at a time. Our packs read other resources
 * only through the Namespace registry, which keeps to each resource's own arrival position, and
 * each process is first shown the Namespaces that precede its part. A pack that keeps other state
 * across requests can be run as the CLI runs it, one request at a time: KSL_IN_FLIGHT=1,
 * KSL_PACK_PROCESSES=1. A pack with a policy at remediate level always runs that way: a
 * remediation rewrites inputs that the next resources' checks may read.
 */
export interface Spread {
    inFlight: number;
    processes: number;
}

/** Below this many resources per process, a second pack process costs more (its start) than it saves. */
const RESOURCES_PER_EXTRA_PROCESS = 1500;

function envCount(name: string): number | undefined {
    const v = process.env[name];
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${name}=${v}: expected a whole number of at least 1`);
    return n;
}

export function spreadFor(resources: number, asked: Partial<Spread> = {}): Spread {
    const inFlight = asked.inFlight ?? envCount("KSL_IN_FLIGHT") ?? 16;
    // The engine itself keeps one core busy encoding requests: pack processes get the others.
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const auto = Math.max(1, Math.min(cores - 1, Math.floor(resources / RESOURCES_PER_EXTRA_PROCESS)));
    const processes = Math.max(1, Math.min(asked.processes ?? envCount("KSL_PACK_PROCESSES") ?? auto, Math.max(1, resources)));
    return { inFlight, processes };
}

function stackIdentity(stack: RunPackOptions["stack"]): StackIdentity {
    return {
        stack: stack?.stack ?? "dev",
        project: stack?.project ?? "ksl",
        organization: stack?.organization ?? "organization",
        config: stack?.config ?? {},
        secretKeys: stack?.secretKeys ?? [],
        dryRun: stack?.dryRun ?? true,
    };
}

/** Starts the (first) pack process of a later runPack with this pack and stack now (process.ts prestartPack). */
export function prestart(packDir: string, stack?: RunPackOptions["stack"], transport: RunPackOptions["transport"] = "grpc"): void {
    const timeout = Number(process.env.KSL_PACK_START_TIMEOUT_MS ?? 60_000);
    if (transport === "in-process") prestartInProcessPack(path.resolve(packDir), stackIdentity(stack), timeout);
    else prestartPack(path.resolve(packDir), stackIdentity(stack), timeout);
}

/** A failure of the per-resource pass: with requests interleaved it may not name the resource at fault. */
class ResourcePassError extends UserError {}

export async function runPack(opts: RunPackOptions): Promise<RunResult> {
    const spread = spreadFor(opts.resources.length, opts);
    try {
        return await runPackSpread(opts, spread);
    } catch (e) {
        // A crash or error with many requests in flight fails all of them: run again one request at
        // a time, as the CLI does, so the error names the resource that caused it (a pack that hangs
        // is waited for twice; a run that fails is the rare case).
        if (e instanceof ResourcePassError && (spread.inFlight > 1 || spread.processes > 1)) return runPackSpread(opts, { inFlight: 1, processes: 1 });
        throw e;
    }
}

/** A served pack, whichever the transport. */
interface PackHandle {
    exited: Promise<string>;
    stderr(): string;
    kill(): Promise<void>;
    /** The pack's process (gRPC transport), for its peak memory. */
    pid?: number;
}

interface Session {
    proc: PackHandle;
    client: AnalyzerClient;
    label: string;
    rpc<Req, Res>(name: string, fn: Call<Req, Res>, req: Req, what: string, tolerateUnimplemented?: boolean): Promise<Res | undefined>;
    close(): Promise<void>;
}

async function openSession(packDir: string, id: StackIdentity, opts: RunPackOptions, rpcTimeout: number): Promise<Session> {
    const startTimeout = opts.startTimeoutMs ?? Number(process.env.KSL_PACK_START_TIMEOUT_MS ?? 60_000);
    let proc: PackHandle;
    let client: AnalyzerClient;
    if (opts.transport === "in-process") {
        const p = await startInProcessPack(packDir, id, startTimeout);
        proc = p;
        client = p.client as unknown as AnalyzerClient;
    } else {
        const p: PackProcess = await startPack(packDir, id, startTimeout, opts.onSpawn);
        proc = { exited: p.exited, stderr: p.stderr, kill: p.kill, pid: p.child.pid };
        client = new AnalyzerClient(`127.0.0.1:${p.port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
    }
    const session: Session = {
        proc,
        client,
        label: packDir,
        // Every RPC has a deadline; if the pack dies mid-call, the error says so (not just UNAVAILABLE).
        async rpc<Req, Res>(name: string, fn: Call<Req, Res>, req: Req, what: string, tolerateUnimplemented = false): Promise<Res | undefined> {
            try {
                return await new Promise<Res>((resolve, reject) => {
                    fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + rpcTimeout }, (e, r) => (e ? reject(e) : resolve(r)));
                });
            } catch (e) {
                const err = e as grpc.ServiceError;
                if (tolerateUnimplemented && err.code === grpc.status.UNIMPLEMENTED) return undefined;
                const why = await Promise.race([proc.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000))]);
                if (why !== undefined) {
                    throw new UserError(`policy pack ${session.label} crashed during ${name}${what} (${why}): ${summarizeStderr(proc.stderr())}`);
                }
                if (err.code === grpc.status.DEADLINE_EXCEEDED) {
                    throw new UserError(`policy pack ${session.label} did not answer ${name}${what} within ${rpcTimeout / 1000} s`);
                }
                // The SDK puts "Error validating resource with policy ...:\n<stack>" in details: keep the first two lines.
                const details = (err.details ?? err.message ?? String(e)).split("\n").filter((l) => l.trim() && !l.trim().startsWith("at "));
                throw new UserError(`policy pack ${session.label} failed in ${name}${what}: ${details.slice(0, 2).join(" ").slice(0, 500)}`);
            }
        },
        async close() {
            client.close();
            await proc.kill();
        },
    };
    try {
        const hs = new apb.AnalyzerHandshakeRequest();
        hs.setEngineAddress("");
        hs.setRootDirectory(packDir);
        hs.setProgramDirectory(packDir);
        await session.rpc("Handshake", client.handshake, hs, "", true);

        const cs = new apb.AnalyzerStackConfigureRequest();
        cs.setStack(id.stack).setProject(id.project).setOrganization(id.organization).setDryRun(id.dryRun);
        for (const [k, v] of Object.entries(id.config)) cs.getConfigMap().set(k, v);
        cs.setConfigSecretKeysList(id.secretKeys ?? []);
        for (const [k, v] of Object.entries(opts.stack?.tags ?? {})) cs.getTagsMap().set(k, v);
        await session.rpc("ConfigureStack", client.configureStack, cs, "", true);
        return session;
    } catch (e) {
        await session.close();
        throw e;
    }
}

async function runPackSpread(opts: RunPackOptions, spread: Spread): Promise<RunResult> {
    const packDir = path.resolve(opts.packDir);
    const userConfig =
        typeof opts.config === "string" ? { config: readConfigFile(opts.config), source: opts.config } : opts.config ? { config: opts.config, source: "policy pack config" } : undefined;
    const id = stackIdentity(opts.stack);
    const rpcTimeout = opts.rpcTimeoutMs ?? Number(process.env.KSL_RPC_TIMEOUT_MS ?? 60_000);
    const t0 = performance.now();
    // Every process starts at once; whichever fails, all that started are closed.
    const started = await Promise.allSettled(Array.from({ length: spread.processes }, () => openSession(packDir, id, opts, rpcTimeout)));
    const sessions = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const startMs = performance.now() - t0;
    const peaks = new Map<Session, number>();
    const closeSession = async (s: Session) => {
        const peak = peakRssKb(s.proc.pid);
        if (peak !== undefined) peaks.set(s, peak);
        await s.close();
    };
    try {
        const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failed) throw failed.reason;
        const result = await drive(sessions, packDir, opts, userConfig, spread, closeSession);
        if (result.timings) result.timings.startMs = startMs;
        for (const s of sessions) {
            const peak = peakRssKb(s.proc.pid);
            if (peak !== undefined) peaks.set(s, peak);
        }
        if (peaks.size > 0) result.packPeakRssKb = Math.max(...peaks.values());
        return result;
    } finally {
        await Promise.all(sessions.map((s) => s.close()));
    }
}

/** Peak resident set size of a live process (Linux `VmHWM`), undefined elsewhere. */
function peakRssKb(pid: number | undefined): number | undefined {
    if (!pid) return undefined;
    try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) : undefined;
    } catch {
        return undefined;
    }
}

/** Every string inside a wire-form secret of any resource (longest first, so overlaps mask whole). */
export function secretStrings(resources: EngineResource[]): string[] {
    const found = new Set<string>();
    const leaves = (v: unknown, depth: number) => {
        if (depth > 300) return;
        if (typeof v === "string") {
            // Short values ("true", "1") would mask ordinary words; secrets of 4+ characters are masked.
            if (v.length >= 4) found.add(v);
        } else if (Array.isArray(v)) for (const x of v) leaves(x, depth + 1);
        else if (v && typeof v === "object") for (const x of Object.values(v)) leaves(x, depth + 1);
    };
    const walk = (v: unknown, depth: number) => {
        if (depth > 300 || !v || typeof v !== "object") return;
        if (!Array.isArray(v) && (v as Record<string, unknown>)[SECRET_KEY] === SECRET_SIG) return leaves((v as Record<string, unknown>).value, depth + 1);
        for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, depth + 1);
    };
    for (const r of resources) {
        walk(r.props, 0);
        if (r.outputs) walk(r.outputs, 0);
    }
    return [...found].sort((a, b) => b.length - a.length);
}

type Call<Req, Res> = (req: Req, md: grpc.Metadata, o: Partial<grpc.CallOptions>, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown;

/** A unary call of `method` whose request is already encoded (wire.ts). */
function raw<Res>(method: { path: string; responseDeserialize: (b: Buffer) => Res }): Call<Uint8Array, Res> {
    return function (this: grpc.Client, bytes, md, o, cb) {
        return this.makeUnaryRequest(method.path, (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength), method.responseDeserialize, bytes, md, o, (e, r) => cb(e, r as Res));
    };
}

const ANALYZE = raw(AnalyzerService.analyze);
const REMEDIATE = raw(AnalyzerService.remediate);
const ANALYZE_STACK = raw(AnalyzerService.analyzeStack);

/** Contiguous parts of `count` items, as even as possible, in order. */
function parts(count: number, n: number): [number, number][] {
    return Array.from({ length: n }, (_, k) => [Math.floor((k * count) / n), Math.floor(((k + 1) * count) / n)] as [number, number]);
}

async function drive(
    sessions: Session[],
    packDir: string,
    opts: RunPackOptions,
    userConfig: { config: PolicyPackConfig; source: string } | undefined,
    asked: Spread,
    closeSession: (s: Session) => Promise<void>,
): Promise<RunResult> {
    const lead = sessions[0];
    const tConfigure = performance.now();
    const info = (await lead.rpc("GetAnalyzerInfo", lead.client.getAnalyzerInfo, new Empty(), ""))!;
    const pack: PackInfo = {
        name: info.getName(),
        version: packYamlVersion(packDir) ?? info.getVersion(),
        dir: packDir,
        policies: info.getPoliciesList().map(decodePolicy),
    };
    for (const s of sessions) s.label = `${pack.name}@v${pack.version}`;

    const initial: Record<string, unknown> = {};
    info.getInitialconfigMap().forEach((c: apb.PolicyConfig, k: string) => {
        const props = (c.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
        initial[k] = { enforcementLevel: LEVEL_NAMES[c.getEnforcementlevel()] ?? "advisory", ...props };
    });
    const resolved = reconcileConfig(pack.policies, initial, userConfig?.config, userConfig?.source);
    const conf = new apb.ConfigureAnalyzerRequest();
    for (const p of pack.policies) {
        const r = resolved.get(p.name)!;
        p.enforcementLevel = r.enforcementLevel;
        const pc = new apb.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_ENUM[r.enforcementLevel]);
        pc.setProperties(toStruct(r.properties));
        conf.getPolicyconfigMap().set(p.name, pc);
    }
    // Every process of the run is configured identically.
    await Promise.all(sessions.map((s) => s.rpc("Configure", s.client.configure, conf, "")));
    const configureMs = performance.now() - tConfigure;
    const tAnalyze = performance.now();

    const byName = new Map(pack.policies.map((p) => [p.name, p]));
    const byUrn = new Map(opts.resources.map((r) => [r.urn, r]));
    const anyRemediate = pack.policies.some((p) => p.enforcementLevel === "remediate");
    const spread: Spread = anyRemediate ? { inFlight: 1, processes: 1 } : asked;
    await Promise.all(sessions.slice(spread.processes).map(closeSession));
    const stackRoot = opts.resources.find((r) => r.type === "pulumi:pulumi:Stack");

    // Policies see secrets unwrapped (the SDK decodes them) and cannot tell them apart; the engine
    // can: any secret value of the run that a message quotes is masked before it reaches a report.
    const secrets = [...new Set([...secretStrings(opts.resources), ...(opts.secrets ?? []).filter((v) => v.length >= 4)])].sort((a, b) => b.length - a.length);
    const redact = (text: string): string => {
        if (secrets.length === 0) return text;
        let out = text;
        for (const sv of secrets) if (out.includes(sv)) out = out.split(sv).join("[secret]");
        return out;
    };

    const toViolation = (d: apb.AnalyzeDiagnostic, subject: EngineResource | undefined, phase: "resource" | "stack"): Violation | undefined => {
        const level = LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory";
        if (level === "disabled") return undefined;
        const p = byName.get(d.getPolicyname());
        const description = d.getDescription() || p?.description || "";
        let message = d.getMessage();
        if (description && message.startsWith(description)) message = message.slice(description.length).replace(/^\n/, "");
        const urn = d.getUrn() || subject?.urn || stackRoot?.urn || "";
        const target = byUrn.get(urn) ?? subject;
        return {
            policy: d.getPolicyname(),
            pack: pack.name,
            measure: p?.measure ?? null,
            layer: p?.layer ?? null,
            hexad: p?.hexad ?? [],
            severity: SEVERITY_NAMES[d.getSeverity()] !== "unspecified" ? SEVERITY_NAMES[d.getSeverity()] : (p?.severity ?? "unspecified"),
            // The SDK already reports a persisting `remediate` violation as mandatory; map any
            // other stray level the same way the CLI does.
            enforcementLevel: level === "advisory" ? "advisory" : "mandatory",
            waived: isWaivedMessage(message),
            message: redact(message || description),
            // From the redacted text: a cause may quote a value (an image reference) that is secret.
            cause: causeOf(redact(message)) ?? null,
            description,
            resource: resourceRef(target, urn),
            phase,
        };
    };

    // Each resource's properties are encoded once, for Analyze and again for AnalyzeStack.
    const { analyzeRequest, stackRequest } = requestEncoder(byUrn);

    // What each resource gave, by input position: merged in input order whatever the spread.
    interface Outcome {
        final: EngineResource;
        violations: Violation[];
        remediations: Remediation[];
    }
    const outcomes: Outcome[] = new Array(opts.resources.length);
    const analyzeOne = async (s: Session, r: EngineResource): Promise<Outcome> => {
        let props = r.props;
        const what = ` of ${r.urn}`;
        const remediations: Remediation[] = [];
        if (anyRemediate) {
            const res = (await s.rpc("Remediate", REMEDIATE, analyzeRequest(r, props), what))!;
            for (const rem of res.getRemediationsList()) {
                const newProps = rem.getProperties();
                if (newProps) props = newProps.toJavaScript() as Record<string, unknown>;
                const diagnostic = rem.getDiagnostic();
                remediations.push({ policy: rem.getPolicyname(), urn: r.urn, ...(diagnostic ? { diagnostic } : {}) });
            }
        }
        const final: EngineResource = props === r.props ? r : { ...r, props, outputs: props };
        const res = (await s.rpc("Analyze", ANALYZE, analyzeRequest(final, props), what))!;
        const violations: Violation[] = [];
        for (const d of res.getDiagnosticsList()) {
            const v = toViolation(d, final, "resource");
            if (v) violations.push(v);
        }
        return { final, violations, remediations };
    };
    /** Up to `inFlight` requests at a time, sent in order; stops at the first failure and rethrows it. */
    const pass = async (s: Session, indices: number[], each: (i: number) => Promise<void>) => {
        let next = 0;
        let failure: { error: unknown } | undefined;
        const lane = async () => {
            while (!failure && next < indices.length) {
                const i = indices[next++];
                try {
                    await each(i);
                } catch (error) {
                    failure ??= { error };
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(spread.inFlight, indices.length) }, lane));
        if (failure) throw failure.error instanceof UserError ? new ResourcePassError(failure.error.message) : failure.error;
    };
    let done = 0;
    const isNamespace = (r: EngineResource) => r.type === "kubernetes:core/v1:Namespace";
    const ranges = parts(opts.resources.length, Math.min(spread.processes, sessions.length));
    await Promise.all(
        ranges.map(async ([from, to], k) => {
            const s = sessions[k];
            // A later part's process first sees the Namespaces before it, as one process would have
            // (their findings belong to the part that holds them).
            const before = opts.resources.slice(0, from).flatMap((r, i) => (isNamespace(r) ? [i] : []));
            await pass(s, before, async (i) => void (await analyzeOne(s, opts.resources[i])));
            const own = Array.from({ length: to - from }, (_, j) => from + j);
            await pass(s, own, async (i) => {
                outcomes[i] = await analyzeOne(s, opts.resources[i]);
                opts.onProgress?.(++done, opts.resources.length);
            });
            // The stack pass needs one process: the others are done and free their core and memory.
            if (k > 0) await closeSession(s);
        }),
    );
    const finalResources = outcomes.map((o) => o.final);
    const violations = outcomes.flatMap((o) => o.violations);
    const remediations = outcomes.flatMap((o) => o.remediations);
    for (const r of finalResources) byUrn.set(r.urn, r);
    const analyzeMs = performance.now() - tAnalyze;

    const stackReq = stackRequest(finalResources);
    const tStack = performance.now();
    const stackRes = await lead.rpc("AnalyzeStack", ANALYZE_STACK, stackReq, "", true);
    const analyzeStackMs = performance.now() - tStack;
    for (const d of stackRes?.getDiagnosticsList() ?? []) {
        const v = toViolation(d, undefined, "stack");
        if (v) violations.push(v);
    }
    return {
        pack,
        resources: finalResources,
        violations,
        remediations,
        blocked: violations.some(isBlocking),
        timings: { startMs: 0, configureMs, analyzeMs, analyzeStackMs },
    };
}
