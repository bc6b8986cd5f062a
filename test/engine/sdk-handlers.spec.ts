// The packs serve their own Analyze and AnalyzeStack handlers (policypacks/serving/sdk-handlers.ts),
// which build each request's arguments once for all policies. They must answer exactly as the
// SDK's own handlers do: the same response bytes for the same request, or the same error. Both run
// in-process on the requests the engine sends (wire.ts requestEncoder) for the sample stacks in
// preview (unknowns, providers, parents, dependencies), the upstream fixtures and generated
// objects, under a configuration that disables, downgrades and raises policies, plus edge cases.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { requestEncoder } from "../../engine/analyzer/wire";
import { runProgram } from "../../engine/sources/program";
import { loadManifests } from "../../engine/sources/scan-paths";
import { typeToken } from "../../engine/sources/manifests";
import { resolvePack } from "../../engine/paths";
import { SECRET_KEY, SECRET_SIG, UNKNOWN, type EngineResource } from "../../engine/model";
import { generateObjects } from "../../bench/generate";
import { MIRRORED_SDK_VERSION } from "../../policypacks/serving/sdk-handlers";
import type { RequestSet, Responses } from "../helpers/sdk-responses";
import { scratchPath } from "../helpers/scratch";
import { ROOT } from "./helpers";

const UPSTREAM = path.join(ROOT, "test", "fixtures", "upstream");
const HELPER = path.join(ROOT, "test", "helpers", "sdk-responses.ts");
const LEVEL: Record<string, apb.EnforcementLevel> = {
    advisory: apb.EnforcementLevel.ADVISORY,
    mandatory: apb.EnforcementLevel.MANDATORY,
    remediate: apb.EnforcementLevel.REMEDIATE,
    disabled: apb.EnforcementLevel.DISABLED,
};
const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");

function generated(count: number): EngineResource[] {
    return generateObjects(count).map((o, i) => {
        const meta = o.metadata as { name: string; namespace?: string };
        const type = typeToken(o.apiVersion as string, o.kind as string);
        return { urn: `urn:pulumi:dev::generated::${type}::${meta.namespace ?? "_"}/${meta.name}#${i}`, type, name: meta.name, props: o, custom: true };
    });
}

/** Requests the engine never builds: rich options, no options at all, an unmatched type. */
function edgeRequests(sample: EngineResource): { analyze: Uint8Array[]; stackResources: Uint8Array[] } {
    const withProps = <T extends apb.AnalyzeRequest | apb.AnalyzerResource>(m: T, r: EngineResource): T => {
        m.setUrn(r.urn).setType(r.type).setName(r.name);
        m.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props)) as never));
        return m;
    };
    const rich = () => {
        const o = new apb.AnalyzerResourceOptions();
        o.setProtect(true).setIgnorechangesList(["spec.replicas"]).setAliasesList(["urn:pulumi:dev::old::kubernetes:apps/v1:Deployment::old"]);
        o.setCustomtimeouts(new apb.AnalyzerResourceOptions.CustomTimeouts().setCreate(60).setUpdate(30).setDelete(10));
        o.setAdditionalsecretoutputsList(["data"]).setDeletebeforereplacedefined(true).setDeletebeforereplace(true).setParent("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
        return o;
    };
    const provider = new apb.AnalyzerProviderResource().setType("pulumi:providers:kubernetes").setUrn("urn:pulumi:dev::p::pulumi:providers:kubernetes::k8s").setName("k8s");
    provider.setProperties(Struct.fromJavaScript({ kubeconfig: UNKNOWN, namespace: "apps" }));
    const a1 = withProps(new apb.AnalyzeRequest(), sample).setOptions(rich()).setProvider(provider);
    const a2 = withProps(new apb.AnalyzeRequest(), sample); // no options: the SDK's "more recent CLI" error
    // Unknown values the PSS checks read through the SDK's unknown-checking proxy.
    const unknownPod = { apiVersion: "v1", kind: "Pod", metadata: { name: "unknown", namespace: "apps" }, spec: { hostNetwork: UNKNOWN, securityContext: UNKNOWN, containers: [{ name: "app", image: UNKNOWN, securityContext: UNKNOWN }] } };
    const a4 = withProps(new apb.AnalyzeRequest(), { ...sample, type: "kubernetes:core/v1:Pod", props: unknownPod }).setOptions(new apb.AnalyzerResourceOptions());
    // A secret as the CLI sends it: the SDK unwraps it before any policy reads it.
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "apps" }, stringData: { password: { [SECRET_KEY]: SECRET_SIG, value: "hunter2" } } };
    const a5 = withProps(new apb.AnalyzeRequest(), { ...sample, type: "kubernetes:core/v1:Secret", props: secret }).setOptions(new apb.AnalyzerResourceOptions());
    const a3 = withProps(new apb.AnalyzeRequest(), { ...sample, type: "random:index/randomPassword:RandomPassword", props: { length: 16 } }).setOptions(new apb.AnalyzerResourceOptions());
    const s1 = withProps(new apb.AnalyzerResource(), sample).setOptions(rich()).setProvider(provider);
    s1.setParent("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev").setDependenciesList([sample.urn, "urn:pulumi:dev::p::gone::x"]);
    s1.getPropertydependenciesMap().set("spec", new apb.AnalyzerPropertyDependencies().setUrnsList([sample.urn]));
    return { analyze: [a1, a2, a3, a4, a5].map((m) => m.serializeBinary()), stackResources: [s1.serializeBinary()] };
}

/** Policies that report on the set, resource ones first, from a first run under the default config. */
function reporting(r: Responses): { resource: string[]; stack: string[] } {
    const names = (xs: Responses["analyze"]) => [...new Set(decode(xs).flatMap((d) => d.getDiagnosticsList().map((x) => x.getPolicyname())))].sort();
    return { resource: names(r.analyze), stack: names(r.analyzeStack) };
}

/** Raises, downgrades and disables policies that report, so each override changes the answer. */
function overrides(names: { resource: string[]; stack: string[] }): apb.ConfigureAnalyzerRequest {
    assert.ok(names.resource.length >= 4 && names.stack.length >= 3, `reporting policies: ${JSON.stringify(names)}`);
    const levels = new Map<string, string>([
        [names.resource[0], "disabled"],
        [names.resource[1], "advisory"],
        [names.resource[2], "remediate"],
        [names.resource[3], "mandatory"],
        [names.stack[0], "disabled"],
        [names.stack[1], "remediate"],
        [names.stack[2], "advisory"],
    ]);
    const conf = new apb.ConfigureAnalyzerRequest();
    for (const [name, level] of levels) conf.getPolicyconfigMap().set(name, new apb.PolicyConfig().setEnforcementlevel(LEVEL[level]).setProperties(Struct.fromJavaScript({})));
    return conf;
}

const decode = (xs: Responses["analyze"]) => xs.filter((x): x is string => typeof x === "string").map((x) => apb.AnalyzeResponse.deserializeBinary(Buffer.from(x, "base64")));

function respond(packDir: string, file: string, env: NodeJS.ProcessEnv): Responses {
    const out = `${file}.${env.KSL_SDK_HANDLERS || "shared"}.out.json`;
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", HELPER, packDir, file, out], { cwd: ROOT, env, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(fs.readFileSync(out, "utf8")) as Responses;
}

describe("packs: the shared-request handlers answer exactly as the SDK's own", function () {
    this.timeout(600_000);

    it(`are the handlers of the installed @pulumi/policy (${MIRRORED_SDK_VERSION}); a new SDK version needs them re-checked`, () => {
        const installed = String(require("@pulumi/policy/package.json").version).replace(/^v/, "");
        assert.equal(installed, MIRRORED_SDK_VERSION, "sdk-handlers.ts mirrors the SDK's server.js: compare it with the new version's, then bump MIRRORED_SDK_VERSION");
    });

    for (const [pack, stacks] of [
        ["aks", ["aks", "insecure"]],
        ["onprem", ["onprem", "insecure"]],
    ] as const) {
        it(`${pack}: same response bytes or the same error for every request, with config, unknowns, providers and edge cases`, async () => {
            const runs = await Promise.all(stacks.map((stack) => runProgram({ project: path.join(ROOT, "Pulumi.yaml"), stack })));
            const upstream = loadManifests([UPSTREAM], { stack: "dev", project: "upstream" });
            const sets = [...runs.map((r) => r.resources), [...upstream, ...generated(300)]];

            const analyze: string[] = [];
            const analyzeStack: string[] = [];
            for (const resources of sets) {
                const { analyzeRequest, stackRequest } = requestEncoder(new Map(resources.map((r) => [r.urn, r])));
                for (const r of resources) analyze.push(b64(analyzeRequest(r, r.props)));
                analyzeStack.push(b64(stackRequest(resources)));
            }
            const sample = upstream.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
            const edge = edgeRequests(sample);
            analyze.push(...edge.analyze.map(b64));
            // The whole last set plus the rich resource; an empty stack; a resource without options.
            const last = sets[sets.length - 1];
            const { stackRequest } = requestEncoder(new Map(last.map((r) => [r.urn, r])));
            const withRich = apb.AnalyzeStackRequest.deserializeBinary(stackRequest(last));
            withRich.setResourcesList([...withRich.getResourcesList(), apb.AnalyzerResource.deserializeBinary(edge.stackResources[0])]);
            const noOptions = new apb.AnalyzerResource().setUrn(sample.urn).setType(sample.type).setName(sample.name).setProperties(Struct.fromJavaScript({}));
            analyzeStack.push(b64(withRich.serializeBinary()), b64(new apb.AnalyzeStackRequest().serializeBinary()), b64(new apb.AnalyzeStackRequest().setResourcesList([noOptions]).serializeBinary()));

            const cs = new apb.AnalyzerStackConfigureRequest().setStack("dev").setProject("p").setOrganization("o").setDryRun(true);
            cs.getTagsMap().set("pulumi:project", "p").set("team", "platform");
            const packDir = resolvePack(pack);
            const write = (name: string, configure: apb.ConfigureAnalyzerRequest) => {
                const set: RequestSet = { configure: b64(configure.serializeBinary()), configureStack: b64(cs.serializeBinary()), analyze, analyzeStack };
                const file = scratchPath(`sdk-handlers-${pack}-${name}.json`);
                fs.mkdirSync(path.dirname(file), { recursive: true });
                fs.writeFileSync(file, JSON.stringify(set));
                return file;
            };
            const defaults = respond(packDir, write("defaults", new apb.ConfigureAnalyzerRequest()), { ...process.env, KSL_SDK_HANDLERS: "shipped" });
            const file = write("overrides", overrides(reporting(defaults)));
            const shipped = respond(packDir, file, { ...process.env, KSL_SDK_HANDLERS: "shipped" });
            const ours = respond(packDir, file, { ...process.env, KSL_SDK_HANDLERS: "" });
            assert.notDeepEqual(shipped.analyze, defaults.analyze, "the overrides change the Analyze answers");
            assert.notDeepEqual(shipped.analyzeStack, defaults.analyzeStack, "the overrides change the AnalyzeStack answers");
            assert.equal(shipped.shared, false, "KSL_SDK_HANDLERS=shipped serves the SDK's handlers");
            assert.equal(ours.shared, true, "the pack serves its shared-request handlers");
            assert.equal(shipped.plainProperties, false);
            assert.equal(ours.plainProperties, true, "and decodes requests with plain properties");
            assert.equal(shipped.nativeResponses, false);
            assert.equal(ours.nativeResponses, true, "and writes its responses itself");

            // The comparison has substance: findings, advisories for unknowns, not-applicable entries and errors.
            const decoded = [...decode(shipped.analyze), ...decode(shipped.analyzeStack)];
            const diagnostics = decoded.flatMap((d) => d.getDiagnosticsList());
            assert.ok(diagnostics.length > 500, `${diagnostics.length} findings`);
            assert.ok(diagnostics.some((d) => /can't run policy .* during preview/.test(d.getMessage())), "an unknown value made a policy advisory");
            assert.ok(decoded.some((d) => d.getNotApplicableList().length > 0), "a policy was not applicable");
            const levels = new Set(diagnostics.map((d) => d.getEnforcementlevel()));
            assert.ok(levels.has(apb.EnforcementLevel.ADVISORY) && levels.has(apb.EnforcementLevel.MANDATORY), "both levels reported");
            assert.ok(shipped.analyze.some((x) => typeof x !== "string" && /more recent version of the Pulumi CLI/.test(x.message)), "the missing-options error");
            assert.ok(shipped.analyzeStack.some((x) => typeof x !== "string"), "the stack error");
            assert.ok(decode(shipped.analyzeStack).some((d) => d.getDiagnosticsList().length > 0), "stack policies reported");

            assert.equal(ours.analyze.length, shipped.analyze.length);
            for (let i = 0; i < shipped.analyze.length; i++) assert.deepEqual(ours.analyze[i], shipped.analyze[i], `Analyze request ${i}`);
            assert.equal(ours.analyzeStack.length, shipped.analyzeStack.length);
            for (let i = 0; i < shipped.analyzeStack.length; i++) assert.deepEqual(ours.analyzeStack[i], shipped.analyzeStack[i], `AnalyzeStack request ${i}`);
        });
    }
});
