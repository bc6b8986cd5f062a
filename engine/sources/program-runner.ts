// Runs a Pulumi program under `pulumi.runtime.setMocks` in its own process and writes every
// RegisterResource request (type, name, parent, dependencies, property dependencies, custom flag,
// provider, serialized inputs with secrets and unknowns kept) to a JSON file. Started by
// ./program.ts; not a public entry point. Args: one JSON object in KSL_RUNNER_ARGS.
import * as fs from "fs";
import * as path from "path";
import { CONTENT_COMPONENT_TYPES } from "../../policypacks/lib/kube-api";
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
    /** URN of the component it concerns, when known. */
    urn?: string;
    subject: string;
    message: string;
}

const args: RunnerArgs = JSON.parse(process.env.KSL_RUNNER_ARGS ?? "{}");
const captured: CapturedResource[] = [];
const notices: RunnerNotice[] = [];
const pendingNotices: Array<{ token: string; inputs: Record<string, any>; message: string }> = [];
let finished = false;
// The runtime reports a failed mock invoke as a bare "Error": keep our own message to report it.
let mockError: string | undefined;

function finish(result: { resources?: CapturedResource[]; notices?: RunnerNotice[]; error?: string }): void {
    if (finished) return;
    finished = true;
    if (result.error !== undefined && mockError) result.error = mockError;
    fs.writeFileSync(args.out, JSON.stringify(result));
    process.exit(result.error ? 1 : 0);
}

function errorText(e: unknown): string {
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
            newResource: (a: any) => (args.assumeKnown ? mockResource : mockResourceAtPreview)(a.type, a.name, a.inputs ?? {}),
            call: (a: any) => {
                try {
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
    for (const p of pendingNotices) {
        const component = invokingComponent(p.token, p.inputs);
        notices.push({ urn: component?.urn, subject: component ? `${component.type} '${component.name}'` : p.token, message: p.message });
    }
    finish({ resources: captured, notices });
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
    return undefined;
}

main().catch((e) => finish({ error: errorText(e) }));
