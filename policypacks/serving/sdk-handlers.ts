// Start-up side effect of every pack: the Analyze and AnalyzeStack handlers of @pulumi/policy
// 1.21.0, with each request's argument objects built once and shared by every policy.
//
// Why: the shipped handlers rebuild a resource's options, provider and closures for every policy,
// and AnalyzeStack rebuilds the whole stack (every resource, its parent and dependency links) once
// per stack policy - at 10,000 resources and 24 stack policies that is most of the pack's time and
// the garbage that sets its peak memory. They also await each policy, even a synchronous one.
//
// What stays exactly as shipped: the policy order, each policy's effective enforcement level
// (config, then policy, then pack), "disabled" and "remediate" handling, the not-applicable fast
// path on a validation's Pulumi type, unknown values during preview reported as advisory, the
// violation objects, the error for a policy that throws, and the response message. What differs:
// the shared objects are frozen (a policy that tried to mutate them would fail loudly instead of
// changing what later policies see), a synchronous policy is not awaited, what the SDK decides per
// policy from the policy and config alone is decided once per Configure, and the service decodes
// requests' properties and encodes responses itself (struct-decode.ts, response-encode.ts), to
// the same values and bytes. Remediate, GetAnalyzerInfo, Configure and ConfigureStack stay the
// SDK's own; Configure and ConfigureStack are observed so the handlers here read the same config
// and stack tags.
//
// Installed only on the SDK version it mirrors, and not when KSL_SDK_HANDLERS=shipped (the escape
// hatch, and how the equivalence test runs the shipped handlers). Anything else: the SDK as shipped.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-var-requires */
import * as path from "path";
import { splitRepeatedStructField, splitStructField } from "./struct-decode";
import { analyzeResponseEncoder } from "./response-encode";

/** The @pulumi/policy version whose server.js these handlers mirror, line for line. */
export const MIRRORED_SDK_VERSION = "1.21.0";

type Callback = (err: unknown, response?: unknown) => void;
type Handler = (call: { request: any }, callback: Callback) => unknown;
type Level = "advisory" | "mandatory" | "remediate" | "disabled";
interface SdkPolicy {
    name: string;
    description?: string;
    enforcementLevel?: Level;
    severity?: string;
    validateResource?: unknown;
    remediateResource?: unknown;
    validateStack?: (args: unknown, report: unknown) => unknown;
    [k: string]: unknown;
}

const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const sdkVersion: string = String(require(path.join(policyDir, "package.json")).version ?? "").replace(/^v/, "");

/** Whether this process serves the handlers below (exported for the test that pins them to the SDK). */
export const sharedRequestHandlers = sdkVersion === MIRRORED_SDK_VERSION && process.env.KSL_SDK_HANDLERS !== "shipped";

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason);
    }
}
function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

interface State {
    config: Record<string, Record<string, unknown>>;
    stackTags: unknown;
}

function freezeMap(map: Map<string, string>) {
    return Object.freeze({
        entries: map.entries.bind(map),
        forEach: map.forEach.bind(map),
        get: map.get.bind(map),
        has: map.has.bind(map),
        keys: map.keys.bind(map),
        size: map.size,
        values: map.values.bind(map),
        [Symbol.iterator]: map[Symbol.iterator].bind(map),
    });
}

/** The handlers for one served pack (exported for the test that holds them to the SDK's own). */
export function makeSharedRequestHandlers(packName: string, packVersion: string, packLevel: Level, policies: readonly SdkPolicy[]) {
    const policyMod = require(path.join(policyDir, "policy"));
    const protoutil = require(path.join(policyDir, "protoutil"));
    const proxy = require(path.join(policyDir, "proxy"));
    const deserialize = require(path.join(policyDir, "deserialize"));
    const analyzerproto = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] }));
    const state: State = { config: {}, stackTags: freezeMap(new Map()) };

    const levelOf = (p: SdkPolicy): Level => (state.config[p.name]?.enforcementLevel as Level) || p.enforcementLevel || packLevel;
    // One getConfig per policy; like the SDK's, it reads the configuration at call time.
    const getConfigs = new Map<string, () => Record<string, unknown>>();
    const getConfigOf = (name: string) => {
        let f = getConfigs.get(name);
        if (!f) {
            f = () => {
                const c = state.config[name];
                if (!c) return {};
                const { enforcementLevel: _, ...properties } = c;
                return properties;
            };
            getConfigs.set(name, f);
        }
        return f;
    };

    const pushNotApplicable = (list: unknown[] | undefined, policyName: string, reason?: string) => {
        const na = new analyzerproto.PolicyNotApplicable();
        na.setPolicyName(policyName);
        if (reason) na.setReason(reason);
        (list ??= []).push(na);
        return list;
    };
    const makeReportViolation = (p: SdkPolicy, level: Level, ds: any[]) => (message: any, urn?: string) => {
        if (typeof message === "object") {
            ds.push({
                policyName: message.name || p.name,
                policyPackName: packName,
                policyPackVersion: packVersion,
                message: message.message || message.description || p.description,
                urn: message.urn,
                description: message.description || p.description,
                enforcementLevel: message.enforcementLevel || level,
                severity: message.severity || p.severity,
            });
        } else {
            ds.push({
                policyName: p.name,
                policyPackName: packName,
                policyPackVersion: packVersion,
                message: message ? `${p.description}\n${message}` : p.description,
                urn,
                description: p.description,
                enforcementLevel: level,
                severity: p.severity,
            });
        }
    };
    /** The SDK's handling of a policy's failure: unknowns are advisory, not-applicable is recorded, the rest fails the call. */
    const onPolicyError = (e: unknown, p: SdkPolicy, fn: "validateResource" | "validateStack", ds: any[], na: { list?: unknown[] }) => {
        const policyFrom = `policy '${p.name}' from policy pack '${packName}@v${packVersion}'`;
        if (e instanceof proxy.UnknownValueError) {
            const { [fn]: _fn, name, ...diag } = p;
            ds.push({ policyName: name, policyPackName: packName, policyPackVersion: packVersion, message: `can't run ${policyFrom} during preview: ${(e as Error).message}`, ...diag, enforcementLevel: "advisory" });
        } else if (e instanceof NotApplicableError) {
            na.list = pushNotApplicable(na.list, p.name, e.reason);
        } else {
            throw protoutil.asGrpcError(e, `Error validating resource with ${policyFrom}`);
        }
    };

    const isTypeOf = (type: string, resourceClass: any) => {
        const pulumiType = policyMod.getPulumiType(resourceClass);
        if (pulumiType) return type === pulumiType;
        const isInstance = resourceClass.isInstance;
        return isInstance && typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
    };
    const decoded = (r: any) => proxy.unknownCheckingProxy(deserialize.deserializeProperties(r.getProperties(), false));
    const optionsOf = (r: any) => {
        const opts = r.getOptions();
        if (!opts) throw new Error("A more recent version of the Pulumi CLI is required. To upgrade, see https://www.pulumi.com/docs/get-started/install/");
        const timeouts = opts.getCustomtimeouts();
        const result: Record<string, unknown> = {
            protect: opts.getProtect(),
            // Copies: the SDK hands out the message's own arrays, which are not ours to freeze.
            ignoreChanges: Object.freeze([...opts.getIgnorechangesList()]),
            aliases: Object.freeze([...opts.getAliasesList()]),
            customTimeouts: Object.freeze({ createSeconds: timeouts?.getCreate() ?? 0.0, updateSeconds: timeouts?.getUpdate() ?? 0.0, deleteSeconds: timeouts?.getDelete() ?? 0.0 }),
            additionalSecretOutputs: Object.freeze([...opts.getAdditionalsecretoutputsList()]),
        };
        if (opts.getDeletebeforereplacedefined()) result.deleteBeforeReplace = opts.getDeletebeforereplace();
        if (opts.getParent()) result.parent = opts.getParent();
        return Object.freeze(result);
    };
    const providerOf = (r: any) => {
        const prov = r.getProvider();
        if (!prov) return undefined;
        return Object.freeze({ type: prov.getType(), props: decoded(prov), urn: prov.getUrn(), name: prov.getName() });
    };
    const typeGuards = (type: string, props: unknown) => ({
        isType: (resourceClass: unknown) => isTypeOf(type, resourceClass),
        asType: (resourceClass: unknown) => (isTypeOf(type, resourceClass) ? props : undefined),
    });
    const isThenable = (x: any) => x !== null && (typeof x === "object" || typeof x === "function") && typeof x.then === "function";

    // What the SDK decides per policy before calling it, from the policy and the config alone:
    // decided once per configuration instead of for every request.
    interface Step {
        policy: SdkPolicy;
        level: Level;
        /** Undefined for a remediation-only policy (reported not applicable). */
        validations?: ((args: unknown, report: unknown) => unknown)[];
        pulumiType?: string;
        getConfig: () => Record<string, unknown>;
    }
    let plan: Step[] | undefined;
    const resourcePlan = (): Step[] =>
        (plan ??= policies.flatMap((p): Step[] => {
            let level = levelOf(p);
            if (level === "disabled" || !policyMod.isResourcePolicy(p)) return [];
            if (!p.validateResource) return [{ policy: p, level, getConfig: getConfigOf(p.name) }];
            if (level === "remediate") level = "mandatory";
            const v = p.validateResource as any;
            return [{ policy: p, level, validations: Array.isArray(v) ? v : [v], pulumiType: Array.isArray(v) ? undefined : policyMod.getPulumiType(v), getConfig: getConfigOf(p.name) }];
        }));

    /** Runs one request's policies; a failure the SDK would not catch fails the call, as it does. */
    const respond = (callback: Callback, run: (ds: any[], na: { list?: unknown[] }) => Promise<void>) => {
        const ds: any[] = [];
        const na: { list?: unknown[] } = {};
        run(ds, na).then(
            () => callback(undefined, protoutil.makeAnalyzeResponse(ds, na.list)),
            (err) => callback(err, undefined),
        );
    };

    const analyze: Handler = (call, callback) =>
        respond(callback, async (ds, na) => {
            const req = call.request;
            const type: string = req.getType();
            // The request's argument parts, built the first time a policy needs them.
            let parts: { props: unknown; urn: string; name: string; opts: unknown; stackTags: unknown; isType: unknown; asType: unknown; provider: unknown } | undefined;
            const argsFor = (getConfig: unknown) => {
                if (!parts) {
                    const props = decoded(req);
                    parts = { props, urn: req.getUrn(), name: req.getName(), opts: optionsOf(req), stackTags: state.stackTags, ...typeGuards(type, props), provider: providerOf(req) };
                }
                // A literal of the SDK's shape (spreading a shared object here costs more than the SDK's rebuild).
                const args: Record<string, unknown> = { type, props: parts.props, urn: parts.urn, name: parts.name, opts: parts.opts, stackTags: parts.stackTags, isType: parts.isType, asType: parts.asType, getConfig, notApplicable: throwNotApplicable };
                if (parts.provider) args.provider = parts.provider;
                return args;
            };
            for (const step of resourcePlan()) {
                const p = step.policy;
                if (!step.validations) {
                    na.list = pushNotApplicable(na.list, p.name, "Policy does not implement validateResource");
                    continue;
                }
                if (step.pulumiType && type !== step.pulumiType) {
                    na.list = pushNotApplicable(na.list, p.name, `Policy only applies to resources of type '${step.pulumiType}'`);
                    continue;
                }
                const report = makeReportViolation(p, step.level, ds);
                for (const validation of step.validations) {
                    try {
                        const result = validation(argsFor(step.getConfig), report);
                        if (isThenable(result)) await result;
                    } catch (e) {
                        onPolicyError(e, p, "validateResource", ds, na);
                    }
                }
            }
        });

    /** The stack as the SDK hands it to a stack policy, built once per request and frozen. */
    const stackOf = (resourcesList: any[]) => {
        const intermediates = resourcesList.map((r) => {
            const type: string = r.getType();
            const props = decoded(r);
            const resource: Record<string, any> = { type, props, urn: r.getUrn(), name: r.getName(), opts: optionsOf(r), dependencies: [], propertyDependencies: {}, ...typeGuards(type, props) };
            const provider = providerOf(r);
            if (provider) resource.provider = provider;
            const propertyDependencies: Record<string, string[]> = {};
            const map = r.getPropertydependenciesMap();
            if (map) for (const [k, v] of map.entries()) propertyDependencies[k] = v.getUrnsList();
            return { resource, parent: r.getParent() as string, dependencies: r.getDependenciesList() as string[], propertyDependencies };
        });
        const byUrn = new Map<string, Record<string, any>>();
        for (const i of intermediates) byUrn.set(i.resource.urn, i.resource);
        for (const i of intermediates) {
            if (i.parent) {
                const parent = byUrn.get(i.parent);
                if (parent) i.resource.parent = parent;
            }
            i.resource.dependencies = Object.freeze(i.dependencies.map((d) => byUrn.get(d)).filter((d) => d));
            for (const k of Object.keys(i.propertyDependencies)) {
                i.resource.propertyDependencies[k] = Object.freeze(i.propertyDependencies[k].map((d) => byUrn.get(d)).filter((d) => d));
            }
            Object.freeze(i.resource.propertyDependencies);
        }
        return Object.freeze(intermediates.map((i) => Object.freeze(i.resource)));
    };

    const analyzeStack: Handler = (call, callback) =>
        respond(callback, async (ds, na) => {
            const resourcesList: any[] = call.request.getResourcesList();
            let stack: readonly unknown[] | undefined;
            for (const p of policies) {
                let level = levelOf(p);
                if (level === "disabled" || !policyMod.isStackPolicy(p)) continue;
                if (level === "remediate") level = "mandatory";
                const pulumiType = policyMod.getPulumiType(p.validateStack);
                if (pulumiType && !resourcesList.some((r) => r.getType() === pulumiType)) {
                    na.list = pushNotApplicable(na.list, p.name, `Policy only applies to resources of type '${pulumiType}'`);
                    continue;
                }
                const report = makeReportViolation(p, level, ds);
                try {
                    stack ??= stackOf(resourcesList);
                    const result = p.validateStack!({ resources: stack, getConfig: getConfigOf(p.name), stackTags: state.stackTags, notApplicable: throwNotApplicable }, report);
                    if (isThenable(result)) await result;
                } catch (e) {
                    onPolicyError(e, p, "validateStack", ds, na);
                }
            }
        });

    /** Configure as the SDK reads it, recorded once the SDK's own Configure has accepted it. */
    const observeConfigure = (configure: Handler): Handler => (call, callback) => {
        let config: State["config"] | undefined;
        try {
            config = {};
            for (const [k, v] of call.request.getPolicyconfigMap().entries()) {
                const props = v.getProperties().toJavaScript();
                props.enforcementLevel = protoutil.convertEnforcementLevel(v.getEnforcementlevel());
                config[k] = props;
            }
        } catch {
            config = undefined;
        }
        return configure(call, (err, response) => {
            if (!err && config) {
                state.config = config;
                plan = undefined;
            }
            callback(err, response);
        });
    };
    const observeConfigureStack = (configureStack: Handler): Handler => (call, callback) => {
        let tags: unknown;
        try {
            const map = new Map<string, string>();
            call.request.getTagsMap().forEach((v: string, k: string) => map.set(k, v));
            tags = freezeMap(map);
        } catch {
            tags = undefined;
        }
        return configureStack(call, (err, response) => {
            if (!err && tags) state.stackTags = tags;
            callback(err, response);
        });
    };
    // Marked so a test can tell these handlers from the SDK's.
    for (const h of [analyze, analyzeStack]) (h as any).__kslShared = true;
    return { analyze, analyzeStack, observeConfigure, observeConfigureStack };
}

/**
 * The service with Analyze and AnalyzeStack requests decoded with plain properties: each
 * resource's Struct is read from its bytes straight into the value google-protobuf's
 * `toJavaScript()` gives (struct-decode.ts), the rest of the request by google-protobuf. The
 * message's `getProperties()` is then a stand-in whose `toJavaScript()` returns that value - all
 * the SDK's deserializeProperties and these handlers ask of it. A request that is not plain
 * wire format is decoded by google-protobuf whole, as before.
 */
export function withPlainProperties(service: any): any {
    const analyze = service?.analyze;
    const analyzeStack = service?.analyzeStack;
    if (typeof analyze?.requestDeserialize !== "function" || typeof analyzeStack?.requestDeserialize !== "function") return service;
    const apb = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] }));
    const PROPERTIES = 2; // AnalyzeRequest.properties, AnalyzerResource.properties
    const RESOURCES = 1; // AnalyzeStackRequest.resources
    const withProperties = (msg: any, properties: Record<string, unknown> | undefined) => {
        if (properties) {
            const struct = { toJavaScript: () => properties };
            msg.getProperties = () => struct;
            msg.hasProperties = () => true;
        }
        return msg;
    };
    const decodeAnalyze = (buf: Buffer) => {
        const split = splitStructField(buf, PROPERTIES);
        return split ? withProperties(apb.AnalyzeRequest.deserializeBinary(split.rest), split.properties) : analyze.requestDeserialize(buf);
    };
    const decodeAnalyzeStack = (buf: Buffer) => {
        const split = splitRepeatedStructField(buf, RESOURCES, PROPERTIES);
        if (!split) return analyzeStack.requestDeserialize(buf);
        const msg = apb.AnalyzeStackRequest.deserializeBinary(split.rest);
        msg.getResourcesList().forEach((r: unknown, i: number) => withProperties(r, split.properties[i]));
        return msg;
    };
    // Responses written with native string encoding (response-encode.ts) when the installed
    // analyzer_pb is the one mirrored; google-protobuf otherwise, and for any response it declines.
    const encoder = analyzeResponseEncoder(apb);
    const encoded = (serialize: (m: unknown) => Buffer) => (encoder ? (msg: unknown) => encoder(msg) ?? serialize(msg) : serialize);
    const encodeAnalyze = encoded(analyze.responseSerialize);
    const encodeAnalyzeStack = encoded(analyzeStack.responseSerialize);
    // Marked so a test can tell these from google-protobuf's.
    for (const d of [decodeAnalyze, decodeAnalyzeStack]) (d as any).__kslPlain = true;
    if (encoder) for (const e of [encodeAnalyze, encodeAnalyzeStack]) (e as any).__kslPlain = true;
    return {
        ...service,
        analyze: { ...analyze, requestDeserialize: decodeAnalyze, responseSerialize: encodeAnalyze },
        analyzeStack: { ...analyzeStack, requestDeserialize: decodeAnalyzeStack, responseSerialize: encodeAnalyzeStack },
    };
}

if (sharedRequestHandlers) {
    const server = require(path.join(policyDir, "server"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
    const serve = server.serve;
    if (typeof serve === "function" && !serve.__kslShared && typeof grpc?.Server?.prototype?.addService === "function") {
        const wrapped = function (this: unknown, name: string, version: string, level: Level, args: { policies?: SdkPolicy[] }, ...rest: unknown[]) {
            const proto = grpc.Server.prototype;
            const addService = proto.addService;
            // serve() adds its one service synchronously; swap in the shared-request handlers there.
            proto.addService = function (this: unknown, service: unknown, impl: Record<string, Handler>) {
                proto.addService = addService;
                const h = makeSharedRequestHandlers(name, version, level, args?.policies ?? []);
                const ours = { ...impl, analyze: h.analyze, analyzeStack: h.analyzeStack, configure: h.observeConfigure(impl.configure), configureStack: h.observeConfigureStack(impl.configureStack) };
                return addService.call(this, withPlainProperties(service), ours);
            };
            try {
                return serve.call(this, name, version, level, args, ...rest);
            } finally {
                proto.addService = addService;
            }
        };
        (wrapped as any).__kslShared = true;
        server.serve = wrapped;
    }
}
