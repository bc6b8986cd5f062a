// A google.protobuf.Struct read from its bytes straight into the plain value that
// google-protobuf's `Struct.deserializeBinary(bytes).toJavaScript()` gives, without building a
// message object per JSON node first. Only what that pair gives for well-formed input from the
// CLI is decoded here: anything else (an unknown field, a Value with no kind, a wire type that
// does not match, a string that is not valid UTF-8, truncated bytes) returns undefined, and the
// caller decodes with google-protobuf as before, so odd input behaves exactly as it always did.
import { isUtf8 } from "buffer";

/** Why decoding stopped: the caller falls back to google-protobuf. */
class NotPlain extends Error {}
const notPlain = new NotPlain();

class Reader {
    pos: number;
    constructor(
        readonly buf: Buffer,
        start: number,
        readonly end: number,
    ) {
        this.pos = start;
    }
    varint(): number {
        let result = 0;
        let scale = 1;
        for (;;) {
            if (this.pos >= this.end) throw notPlain;
            const b = this.buf[this.pos++];
            result += (b & 0x7f) * scale;
            if (b < 0x80) return result;
            scale *= 128;
            if (scale > 2 ** 63) throw notPlain;
        }
    }
    /** A length-delimited field's bounds. */
    span(): [number, number] {
        const len = this.varint();
        const start = this.pos;
        const end = start + len;
        if (end > this.end) throw notPlain;
        this.pos = end;
        return [start, end];
    }
    string(): string {
        const [start, end] = this.span();
        for (let i = start; i < end; i++) {
            if (this.buf[i] >= 0x80) {
                // google-protobuf decodes invalid UTF-8 its own way; leave such input to it.
                if (!isUtf8(this.buf.subarray(start, end))) throw notPlain;
                break;
            }
        }
        return this.buf.toString("utf8", start, end);
    }
}

// Field numbers and wire types (google/protobuf/struct.proto).
const LEN = 2;
const VARINT = 0;
const I64 = 1;

function struct(r: Reader, start: number, end: number): Record<string, unknown> {
    const sub = new Reader(r.buf, start, end);
    // google-protobuf keeps the last entry of a repeated key and hands them over sorted.
    const entries = new Map<string, unknown>();
    while (sub.pos < sub.end) {
        const tag = sub.varint();
        if (tag !== ((1 << 3) | LEN)) throw notPlain; // fields: map<string, Value>
        const [es, ee] = sub.span();
        const entry = new Reader(r.buf, es, ee);
        let key = "";
        let value: unknown = notPlain;
        while (entry.pos < entry.end) {
            const t = entry.varint();
            if (t === ((1 << 3) | LEN)) key = entry.string();
            else if (t === ((2 << 3) | LEN)) {
                const [vs, ve] = entry.span();
                value = valueOf(r, vs, ve);
            } else throw notPlain;
        }
        if (value === notPlain) throw notPlain; // an entry without a value: google-protobuf throws later
        entries.set(key, value);
    }
    const out: Record<string, unknown> = {};
    for (const key of [...entries.keys()].sort()) out[key] = entries.get(key);
    return out;
}

function list(r: Reader, start: number, end: number): unknown[] {
    const sub = new Reader(r.buf, start, end);
    const out: unknown[] = [];
    while (sub.pos < sub.end) {
        if (sub.varint() !== ((1 << 3) | LEN)) throw notPlain; // values: repeated Value
        const [vs, ve] = sub.span();
        out.push(valueOf(r, vs, ve));
    }
    return out;
}

function valueOf(r: Reader, start: number, end: number): unknown {
    const sub = new Reader(r.buf, start, end);
    // A oneof: the last kind on the wire wins, as google-protobuf reads it.
    let value: unknown = notPlain;
    while (sub.pos < sub.end) {
        const tag = sub.varint();
        switch (tag) {
            case (1 << 3) | VARINT:
                sub.varint();
                value = null;
                break;
            case (2 << 3) | I64:
                if (sub.pos + 8 > sub.end) throw notPlain;
                value = r.buf.readDoubleLE(sub.pos);
                sub.pos += 8;
                break;
            case (3 << 3) | LEN:
                value = sub.string();
                break;
            case (4 << 3) | VARINT:
                value = sub.varint() !== 0;
                break;
            case (5 << 3) | LEN: {
                const [s, e] = sub.span();
                value = struct(r, s, e);
                break;
            }
            case (6 << 3) | LEN: {
                const [s, e] = sub.span();
                value = list(r, s, e);
                break;
            }
            default:
                throw notPlain;
        }
    }
    if (value === notPlain) throw notPlain; // no kind: google-protobuf's toJavaScript throws
    return value;
}

/** The plain value of the Struct in `buf[start, end)`, or undefined to decode it with google-protobuf. */
export function plainStruct(buf: Buffer, start = 0, end = buf.length): Record<string, unknown> | undefined {
    try {
        return struct(new Reader(buf, start, end), start, end);
    } catch (e) {
        if (e === notPlain) return undefined;
        throw e;
    }
}

/** One field of a message on the wire: its number, and where its tag, value and end are. */
interface WireField {
    field: number;
    from: number;
    value: [number, number];
    to: number;
}

/** The fields of the message in `buf[start, end)`, in wire order; undefined if it is not plain wire format. */
function fieldsOf(buf: Buffer, start: number, end: number): WireField[] | undefined {
    const r = new Reader(buf, start, end);
    const out: WireField[] = [];
    try {
        while (r.pos < r.end) {
            const from = r.pos;
            const tag = r.varint();
            const field = Math.floor(tag / 8);
            let value: [number, number];
            switch (tag % 8) {
                case VARINT: {
                    const s = r.pos;
                    r.varint();
                    value = [s, r.pos];
                    break;
                }
                case I64:
                    value = [r.pos, (r.pos += 8)];
                    break;
                case LEN:
                    value = r.span();
                    break;
                case 5:
                    value = [r.pos, (r.pos += 4)];
                    break;
                default:
                    return undefined; // groups
            }
            if (r.pos > r.end || field === 0) return undefined;
            out.push({ field, from, value, to: r.pos });
        }
    } catch (e) {
        if (e === notPlain) return undefined;
        throw e;
    }
    return out;
}

function varintBytes(n: number): Buffer {
    const out: number[] = [];
    while (n >= 0x80) {
        out.push((n % 128) | 0x80);
        n = Math.floor(n / 128);
    }
    out.push(n);
    return Buffer.from(out);
}

/** A message's bytes without its `properties` field, and that field's plain value. */
export interface SplitMessage {
    rest: Buffer;
    /** Absent when the message has no properties field. */
    properties?: Record<string, unknown>;
}

/**
 * The message in `buf[start, end)` split into its other fields and the plain value of its Struct
 * field `field`; undefined when that field is repeated (google-protobuf would merge the copies),
 * not a Struct of plain values, or the message is not plain wire format.
 */
export function splitStructField(buf: Buffer, field: number, start = 0, end = buf.length): SplitMessage | undefined {
    const fields = fieldsOf(buf, start, end);
    if (!fields) return undefined;
    const own = fields.filter((f) => f.field === field);
    if (own.length === 0) return { rest: buf.subarray(start, end) };
    if (own.length > 1 || buf[own[0].from] !== ((field << 3) | LEN) || field > 15) return undefined;
    const properties = plainStruct(buf, own[0].value[0], own[0].value[1]);
    if (!properties) return undefined;
    return { rest: Buffer.concat(fields.filter((f) => f !== own[0]).map((f) => buf.subarray(f.from, f.to))), properties };
}

/**
 * An AnalyzeStackRequest's bytes with the `properties` of each of its resources (field
 * `resourcesField`, each an AnalyzerResource with its Struct at `propertiesField`) taken out, and
 * those properties in resource order; undefined when any resource cannot be split.
 */
export function splitRepeatedStructField(buf: Buffer, resourcesField: number, propertiesField: number): { rest: Buffer; properties: (Record<string, unknown> | undefined)[] } | undefined {
    const fields = fieldsOf(buf, 0, buf.length);
    if (!fields) return undefined;
    const parts: Buffer[] = [];
    const properties: (Record<string, unknown> | undefined)[] = [];
    const tag = varintBytes((resourcesField << 3) | LEN);
    for (const f of fields) {
        if (f.field !== resourcesField) {
            parts.push(buf.subarray(f.from, f.to));
            continue;
        }
        if (buf[f.from] !== ((resourcesField << 3) | LEN) || resourcesField > 15) return undefined;
        const split = splitStructField(buf, propertiesField, f.value[0], f.value[1]);
        if (!split) return undefined;
        parts.push(tag, varintBytes(split.rest.length), split.rest);
        properties.push(split.properties);
    }
    return { rest: Buffer.concat(parts), properties };
}
