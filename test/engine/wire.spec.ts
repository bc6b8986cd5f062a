// The engine's request encoding (engine/analyzer/wire.ts) against google-protobuf's own: the same
// Struct bytes, and requests the pack decodes to the same messages.
import { strict as assert } from "assert";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzeStackRequestBytes, requestBytes, structBytes } from "../../engine/analyzer/wire";
import { generateObjects } from "../../bench/generate";

const library = (v: Record<string, unknown>) => Buffer.from(Struct.fromJavaScript(JSON.parse(JSON.stringify(v))).serializeBinary());
const ours = (v: Record<string, unknown>) => Buffer.from(structBytes(v));

describe("engine wire encoding", () => {
    it("writes the same Struct bytes as google-protobuf for the bench objects", () => {
        for (const o of generateObjects(400)) assert.ok(ours(o).equals(library(o)), JSON.stringify(o).slice(0, 200));
    });

    it("writes the same Struct bytes for edge cases: nulls in lists, empty containers, key order, unicode, undefined", () => {
        const cases: Record<string, unknown>[] = [
            {},
            { a: [1, null, "x", true, false, 0, -0, 1.5e300, [], {}] },
            { z: 1, a: 2, é: 3, "10": 4, "9": 5, "": 6 },
            { s: "😀\u0000\n", nested: { deeper: { list: [[null], [{ k: null }]] } } },
            { dropped: undefined, kept: 1, inList: [undefined, 2] },
        ];
        for (const c of cases) assert.ok(ours(c).equals(library(c)), JSON.stringify(c));
    });

    it("writes the same Struct bytes for any JSON object", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
                // google-protobuf's fromJavaScript loses a "__proto__" key (below): no reference there.
                fc.pre(!JSON.stringify(o).includes('"__proto__"'));
                return ours(o).equals(library(o));
            }),
            { numRuns: 300 },
        );
    });

    it("keeps a \"__proto__\" key on the wire, as the Pulumi CLI sends it (google-protobuf's fromJavaScript drops it)", () => {
        const o = { data: JSON.parse('{"__proto__": "kept", "b": 1}') };
        const bytes = ours(o);
        assert.ok(bytes.includes(Buffer.from("__proto__")), "the key is written");
        assert.ok(bytes.includes(Buffer.from("kept")), "and its value");
        assert.ok(!library(o).includes(Buffer.from("__proto__")), "the library's encoding has lost it");
    });

    it("composes Analyze requests the pack decodes to the message google-protobuf would build", () => {
        const props = generateObjects(3)[2];
        const providerProps = { kubeconfig: "x", namespace: "apps" };
        const head = new apb.AnalyzeRequest().setUrn("urn:pulumi:dev::p::kubernetes:apps/v1:Deployment::web").setType("kubernetes:apps/v1:Deployment").setName("web");
        head.setOptions(new apb.AnalyzerResourceOptions().setParent("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev"));
        const bytes = requestBytes(head, structBytes(props), { type: "pulumi:providers:kubernetes", urn: "urn:pulumi:dev::p::pulumi:providers:kubernetes::k8s", name: "k8s", properties: structBytes(providerProps) });

        const built = apb.AnalyzeRequest.deserializeBinary(head.serializeBinary());
        built.setProperties(Struct.fromJavaScript(props as never));
        built.setProvider(new apb.AnalyzerProviderResource().setType("pulumi:providers:kubernetes").setUrn("urn:pulumi:dev::p::pulumi:providers:kubernetes::k8s").setName("k8s").setProperties(Struct.fromJavaScript(providerProps)));
        const decoded = apb.AnalyzeRequest.deserializeBinary(bytes);
        assert.deepEqual(decoded.toObject(), built.toObject());
        assert.deepEqual(decoded.getProperties()!.toJavaScript(), props);
    });

    it("composes AnalyzeStack requests of already encoded resources", () => {
        const objects = generateObjects(20);
        const resources = objects.map((o, i) => {
            const ar = new apb.AnalyzerResource().setUrn(`urn:pulumi:dev::p::t::r${i}`).setType("t").setName(`r${i}`).setDependenciesList(i ? [`urn:pulumi:dev::p::t::r${i - 1}`] : []);
            ar.setOptions(new apb.AnalyzerResourceOptions());
            return ar;
        });
        const bytes = analyzeStackRequestBytes(resources.map((ar, i) => requestBytes(ar, structBytes(objects[i]))));
        const built = new apb.AnalyzeStackRequest().setResourcesList(
            resources.map((ar, i) => apb.AnalyzerResource.deserializeBinary(ar.serializeBinary()).setProperties(Struct.fromJavaScript(objects[i] as never))),
        );
        assert.deepEqual(apb.AnalyzeStackRequest.deserializeBinary(bytes).toObject(), built.toObject());
    });

    it("refuses a message whose properties are already set (they would be sent twice)", () => {
        const head = new apb.AnalyzeRequest().setProperties(Struct.fromJavaScript({ a: 1 }));
        assert.throws(() => requestBytes(head, structBytes({ a: 1 })), /appended, not set/);
    });
});
