// policypacks/serving/struct-decode.ts reads a request's properties straight from their bytes. For any
// bytes it either gives exactly what google-protobuf's deserializeBinary + toJavaScript gives, or
// declines (undefined) so the pack decodes with google-protobuf as before - never a third answer.
import { strict as assert } from "assert";
import fc from "fast-check";
import { BinaryWriter } from "google-protobuf";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { plainStruct, splitRepeatedStructField, splitStructField } from "../../policypacks/serving/struct-decode";
import { generateObjects } from "../../bench/generate";

/** google-protobuf's answer for the bytes, or "throws". */
function reference(bytes: Uint8Array): unknown {
    try {
        return Struct.deserializeBinary(bytes).toJavaScript();
    } catch {
        return "throws";
    }
}

const json = fc.dictionary(
    fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("__proto__", "constructor", "0", "10", "a.b", "")),
    fc.jsonValue({ maxDepth: 4, stringUnit: "binary" }),
    { maxKeys: 8 },
);

describe("lib: plain Struct decoding against google-protobuf", () => {
    it("decodes every encoded JSON object exactly as deserializeBinary + toJavaScript (fast-check)", () => {
        fc.assert(
            fc.property(json, (obj) => {
                const bytes = Struct.fromJavaScript(JSON.parse(JSON.stringify(obj))).serializeBinary();
                const ours = plainStruct(Buffer.from(bytes));
                assert.notEqual(ours, undefined, "well-formed input is decoded here");
                assert.deepStrictEqual(ours, reference(bytes));
            }),
            { numRuns: 400 },
        );
    });

    it("decodes the bench objects and special numbers (-0, NaN, ±Infinity, 2^53) the same", () => {
        for (const o of [...generateObjects(200), { a: -0, b: NaN, c: Infinity, d: -Infinity, e: 2 ** 53 + 2, f: 1e-310 }]) {
            const bytes = Struct.fromJavaScript(o as never).serializeBinary();
            assert.deepStrictEqual(plainStruct(Buffer.from(bytes)), reference(bytes));
        }
    });

    it("damaged bytes: the same answer as google-protobuf, or declined - never different, never a throw (fast-check)", () => {
        let decoded = 0;
        fc.assert(
            fc.property(json, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), (obj, flips, cut) => {
                const good = Struct.fromJavaScript(JSON.parse(JSON.stringify(obj))).serializeBinary();
                if (good.length === 0) return;
                const bad = Uint8Array.from(good);
                for (const [at, b] of flips) bad[at % bad.length] = b;
                const bytes = cut % 3 === 0 ? bad.subarray(0, cut % bad.length) : bad;
                const ours = plainStruct(Buffer.from(bytes));
                if (ours !== undefined) {
                    decoded++;
                    assert.deepStrictEqual(ours, reference(bytes));
                }
            }),
            { numRuns: 1500 },
        );
        assert.ok(decoded > 30, `${decoded} damaged inputs were still decoded here and compared`);
    });

    it("wire forms google-protobuf accepts: repeated keys (last wins), repeated kinds (last wins), out-of-order fields", () => {
        const w = new BinaryWriter();
        const entry = (key: string, kind: (v: BinaryWriter) => void, keyLast = false) => {
            w.beginSubMessage(1);
            if (!keyLast) w.writeString(1, key);
            w.beginSubMessage(2);
            kind(w);
            w.endSubMessage(2);
            if (keyLast) w.writeString(1, key);
            w.endSubMessage(1);
        };
        entry("b", (v) => v.writeString(3, "first"));
        entry("a", (v) => v.writeDouble(2, 1.5), true);
        entry("b", (v) => v.writeString(3, "second"));
        entry("c", (v) => {
            v.writeBool(4, true);
            v.writeString(3, "kind changed");
        });
        const bytes = w.getResultBuffer();
        const ours = plainStruct(Buffer.from(bytes));
        assert.deepStrictEqual(ours, reference(bytes));
        assert.deepStrictEqual(ours, { a: 1.5, b: "second", c: "kind changed" });
    });

    it("declines what google-protobuf reads its own way: a Value with no kind, an unknown field, invalid UTF-8", () => {
        const noKind = new BinaryWriter();
        noKind.beginSubMessage(1);
        noKind.writeString(1, "k");
        noKind.beginSubMessage(2);
        noKind.endSubMessage(2);
        noKind.endSubMessage(1);
        const unknown = new BinaryWriter();
        unknown.writeString(7, "future");
        const utf8 = Buffer.from([0x0a, 0x08, 0x0a, 0x01, 0x6b, 0x12, 0x03, 0x1a, 0x01, 0xff]);
        for (const bytes of [noKind.getResultBuffer(), unknown.getResultBuffer(), new Uint8Array(utf8)]) assert.equal(plainStruct(Buffer.from(bytes)), undefined);
    });
});

describe("lib: requests split into their properties and the rest", () => {
    const resource = (i: number) => generateObjects(3)[i];
    function analyzeRequest(props: Record<string, unknown>) {
        const o = new apb.AnalyzerResourceOptions().setParent("urn:parent").setProtect(true).setIgnorechangesList(["a"]);
        const prov = new apb.AnalyzerProviderResource().setType("pulumi:providers:kubernetes").setUrn("urn:p").setName("p").setProperties(Struct.fromJavaScript({ x: "y" }));
        return new apb.AnalyzeRequest().setType("kubernetes:apps/v1:Deployment").setUrn("urn:r").setName("r").setProperties(Struct.fromJavaScript(props as never)).setOptions(o).setProvider(prov);
    }

    it("an AnalyzeRequest: the rest decodes to every other field, the properties to toJavaScript()", () => {
        const req = analyzeRequest(resource(0));
        const split = splitStructField(Buffer.from(req.serializeBinary()), 2)!;
        const rest = apb.AnalyzeRequest.deserializeBinary(split.rest);
        assert.equal(rest.hasProperties(), false);
        assert.deepEqual(rest.toObject(), { ...req.toObject(), properties: undefined });
        assert.deepStrictEqual(split.properties, req.getProperties()!.toJavaScript());
        // No properties field: nothing taken out.
        const bare = new apb.AnalyzeRequest().setType("t").serializeBinary();
        assert.deepEqual(splitStructField(Buffer.from(bare), 2), { rest: Buffer.from(bare) });
        // Properties twice (google-protobuf keeps the last): declined.
        const twice = Buffer.concat([Buffer.from(req.serializeBinary()), Buffer.from(new apb.AnalyzeRequest().setProperties(Struct.fromJavaScript({ z: 1 })).serializeBinary())]);
        assert.equal(splitStructField(twice, 2), undefined);
    });

    it("an AnalyzeStackRequest: each resource's properties in order, the rest decodes to the same resources", () => {
        const resources = [0, 1, 2].map((i) => {
            const r = new apb.AnalyzerResource().setType("kubernetes:core/v1:Service").setUrn(`urn:${i}`).setName(`n${i}`).setOptions(new apb.AnalyzerResourceOptions());
            if (i !== 1) r.setProperties(Struct.fromJavaScript(resource(i) as never));
            return r.setParent("urn:parent").setDependenciesList(["urn:0"]);
        });
        const req = new apb.AnalyzeStackRequest().setResourcesList(resources);
        const split = splitRepeatedStructField(Buffer.from(req.serializeBinary()), 1, 2)!;
        const rest = apb.AnalyzeStackRequest.deserializeBinary(split.rest);
        assert.deepEqual(
            rest.getResourcesList().map((r) => r.toObject()),
            resources.map((r) => ({ ...r.toObject(), properties: undefined })),
        );
        assert.deepStrictEqual(split.properties, [resource(0), undefined, resource(2)].map((p) => (p ? Struct.fromJavaScript(p as never).toJavaScript() : undefined)));
    });
});
