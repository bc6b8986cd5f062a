// The engine: drives one policy pack over the analyzer gRPC protocol with the calls and fields the
// Pulumi CLI uses, over a set of resources, and returns what the
// pack reported. The pack process is always killed before runPack settles.
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as YAML from "yaml";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
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
import { isBlocking, SECRET_KEY, SECRET_SIG } from "../model";
import { causeOf } from "../../policypacks/lib/cause";
import { PolicyPackConfig, readConfigFile, reconcileConfig } from "./config";
import { PackProcess, StackIdentity, startPack, summarizeStderr } from "./process";
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
    try {
        const doc = YAML.parse(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"));
        const v = doc?.version;
        return v === undefined || v === null ? undefined : String(v);
    } catch {
        return undefined;
    }
}

function providerRefUrn(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    // Provider references are `<urn>::<id>`; URNs themselves contain `::`.
    const i = ref.lastIndexOf("::");
    return i > 0 && ref.startsWith("urn:") && ref.slice(0, i).split("::").length >= 4 ? ref.slice(0, i) : ref;
}

function namespaceOf(r: EngineResource): string | null {
    if (!r.type.startsWith("kubernetes:")) return null;
    const ns = (r.props as { metadata?: { namespace?: unknown } })?.metadata?.namespace;
    return typeof ns === "string" ? ns : null;
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

export async function runPack(opts: RunPackOptions): Promise<RunResult> {
    const packDir = path.resolve(opts.packDir);
    const userConfig =
        typeof opts.config === "string" ? { config: readConfigFile(opts.config), source: opts.config } : opts.config ? { config: opts.config, source: "policy pack config" } : undefined;
    const id: StackIdentity = {
        stack: opts.stack?.stack ?? "dev",
        project: opts.stack?.project ?? "ksl",
        organization: opts.stack?.organization ?? "organization",
        config: opts.stack?.config ?? {},
        secretKeys: opts.stack?.secretKeys ?? [],
        dryRun: opts.stack?.dryRun ?? true,
    };
    const rpcTimeout = opts.rpcTimeoutMs ?? Number(process.env.KSL_RPC_TIMEOUT_MS ?? 60_000);
    const t0 = performance.now();
    const proc = await startPack(packDir, id, opts.startTimeoutMs ?? Number(process.env.KSL_PACK_START_TIMEOUT_MS ?? 60_000), opts.onSpawn);
    const startMs = performance.now() - t0;
    const client = new AnalyzerClient(`127.0.0.1:${proc.port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    try {
        const result = await drive(client, proc, packDir, id, opts, userConfig, rpcTimeout);
        if (result.timings) result.timings.startMs = startMs;
        const peak = peakRssKb(proc.child.pid);
        if (peak !== undefined) result.packPeakRssKb = peak;
        return result;
    } finally {
        client.close();
        await proc.kill();
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

async function drive(
    client: AnalyzerClient,
    proc: PackProcess,
    packDir: string,
    id: StackIdentity,
    opts: RunPackOptions,
    userConfig: { config: PolicyPackConfig; source: string } | undefined,
    rpcTimeout: number,
): Promise<RunResult> {
    let packLabel = packDir;
    // Every RPC has a deadline; if the pack dies mid-call, the error says so (not just UNAVAILABLE).
    async function rpc<Req, Res>(name: string, fn: Call<Req, Res>, req: Req, what: string, tolerateUnimplemented = false): Promise<Res | undefined> {
        try {
            return await new Promise<Res>((resolve, reject) => {
                fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + rpcTimeout }, (e, r) => (e ? reject(e) : resolve(r)));
            });
        } catch (e) {
            const err = e as grpc.ServiceError;
            if (tolerateUnimplemented && err.code === grpc.status.UNIMPLEMENTED) return undefined;
            const why = await Promise.race([proc.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000))]);
            if (why !== undefined) {
                throw new UserError(`policy pack ${packLabel} crashed during ${name}${what} (${why}): ${summarizeStderr(proc.stderr())}`);
            }
            if (err.code === grpc.status.DEADLINE_EXCEEDED) {
                throw new UserError(`policy pack ${packLabel} did not answer ${name}${what} within ${rpcTimeout / 1000} s`);
            }
            // The SDK puts "Error validating resource with policy ...:\n<stack>" in details: keep the first two lines.
            const details = (err.details ?? err.message ?? String(e)).split("\n").filter((l) => l.trim() && !l.trim().startsWith("at "));
            throw new UserError(`policy pack ${packLabel} failed in ${name}${what}: ${details.slice(0, 2).join(" ").slice(0, 500)}`);
        }
    }

    const hs = new apb.AnalyzerHandshakeRequest();
    hs.setEngineAddress("");
    hs.setRootDirectory(packDir);
    hs.setProgramDirectory(packDir);
    await rpc("Handshake", client.handshake, hs, "", true);

    const cs = new apb.AnalyzerStackConfigureRequest();
    cs.setStack(id.stack).setProject(id.project).setOrganization(id.organization).setDryRun(id.dryRun);
    for (const [k, v] of Object.entries(id.config)) cs.getConfigMap().set(k, v);
    cs.setConfigSecretKeysList(id.secretKeys ?? []);
    for (const [k, v] of Object.entries(opts.stack?.tags ?? {})) cs.getTagsMap().set(k, v);
    await rpc("ConfigureStack", client.configureStack, cs, "", true);

    const tConfigure = performance.now();
    const info = (await rpc("GetAnalyzerInfo", client.getAnalyzerInfo, new Empty(), ""))!;
    const pack: PackInfo = {
        name: info.getName(),
        version: packYamlVersion(packDir) ?? info.getVersion(),
        dir: packDir,
        policies: info.getPoliciesList().map(decodePolicy),
    };
    packLabel = `${pack.name}@v${pack.version}`;

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
    await rpc("Configure", client.configure, conf, "");
    const configureMs = performance.now() - tConfigure;
    const tAnalyze = performance.now();

    const byName = new Map(pack.policies.map((p) => [p.name, p]));
    const byUrn = new Map(opts.resources.map((r) => [r.urn, r]));
    const anyRemediate = pack.policies.some((p) => p.enforcementLevel === "remediate");
    const violations: Violation[] = [];
    const remediations: Remediation[] = [];
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

    const withOptions = <T extends apb.AnalyzeRequest | apb.AnalyzerResource>(msg: T, r: EngineResource, props: Record<string, unknown>): T => {
        msg.setUrn(r.urn);
        msg.setType(r.type);
        msg.setName(r.name);
        msg.setProperties(toStruct(props));
        // The SDK throws "A more recent version of the Pulumi CLI is required" without options.
        const o = new apb.AnalyzerResourceOptions();
        if (r.parent) o.setParent(r.parent);
        msg.setOptions(o);
        const provUrn = providerRefUrn(r.provider);
        const prov = provUrn ? byUrn.get(provUrn) : undefined;
        if (prov) {
            const pr = new apb.AnalyzerProviderResource();
            pr.setType(prov.type).setUrn(prov.urn).setName(prov.name).setProperties(toStruct(prov.props));
            msg.setProvider(pr);
        }
        return msg;
    };

    const finalResources: EngineResource[] = [];
    let done = 0;
    for (const r of opts.resources) {
        let props = r.props;
        const what = ` of ${r.urn}`;
        if (anyRemediate) {
            const res = (await rpc("Remediate", client.remediate, withOptions(new apb.AnalyzeRequest(), r, props), what))!;
            for (const rem of res.getRemediationsList()) {
                const newProps = rem.getProperties();
                if (newProps) props = newProps.toJavaScript() as Record<string, unknown>;
                const diagnostic = rem.getDiagnostic();
                remediations.push({ policy: rem.getPolicyname(), urn: r.urn, ...(diagnostic ? { diagnostic } : {}) });
            }
        }
        const fixed: EngineResource = props === r.props ? r : { ...r, props, outputs: props };
        finalResources.push(fixed);
        const res = (await rpc("Analyze", client.analyze, withOptions(new apb.AnalyzeRequest(), fixed, props), what))!;
        for (const d of res.getDiagnosticsList()) {
            const v = toViolation(d, fixed, "resource");
            if (v) violations.push(v);
        }
        opts.onProgress?.(++done, opts.resources.length);
    }
    for (const r of finalResources) byUrn.set(r.urn, r);
    const analyzeMs = performance.now() - tAnalyze;

    const stackReq = new apb.AnalyzeStackRequest();
    stackReq.setResourcesList(
        finalResources.map((r) => {
            const ar = withOptions(new apb.AnalyzerResource(), r, r.outputs ?? r.props);
            if (r.parent) ar.setParent(r.parent);
            ar.setDependenciesList(r.dependencies ?? []);
            for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                const pd = new apb.AnalyzerPropertyDependencies();
                pd.setUrnsList(urns);
                ar.getPropertydependenciesMap().set(k, pd);
            }
            return ar;
        }),
    );
    const tStack = performance.now();
    const stackRes = await rpc("AnalyzeStack", client.analyzeStack, stackReq, "", true);
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
