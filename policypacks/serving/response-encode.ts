// An AnalyzeResponse written straight to the bytes google-protobuf's `serializeBinary()` gives.
// google-protobuf encodes each string char by char into a JS array; a response carries a few
// findings with long descriptions and messages, so that was a large share of a pack's time per
// request. Here strings are encoded natively. The field list mirrors the generated
// serializeBinaryToWriter functions of @pulumi/pulumi's analyzer_pb.js (AnalyzeResponse,
// AnalyzeDiagnostic, PolicyNotApplicable); where they differ from what was mirrored (another
// @pulumi/pulumi), or a string is not well-formed UTF-16 (google-protobuf encodes lone surrogates
// its own way), this returns undefined and google-protobuf serialises as before.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createHash } from "crypto";

const LEN = 2;
const VARINT = 0;

/** Digests of the generated serializers this encoder mirrors (whitespace removed). */
export const MIRRORED_SERIALIZERS = "a403b370";

function varint(out: number[], n: number) {
    while (n >= 0x80) {
        out.push((n & 0x7f) | 0x80);
        n >>>= 7;
    }
    out.push(n);
}

class Out {
    parts: Buffer[] = [];
    length = 0;
    head(field: number, wire: number, len?: number) {
        const b: number[] = [];
        varint(b, (field << 3) | wire);
        if (len !== undefined) varint(b, len);
        this.push(Buffer.from(b));
    }
    push(b: Buffer) {
        this.parts.push(b);
        this.length += b.length;
    }
}

class NotMirrored extends Error {}
const notMirrored = new NotMirrored();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
const wellFormed = nativeWellFormed ? (s: string) => nativeWellFormed.call(s) : (s: string) => !LONE_SURROGATE.test(s);

function str(o: Out, field: number, s: string) {
    if (s.length === 0) return;
    if (!wellFormed(s)) throw notMirrored;
    const b = Buffer.from(s, "utf8");
    o.head(field, LEN, b.length);
    o.push(b);
}

function enumField(o: Out, field: number, v: number) {
    if (v === 0) return;
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw notMirrored;
    const b: number[] = [];
    varint(b, (field << 3) | VARINT);
    varint(b, v);
    o.push(Buffer.from(b));
}

function sub(o: Out, field: number, write: (s: Out) => void) {
    const s = new Out();
    write(s);
    o.head(field, LEN, s.length);
    for (const p of s.parts) o.push(p);
}

/** The digest of the generated serializers now installed, to compare with MIRRORED_SERIALIZERS. */
export function serializersDigest(apb: any): string {
    const src = [apb.AnalyzeResponse, apb.AnalyzeDiagnostic, apb.PolicyNotApplicable].map((m) => String(m?.serializeBinaryToWriter).replace(/\s+/g, "")).join("|");
    return createHash("sha256").update(src).digest("hex").slice(0, 8);
}

/** An encoder for the installed analyzer_pb, or undefined when its serializers are not the mirrored ones. */
export function analyzeResponseEncoder(apb: any): ((msg: any) => Buffer | undefined) | undefined {
    if (serializersDigest(apb) !== MIRRORED_SERIALIZERS) return undefined;
    return (msg) => {
        if (!(msg instanceof apb.AnalyzeResponse)) return undefined;
        const o = new Out();
        try {
            for (const d of msg.getDiagnosticsList()) {
                sub(o, 2, (s) => {
                    str(s, 1, d.getPolicyname());
                    str(s, 2, d.getPolicypackname());
                    str(s, 3, d.getPolicypackversion());
                    str(s, 4, d.getDescription());
                    str(s, 5, d.getMessage());
                    enumField(s, 7, d.getEnforcementlevel());
                    str(s, 8, d.getUrn());
                    enumField(s, 9, d.getSeverity());
                });
            }
            for (const na of msg.getNotApplicableList()) {
                sub(o, 3, (s) => {
                    str(s, 1, na.getPolicyName());
                    str(s, 2, na.getReason());
                });
            }
        } catch (e) {
            if (e === notMirrored) return undefined;
            throw e;
        }
        return Buffer.concat(o.parts, o.length);
    };
}
