// policypacks/serving/response-encode.ts writes AnalyzeResponses itself. For any response it gives the
// bytes of google-protobuf's serializeBinary(), or declines (undefined) so google-protobuf writes it.
import { strict as assert } from "assert";
import fc from "fast-check";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzeResponseEncoder, MIRRORED_SERIALIZERS, serializersDigest } from "../../policypacks/serving/response-encode";

const encode = analyzeResponseEncoder(apb)!;
const text = fc.oneof(
    { arbitrary: fc.string(), weight: 10 },
    { arbitrary: fc.string({ unit: "binary" }), weight: 10 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 2000 }), weight: 5 },
    { arbitrary: fc.constant(""), weight: 5 },
    { arbitrary: fc.constantFrom("\uD800", "a\uDC00b", "end \uD83D"), weight: 1 },
);
const level = fc.constantFrom(...Object.values(apb.EnforcementLevel));
const severity = fc.constantFrom(...Object.values(apb.PolicySeverity));
const diagnostic = fc.record({ name: text, pack: text, version: text, description: text, message: text, level, urn: text, severity });
const notApplicable = fc.record({ name: text, reason: text });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function response(ds: any[], nas: any[]): apb.AnalyzeResponse {
    const r = new apb.AnalyzeResponse();
    r.setDiagnosticsList(
        ds.map((d) =>
            new apb.AnalyzeDiagnostic()
                .setPolicyname(d.name)
                .setPolicypackname(d.pack)
                .setPolicypackversion(d.version)
                .setDescription(d.description)
                .setMessage(d.message)
                .setEnforcementlevel(d.level)
                .setUrn(d.urn)
                .setSeverity(d.severity),
        ),
    );
    r.setNotApplicableList(nas.map((n) => new apb.PolicyNotApplicable().setPolicyName(n.name).setReason(n.reason)));
    return r;
}

describe("lib: AnalyzeResponse encoding against google-protobuf", () => {
    it("mirrors the installed analyzer_pb serializers (a new @pulumi/pulumi needs them compared, then the digest bumped)", () => {
        assert.equal(serializersDigest(apb), MIRRORED_SERIALIZERS);
        assert.equal(typeof encode, "function");
    });

    it("gives serializeBinary()'s bytes for any response it encodes, and declines only strings with lone surrogates (fast-check)", () => {
        let declined = 0;
        fc.assert(
            fc.property(fc.array(diagnostic, { maxLength: 6 }), fc.array(notApplicable, { maxLength: 3 }), (ds, nas) => {
                const msg = response(ds, nas);
                const ours = encode(msg);
                const all = [...ds.flatMap((d) => [d.name, d.pack, d.version, d.description, d.message, d.urn]), ...nas.flatMap((n) => [n.name, n.reason])];
                const lone = all.some((s) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s));
                if (ours === undefined) {
                    declined++;
                    assert.ok(lone, "declined a well-formed response");
                    return;
                }
                assert.ok(!lone);
                assert.deepEqual(new Uint8Array(ours), msg.serializeBinary());
            }),
            { numRuns: 600 },
        );
        assert.ok(declined > 0 && declined < 400, `${declined} of 600 declined`);
    });

    it("an empty response, and a message of another type is left to the generated serializer", () => {
        assert.deepEqual(new Uint8Array(encode(new apb.AnalyzeResponse())!), new apb.AnalyzeResponse().serializeBinary());
        assert.equal(encode(new apb.AnalyzeDiagnostic()), undefined);
    });
});
