// Runs a Pulumi program under `pulumi.runtime.setMocks` in its own process and writes every
// RegisterResource request (type, name, parent, dependencies, property dependencies, custom flag,
// provider, serialized inputs with secrets and unknowns kept) to a JSON file. Started by
// ./program.ts; not a public entry point. Args: one JSON object in KSL_RUNNER_ARGS.
import * as fs from "fs";
import * as path from "path";
import { CONTENT_COMPONENT_TYPES } from "../../policypacks/lib/kube-api";
import { UNKNOWN } from "../model";
import { mockCall, mockResource, mockResourceAtPreview } from "./mock-state";
import { answerContentInvoke, renderProviderComponent } from "./provider-components";
import { RenderError } from "./render";

interface RunnerArgs {
    programDir: string;
    main: string;
    project: string;
    stack: string;
    organization: string;
    config: Record<string, string>;
    /** Keys of secret config values (PULUMI_CONFIG_SECRET_KEYS). */
    secretKeys?: string[];
    /** The update pass: every output known (believable mock values); else preview semantics. */
    assumeKnown?: boolean;
    /** The nodejs runtime's `typescript` option. */
    typescript?: boolean;
    out: string;
}

export interface CapturedResource {
    urn: string;
    type: string;
    name: string;
    parent: string;
    custom: boolean;
    provider: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: Record<string, unknown>;
}

/** Something the program deployed that ksl could not check, with the reason. */
export interface RunnerNotice {
    /** Content that could not be rendered (the default), or values the run could not know. */
    kind?: "not-rendered" | "not-checked";
    /** URN of the component it concerns, when known. */
    urn?: string;
    subject: string;
    message: string;
}

const args: RunnerArgs = JSON.parse(process.env.KSL_RUNNER_ARGS ?? "{}");
const captured: CapturedResource[] = [];
const notices: RunnerNotice[] = [];
const stackReferences: Array<{ name: string; stack: string }> = [];
const pendingNotices: Array<{ token: string; inputs: Record<string, any>; message: string }> = [];
let finished = false;
// The runtime reports a failed mock invoke as a bare "Error": keep our own message to report it.
let mockError: string | undefined;

function finish(result: { resources?: CapturedResource[]; notices?: RunnerNotice[]; error?: string }): void {
    if (finished) return;
    finished = true;
    if (result.error !== undefined && mockError) result.error = mockError;
    if (result.error !== undefined) {
        // A program that reads what unrendered content would have deployed (chart.getResource(...))
        // fails on a missing object: say which content was missing and why.
        resolvePendingNotices();
        const missing = notices.filter((n) => n.message.startsWith("not rendered:"));
        if (missing.length) result.error += ` (after ${missing.map((n) => `${n.subject} was ${n.message}`).join("; ")})`;
    }
    fs.writeFileSync(args.out, JSON.stringify(result));
    process.exit(result.error ? 1 : 0);
}

function errorText(e: unknown): string {
    // ts-node's TSError: its diagnostics, each "file(line,col): error TSnnnn: text", are the message.
    const diagnostics = (e as { diagnosticText?: unknown })?.diagnosticText;
    if ((e as Error)?.name === "TSError" && typeof diagnostics === "string") {
        return `TypeScript: ${diagnostics.split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 3).join("; ")}`;
    }
    const msg = (e as Error)?.message ?? String(e);
    const first = msg.split("\n").filter((l) => l.trim())[0] ?? String(e);
    const where = resourceOfError(e);
    return where ? `${where}: ${first}` : first;
}

/**
 * The resource a program error comes from, read from its stack: the SDK class whose constructor
 * threw (`at new ManagedCluster (.../@pulumi/azure-native/containerservice/managedCluster.js)`) and
 * the program line that called it, whose first string argument is the resource's name. The SDK's
 * own message names the property ("Missing required property 'clientId'").
 */
function resourceOfError(e: unknown): string | undefined {
    const stack = typeof (e as Error)?.stack === "string" ? (e as Error).stack!.split("\n") : [];
    let type: string | undefined;
    for (const line of stack) {
        // Source maps may drop the package directory: `@pulumi/authorization/roleAssignment.ts`.
        const m = /at new (\w+) \(.*[\\/]node_modules[\\/]@pulumi[\\/](.+?)\.(?:js|ts):\d+:\d+\)/.exec(line);
        if (m && !/^pulumi[\\/]/.test(m[2])) {
            const dirs = m[2].split(/[\\/]/).slice(0, -1).filter((d) => !["azure-native", "kubernetes", "azure", "types", "input", "output"].includes(d));
            type = [...dirs, m[1]].join(".");
            continue;
        }
        const frame = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(line.trim());
        if (type && frame && !/[\\/]node_modules[\\/]/.test(frame[1]) && !frame[1].startsWith("node:")) {
            let name: string | undefined;
            try {
                const src = fs.readFileSync(frame[1], "utf8").split("\n")[Number(frame[2]) - 1] ?? "";
                name = /new\s+[\w.]+\s*\(\s*["'`]([^"'`]+)["'`]/.exec(src)?.[1];
            } catch {
                name = undefined;
            }
            const at = `${path.relative(args.programDir, frame[1])}:${frame[2]}`;
            return `${type}${name ? ` "${name}"` : ""} (${at})`;
        }
    }
    return type;
}

process.on("uncaughtException", (e) => finish({ error: errorText(e) }));
process.on("unhandledRejection", (e) => finish({ error: errorText(e) }));

async function main(): Promise<void> {
    process.env.PULUMI_CONFIG = JSON.stringify(args.config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(args.secretKeys ?? []);
    process.chdir(args.programDir);
    // The program's own @pulumi/pulumi: patching another copy would capture nothing.
    const from = { paths: [args.programDir] };
    const pulumi = require(require.resolve("@pulumi/pulumi", from));
    const mocks = require(require.resolve("@pulumi/pulumi/runtime/mocks", from));
    const settings = require(require.resolve("@pulumi/pulumi/runtime/settings", from));
    const proto = mocks.MockMonitor.prototype;

    // URNs as the engine builds them: the parent's whole type chain, none for the root stack.
    proto.newUrn = function (parent: string, type: string, name: string): string {
        let t = type;
        if (parent) {
            const parentType = parent.split("::")[2];
            if (parentType && parentType !== "pulumi:pulumi:Stack") t = `${parentType}$${type}`;
        }
        return `urn:pulumi:${args.stack}::${args.project}::${t}::${name}`;
    };
    const register = proto.registerResource;
    proto.registerResource = function (req: any, callback: any) {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v: any, k: string) => {
            propertyDependencies[k] = v.getUrnsList();
        });
        const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
        const inputs = req.getObject()?.toJavaScript() ?? {};
        captured.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent(),
            custom: req.getCustom(),
            provider: req.getProvider(),
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            inputs,
        });
        // Provider-side components (helm.v4.Chart, yaml.v2, kustomize.v2): the provider registers
        // what they deploy as their children; do the same.
        try {
            const children = renderProviderComponent(req.getType(), req.getName(), inputs, args.programDir);
            for (const c of children ?? []) {
                captured.push({
                    urn: this.newUrn(urn, c.type, c.name),
                    type: c.type,
                    name: c.name,
                    parent: urn,
                    custom: true,
                    provider: req.getProvider(),
                    dependencies: [],
                    propertyDependencies: {},
                    inputs: c.props,
                });
            }
        } catch (e) {
            if (!(e instanceof RenderError)) throw e;
            notices.push({ urn, subject: `${req.getType()} '${req.getName()}'`, message: `not rendered: ${e.message}` });
        }
        return register.call(this, req, callback);
    };

    pulumi.runtime.setMocks(
        {
            newResource: (a: any) => {
                // Read, not registered: the runtime reads a stack reference's outputs from the backend.
                if (a.type === "pulumi:pulumi:StackReference") stackReferences.push({ name: a.name, stack: String(a.inputs?.name ?? a.id ?? a.name) });
                return (args.assumeKnown ? mockResource : mockResourceAtPreview)(a.type, a.name, a.inputs ?? {});
            },
            call: (a: any) => {
                try {
                    // A provider whose configuration is unknown during preview is not configured: the
                    // engine answers its invokes with nothing, so its SDK components render nothing.
                    if (!args.assumeKnown && CONTENT_INVOKES.has(a.token) && providerConfigUnknown(a.provider)) {
                        pendingNotices.push({
                            token: a.token,
                            inputs: a.inputs ?? {},
                            message: "not rendered: its Kubernetes provider's configuration is not known during preview (e.g. a kubeconfig from a cluster being created), so the provider renders nothing, as in a real preview; `ksl preview --assume-known` renders it",
                        });
                        return { result: [] };
                    }
                    const content = contentInvoke(a.token, a.inputs ?? {});
                    if (content) return content;
                    return mockCall(a.token, a.inputs ?? {});
                } catch (e) {
                    mockError ??= errorText(e);
                    throw e;
                }
            },
        },
        args.project,
        args.stack,
        true,
        args.organization,
    );

    interceptFetch();
    if (!args.assumeKnown) countSkippedApplies(pulumi);
    if (args.typescript !== false) registerTypeScript(from);
    const exported = require(path.resolve(args.programDir, args.main));
    // An async program exports a promise (or a function returning one, like `export = async () => …`).
    const value = typeof exported === "function" ? exported() : exported?.default !== undefined && typeof exported.default === "function" ? exported.default() : exported;
    await Promise.resolve(value);
    // Drain: registrations trigger further registrations (children, applies) until quiet.
    let count = -1;
    while (count !== captured.length) {
        count = captured.length;
        await settings.waitForRPCs();
        await new Promise((r) => setTimeout(r, 10));
    }
    resolvePendingNotices();
    const skippedApplies = skippedApplyNotice();
    if (skippedApplies) notices.push(skippedApplies);
    for (const ref of stackReferences) {
        notices.push({
            kind: "not-checked",
            subject: `StackReference '${ref.name}'`,
            message: `the outputs of stack ${ref.stack} are not read (ksl reaches no Pulumi backend), so every value the program takes from it was unknown to the packs, where a real preview reads it; a policy that needs such a value says it cannot check it`,
        });
    }
    finish({ resources: captured, notices });
}

// The program's own apply callbacks, by where they were written, and those that ran.
const applies = new Map<number, string>();
const appliesRan = new Set<number>();

/**
 * Counts the program's `apply` callbacks that never run during preview (their input is not known
 * yet): a resource created inside one is never registered, so no pack sees it - in a real preview
 * as here. Only callbacks written in the program count (the SDK's own applies, such as property
 * lifting, are not).
 */
function countSkippedApplies(pulumi: any): void {
    const proto = Object.getPrototypeOf(pulumi.output(1));
    const apply = proto.apply;
    proto.apply = function (func: (v: unknown) => unknown, runWithUnknowns?: boolean) {
        const at = programFrame(new Error().stack ?? "");
        if (!at || typeof func !== "function") return apply.call(this, func, runWithUnknowns);
        const id = applies.size;
        applies.set(id, at);
        return apply.call(this, (v: unknown) => {
            appliesRan.add(id);
            return func(v);
        }, runWithUnknowns);
    };
}

/** `index.ts:12` of the first stack frame in the program's own files, if any. */
function programFrame(stack: string): string | undefined {
    for (const line of stack.split("\n").slice(2)) {
        const m = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(line.trim());
        if (!m || /[\\/]node_modules[\\/]/.test(m[1]) || m[1].startsWith("node:")) continue;
        const rel = path.relative(args.programDir, m[1]);
        return rel.startsWith("..") || path.isAbsolute(rel) ? undefined : `${rel}:${m[2]}`;
    }
    return undefined;
}

function skippedApplyNotice(): RunnerNotice | undefined {
    const skipped = [...applies].filter(([id]) => !appliesRan.has(id)).map(([, at]) => at);
    if (!skipped.length) return undefined;
    const places = [...new Set(skipped)];
    return {
        kind: "not-checked",
        subject: "program",
        message: `${skipped.length} apply callback${skipped.length === 1 ? "" : "s"} (${places.slice(0, 5).join(", ")}${places.length > 5 ? ", …" : ""}) did not run: their inputs are not known during preview, as in a real preview, so whatever they create was not checked; \`ksl preview --assume-known\` runs them`,
    };
}

function resolvePendingNotices(): void {
    for (const p of pendingNotices.splice(0)) {
        const component = invokingComponent(p.token, p.inputs);
        notices.push({ urn: component?.urn, subject: component ? `${component.type} '${component.name}'` : p.token, message: p.message });
    }
}

const CONTENT_INVOKES = new Set(["kubernetes:yaml:decode", "kubernetes:helm:template", "kubernetes:kustomize:directory"]);

/** Whether the provider an invoke names (`<urn>::<id>`) has inputs not known during preview. */
function providerConfigUnknown(ref: unknown): boolean {
    if (typeof ref !== "string" || !ref) return false;
    const urn = ref.slice(0, ref.lastIndexOf("::"));
    const provider = captured.find((c) => c.urn === urn);
    const unknown = (v: unknown): boolean => v === UNKNOWN || (Array.isArray(v) ? v.some(unknown) : !!v && typeof v === "object" && Object.values(v).some(unknown));
    return provider !== undefined && unknown(provider.inputs);
}

/**
 * The v1 yaml components fetch URLs themselves. One that cannot be fetched here (no network) is
 * content never checked, as a chart repository out of reach: its component gets a notice naming
 * the URL and the cause, and renders nothing, instead of the program failing on "fetch failed".
 */
function interceptFetch(): void {
    const realFetch = globalThis.fetch;
    if (typeof realFetch !== "function") return;
    globalThis.fetch = (async (input: any, init?: any) => {
        try {
            return await realFetch(input, init);
        } catch (e) {
            const url = typeof input === "string" ? input : String(input?.url ?? input);
            const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
            const why = cause?.code ?? cause?.message ?? (e as Error)?.message ?? String(e);
            pendingNotices.push({ token: "fetch", inputs: { url }, message: `not rendered: ${url} cannot be fetched (${why}); download it and reference the local file, or scan it with ksl scan` });
            return new Response("", { status: 200 });
        }
    }) as typeof fetch;
}

/**
 * Compiles the program's TypeScript exactly as the Pulumi CLI's Node.js runtime does
 * (@pulumi/pulumi cmd/run/run.js, `typescript: true`): the program's tsconfig.json
 * (PULUMI_NODEJS_TSCONFIG_PATH) when there is one, else the runtime's own defaults; type-checked
 * unless PULUMI_NODEJS_TRANSPILE_ONLY=true or the tsconfig sets noCheck; the typescript and ts-node
 * the program's @pulumi/pulumi resolves (its vendored ones otherwise).
 */
function registerTypeScript(from: { paths: string[] }): void {
    const tsutils = require(require.resolve("@pulumi/pulumi/tsutils", from));
    const semver = require(require.resolve("semver", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json", from))] }));
    const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json";
    if (!fs.existsSync(tsConfigPath) && tsConfigPath !== "tsconfig.json") throw new Error(`tsconfig path was set to ${tsConfigPath} but the file was not found`);
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
    const env = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = env ? env === "true" : compilerOptions.noCheck;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const tsVersion = semver.parse(require(typescriptRequire).version);
    const useNodeNext = tsVersion && tsVersion.compare(new semver.SemVer("4.7.0")) >= 0;
    require(tsnodeRequire).register({
        compiler: typescriptRequire,
        transpileOnly,
        project: tsConfigPath,
        skipProject: !fs.existsSync(tsConfigPath),
        compilerOptions: {
            target: "ES2020",
            module: useNodeNext ? "nodenext" : "commonjs",
            moduleResolution: useNodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...compilerOptions,
        },
    });
}

/**
 * The SDK components' render invokes (yaml v1, helm.v3.Chart, kustomize v1). Content that cannot
 * be rendered comes back empty, so the component has no children and is reported as not checked.
 */
function contentInvoke(token: string, inputs: Record<string, any>): { result: unknown[] } | undefined {
    try {
        return answerContentInvoke(token, inputs, args.programDir);
    } catch (e) {
        if (!(e instanceof RenderError)) throw e;
        // The component may not have reached the monitor yet: resolved when the run finishes.
        pendingNotices.push({ token, inputs, message: `not rendered: ${e.message}` });
        return { result: [] };
    }
}

/** The v1 component an invoke renders for (the invoke itself names none). */
function invokingComponent(token: string, inputs: Record<string, any>): CapturedResource | undefined {
    const T = CONTENT_COMPONENT_TYPES;
    if (token === "kubernetes:helm:template") {
        let release: unknown;
        try {
            release = JSON.parse(String(inputs.jsonOpts)).release_name;
        } catch {
            return undefined;
        }
        return captured.find((c) => c.type === T.helmV3Chart && c.name === release);
    }
    if (token === "kubernetes:kustomize:directory") {
        return captured.find((c) => c.type === T.kustomizeDirectory && (c.inputs as { directory?: unknown }).directory === inputs.directory);
    }
    if (token === "fetch") {
        // A ConfigFile reads `file`, else its name (ConfigGroup files become ConfigFiles named by URL).
        return captured.find((c) => c.type === T.yamlConfigFile && ((c.inputs as { file?: unknown }).file ?? c.name) === inputs.url);
    }
    return undefined;
}

main().catch((e) => finish({ error: errorText(e) }));
