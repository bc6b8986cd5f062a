// The shared-request handlers (policypacks/serving/sdk-handlers.ts) against the SDK's own
// makeAnalyzeRpcFun / makeAnalyzeStackRpcFun, in-process, with probe policies that record what
// they were given: every level and path of the SDK's loop (remediate, disabled, pack level, typed
// not-applicable, notApplicable(), unknowns, async policies, violation objects, a failing policy)
// and every part of the arguments (options, provider, parent and dependency links, type guards).
// The packs' own policies read little of that structure, so this is where it is pinned.
import { strict as assert } from "assert";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { makeSharedRequestHandlers } from "../../policypacks/serving/sdk-handlers";
import { UNKNOWN_WIRE_VALUE as UNKNOWN } from "../../policypacks/lib/wire";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const server = require("@pulumi/policy/server");
const POD = "kubernetes:core/v1:Pod";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const urnOf = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Seen = unknown[];
const typed = (type: string, fn: (...a: any[]) => unknown) => Object.assign(fn, { __pulumiType: type });
const probeClass = (type: string) => ({ __pulumiType: type });

/** Props as data; reading an unknown through the SDK's proxy throws, so that is recorded instead. */
function data(props: unknown) {
    try {
        return JSON.parse(JSON.stringify(props));
    } catch (e) {
        return `unreadable: ${(e as Error).message}`;
    }
}

/** What a resource policy saw, as data: functions are called, not compared. */
function seenArgs(a: any) {
    return {
        type: a.type,
        urn: a.urn,
        name: a.name,
        props: data(a.props),
        opts: a.opts,
        provider: a.provider && { type: a.provider.type, urn: a.provider.urn, name: a.provider.name, props: data(a.provider.props) },
        tags: [...a.stackTags.keys()],
        isPod: a.isType(probeClass(POD)),
        asPodIsProps: a.asType(probeClass(POD)) === a.props,
        isInstance: a.isType({ isInstance: (o: any) => o.__pulumiType === DEPLOYMENT }),
        config: a.getConfig(),
    };
}

/** What a stack policy saw: each resource with its links as positions in the list. */
function seenStack(a: any) {
    const rs: any[] = a.resources;
    const at = (r: any) => rs.indexOf(r);
    return rs.map((r) => ({
        ...seenArgs({ ...r, stackTags: a.stackTags, getConfig: a.getConfig }),
        parent: r.parent === undefined ? undefined : at(r.parent),
        dependencies: r.dependencies.map(at),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, (v as any[]).map(at)])),
    }));
}

function resourcePolicies(seen: Seen): any[] {
    const record = (tag: string) => (a: any, report: any) => {
        seen.push([tag, seenArgs(a)]);
        report(`${tag} on ${a.name}`);
    };
    return [
        { name: "raised", description: "d1", enforcementLevel: "remediate", severity: "high", validateResource: record("raised") },
        { name: "off", description: "d2", enforcementLevel: "disabled", validateResource: record("off") },
        { name: "pack-level", description: "d3", validateResource: [record("first"), (_a: any, report: any) => report({ name: "renamed", message: "m", urn: "urn:x", enforcementLevel: "mandatory", severity: "low" }), (_a: any, report: any) => report({ description: "a description only" })] },
        { name: "pods-only", description: "d4", enforcementLevel: "mandatory", validateResource: typed(POD, record("pods-only")) },
        { name: "not-for-me", description: "d5", validateResource: (a: any) => (a.type === DEPLOYMENT ? a.notApplicable("deployments are out of scope") : undefined) },
        { name: "reads-unknown", description: "d6", enforcementLevel: "mandatory", configSchema: { properties: { x: { type: "string" } } }, validateResource: (a: any, report: any) => (a.props.spec?.image ? report("image") : undefined) },
        { name: "later", description: "d7", enforcementLevel: "advisory", validateResource: async (a: any, report: any) => { await new Promise((r) => setImmediate(r)); report({ message: `later ${a.name}` }); } },
        { name: "fix-only", description: "d8", enforcementLevel: "remediate", remediateResource: () => undefined },
        { name: "stack-one", description: "d9", validateStack: () => undefined },
    ];
}

function stackPolicies(seen: Seen): any[] {
    return [
        { name: "s-raised", description: "s1", enforcementLevel: "remediate", validateStack: (a: any, report: any) => { seen.push(["s-raised", seenStack(a)]); report("stack-wide"); report("on one", a.resources[0]?.urn); } },
        { name: "s-off", description: "s2", enforcementLevel: "disabled", validateStack: (a: any) => seen.push(["s-off", seenStack(a)]) },
        { name: "s-pods", description: "s3", validateStack: typed(POD, (a: any, report: any) => report(`${a.resources.length} resources`)) },
        { name: "s-nodes", description: "s4", validateStack: typed("kubernetes:core/v1:Node", (_a: any, report: any) => report("never")) },
        { name: "s-na", description: "s5", validateStack: (a: any) => a.notApplicable() },
        { name: "s-unknown", description: "s6", enforcementLevel: "mandatory", validateStack: (a: any, report: any) => { for (const r of a.resources) if (r.props.spec?.image) report("image"); } },
        { name: "s-later", description: "s7", validateStack: async (a: any, report: any) => { await null; report({ message: "later", urn: a.resources[1]?.urn, severity: "critical" }); } },
        { name: "resource-one", description: "s8", validateResource: () => undefined },
    ];
}

function options(parent?: string) {
    const o = new apb.AnalyzerResourceOptions();
    o.setProtect(true).setIgnorechangesList(["spec.replicas"]).setAliasesList(["urn:old"]).setAdditionalsecretoutputsList(["data"]);
    o.setCustomtimeouts(new apb.AnalyzerResourceOptions.CustomTimeouts().setCreate(60).setDelete(5));
    o.setDeletebeforereplacedefined(true).setDeletebeforereplace(false);
    if (parent) o.setParent(parent);
    return o;
}

function provider() {
    const p = new apb.AnalyzerProviderResource().setType("pulumi:providers:kubernetes").setUrn(urnOf("pulumi:providers:kubernetes", "k8s")).setName("k8s");
    return p.setProperties(Struct.fromJavaScript({ namespace: "apps" }));
}

const RESOURCES: [string, string, Record<string, unknown>][] = [
    [DEPLOYMENT, "web", { metadata: { name: "web" }, spec: { replicas: 2 } }],
    [POD, "debug", { metadata: { name: "debug" }, spec: { image: "busybox" } }],
    [POD, "pending", { metadata: { name: "pending" }, spec: { image: UNKNOWN } }],
    ["random:index/randomPassword:RandomPassword", "pw", { length: 16 }],
];

function analyzeRequests(): apb.AnalyzeRequest[] {
    return RESOURCES.map(([type, name, props], i) => {
        const r = new apb.AnalyzeRequest().setType(type).setName(name).setUrn(urnOf(type, name)).setProperties(Struct.fromJavaScript(props as never));
        r.setOptions(i === 3 ? new apb.AnalyzerResourceOptions() : options(i === 1 ? urnOf(DEPLOYMENT, "web") : undefined));
        if (i < 2) r.setProvider(provider());
        return r;
    });
}

function stackRequest(): apb.AnalyzeStackRequest {
    const urns = RESOURCES.map(([type, name]) => urnOf(type, name));
    return new apb.AnalyzeStackRequest().setResourcesList(
        RESOURCES.map(([type, name, props], i) => {
            const r = new apb.AnalyzerResource().setType(type).setName(name).setUrn(urns[i]).setProperties(Struct.fromJavaScript(props as never));
            r.setOptions(options(i > 0 ? urns[0] : undefined));
            if (i > 0) r.setParent(urns[0]);
            if (i === 2) r.setParent(urnOf("pulumi:pulumi:Stack", "outside"));
            r.setDependenciesList(i === 3 ? [urns[1], urns[0], "urn:gone"] : i === 1 ? [urns[0]] : []);
            if (i === 3) r.getPropertydependenciesMap().set("length", new apb.AnalyzerPropertyDependencies().setUrnsList([urns[2], "urn:gone"]));
            if (i === 0) r.setProvider(provider());
            return r;
        }),
    );
}

function call(h: any, request: unknown): Promise<{ ok?: string; error?: { code: unknown; message: string } }> {
    return new Promise((resolve) =>
        h({ request }, (err: any, res: any) =>
            resolve(err ? { error: { code: err.code, message: String(err.details ?? err.message).split("\n").filter((l) => !/^\s+at /.test(l)).join("\n") } } : { ok: Buffer.from(res.serializeBinary()).toString("base64") }),
        ),
    );
}

/** Both implementations on the same requests: responses and what the policies saw. */
async function both(policiesOf: (seen: Seen) => any[], run: (analyze: any, analyzeStack: any) => Promise<unknown[]>) {
    const sdkSeen: Seen = [];
    const ourSeen: Seen = [];
    const sdkPolicies = policiesOf(sdkSeen);
    const ourPolicies = policiesOf(ourSeen);
    const sdk = await run(server.makeAnalyzeRpcFun("probe", "1.0.0", "advisory", sdkPolicies), server.makeAnalyzeStackRpcFun("probe", "1.0.0", "advisory", sdkPolicies));
    const ours = makeSharedRequestHandlers("probe", "1.0.0", "advisory", ourPolicies);
    return { sdk, ours: await run(ours.analyze, ours.analyzeStack), sdkSeen, ourSeen };
}

describe("lib: shared-request handlers against the SDK's makeAnalyzeRpcFun / makeAnalyzeStackRpcFun", () => {
    it("Analyze: same responses, and every policy sees the same arguments", async () => {
        // One request at a time: the SDK awaits every policy, so concurrent requests interleave differently.
        const r = await both(resourcePolicies, async (analyze) => {
            const out = [];
            for (const q of analyzeRequests()) out.push(await call(analyze, q));
            return out;
        });
        assert.deepEqual(r.ours, r.sdk);
        assert.deepEqual(r.ourSeen, r.sdkSeen);
        // The probes did run: levels, the typed fast path, notApplicable, unknowns, the later report.
        const diags = r.sdk.flatMap((x: any) => apb.AnalyzeResponse.deserializeBinary(Buffer.from(x.ok, "base64")).getDiagnosticsList());
        const names = new Set(diags.map((d) => d.getPolicyname()));
        for (const n of ["raised", "first", "renamed", "pods-only", "reads-unknown", "later"].map((x) => (x === "first" ? "pack-level" : x))) assert.ok(names.has(n), `${n} reported`);
        assert.ok(!names.has("off"));
        assert.ok(diags.some((d) => /can't run policy 'reads-unknown'/.test(d.getMessage())));
        assert.ok(r.sdkSeen.some((s: any) => s[1].provider && s[1].opts.parent), "provider and parent reached the policy");
    });

    it("AnalyzeStack: same response, and every stack policy sees the same linked resources", async () => {
        const r = await both(stackPolicies, async (_a, analyzeStack) => [await call(analyzeStack, stackRequest()), await call(analyzeStack, new apb.AnalyzeStackRequest())]);
        assert.deepEqual(r.ours, r.sdk);
        assert.deepEqual(r.ourSeen, r.sdkSeen);
        const seen = (r.sdkSeen[0] as any)[1];
        assert.deepEqual(seen.map((x: any) => x.parent), [undefined, 0, undefined, 0]);
        assert.deepEqual(seen[3].dependencies, [1, 0]);
        assert.deepEqual(seen[3].propertyDependencies, { length: [2] });
    });

    it("a policy that throws fails the call with the same error; no options is the SDK's CLI-version error", async () => {
        const boom = () => [{ name: "boom", description: "b", validateResource: () => { throw new Error("kaput"); }, validateStack: () => { throw new Error("kaput"); } }];
        const r = await both(boom, async (analyze, analyzeStack) => [await call(analyze, analyzeRequests()[0]), await call(analyzeStack, stackRequest())]);
        assert.deepEqual(r.ours, r.sdk);
        assert.match((r.sdk[0] as any).error.message, /Error validating resource with policy 'boom' from policy pack 'probe@v1.0.0'.*kaput/s);
        const bare = new apb.AnalyzeRequest().setType(POD).setName("x").setUrn(urnOf(POD, "x")).setProperties(Struct.fromJavaScript({}));
        const r2 = await both(resourcePolicies, async (analyze) => [await call(analyze, bare)]);
        assert.deepEqual(r2.ours, r2.sdk);
        assert.match((r2.sdk[0] as any).error.message, /more recent version of the Pulumi CLI/);
    });

    it("a later Configure changes levels and config for the next request (the SDK reads them per request)", async () => {
        const seen: Seen = [];
        const h = makeSharedRequestHandlers("probe", "1.0.0", "advisory", resourcePolicies(seen));
        const configure = h.observeConfigure((_call: unknown, cb: (e: unknown, r?: unknown) => void) => cb(null, {}));
        const names = async () => {
            const res = await call(h.analyze, analyzeRequests()[1]);
            return apb.AnalyzeResponse.deserializeBinary(Buffer.from(res.ok!, "base64")).getDiagnosticsList().map((d) => `${d.getPolicyname()}:${d.getEnforcementlevel()}`);
        };
        const before = await names();
        const conf = new apb.ConfigureAnalyzerRequest();
        conf.getPolicyconfigMap().set("raised", new apb.PolicyConfig().setEnforcementlevel(apb.EnforcementLevel.DISABLED).setProperties(Struct.fromJavaScript({})));
        conf.getPolicyconfigMap().set("off", new apb.PolicyConfig().setEnforcementlevel(apb.EnforcementLevel.ADVISORY).setProperties(Struct.fromJavaScript({})));
        conf.getPolicyconfigMap().set("later", new apb.PolicyConfig().setEnforcementlevel(apb.EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript({})));
        conf.getPolicyconfigMap().set("pods-only", new apb.PolicyConfig().setEnforcementlevel(apb.EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript({ limit: 3 })));
        await new Promise((resolve) => configure({ request: conf }, resolve));
        const after = await names();
        assert.ok(before.includes(`raised:${apb.EnforcementLevel.MANDATORY}`) && !after.some((n) => n.startsWith("raised:")));
        assert.ok(!before.some((n) => n.startsWith("off:")) && after.includes(`off:${apb.EnforcementLevel.ADVISORY}`));
        assert.ok(before.includes(`later:${apb.EnforcementLevel.ADVISORY}`) && after.includes(`later:${apb.EnforcementLevel.MANDATORY}`));
        const podsOnly = seen.filter((x: any) => x[0] === "pods-only").map((x: any) => x[1].config);
        assert.deepEqual(podsOnly, [{}, { limit: 3 }], "getConfig gives the policy's config, without its level");
    });

    it("the shared arguments are frozen: a policy that mutates them fails loudly instead of changing what later policies see", async () => {
        const mutating = () => [{ name: "mutates", description: "m", validateStack: (a: any) => { a.resources[0].opts.protect = false; } }];
        const ours = makeSharedRequestHandlers("probe", "1.0.0", "advisory", mutating());
        const res = await call(ours.analyzeStack, stackRequest());
        assert.match(res.error?.message ?? "", /policy 'mutates'.*read.only|policy 'mutates'.*Cannot assign/s);
    });
});
