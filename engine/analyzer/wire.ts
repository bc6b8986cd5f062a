// Request encoding for the analyzer protocol, built once per resource. A resource's properties are
// the bulk of every Analyze and AnalyzeStack request; google-protobuf would build a Value object
// per JSON node and walk them again to serialise, for each request that carries the resource. Here
// the properties are written straight from the JSON value with google-protobuf's own BinaryWriter
// into the bytes of a google.protobuf.Struct, once, and each request is its small fields (encoded
// by the generated message classes) followed by those bytes: protobuf reads fields in any order
// and a message field is length-delimited bytes, so the pack decodes exactly the same message.
import { BinaryWriter } from "google-protobuf";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import type { EngineResource } from "../model";

/** Field numbers the composed requests append (pulumi/proto/pulumi/analyzer.proto). */
const PROPERTIES_FIELD = 2; // AnalyzeRequest, AnalyzerResource and AnalyzerProviderResource
const PROVIDER_FIELD = 6; // AnalyzeRequest and AnalyzerResource
const RESOURCES_FIELD = 1; // AnalyzeStackRequest

// google.protobuf.Value: null_value = 1, number_value = 2, string_value = 3, bool_value = 4,
// struct_value = 5, list_value = 6. Struct: map<string, Value> fields = 1. ListValue: values = 1.
// Sub-messages are opened and closed explicitly: BinaryWriter.writeMessage skips a null value,
// and a JSON null is a Value message of its own.
function writeValue(field: number, v: unknown, w: BinaryWriter): void {
    w.beginSubMessage(field);
    if (v === null) w.writeEnum(1, 0);
    else if (typeof v === "number") w.writeDouble(2, v);
    else if (typeof v === "string") w.writeString(3, v);
    else if (typeof v === "boolean") w.writeBool(4, v);
    else if (Array.isArray(v)) {
        w.beginSubMessage(6);
        for (const x of v) writeValue(1, x, w);
        w.endSubMessage(6);
    } else if (typeof v === "object") {
        w.beginSubMessage(5);
        writeFields(v, w);
        w.endSubMessage(5);
    } else throw new Error(`cannot encode a ${typeof v} in a protobuf Struct`);
    w.endSubMessage(field);
}
function writeFields(obj: object, w: BinaryWriter): void {
    // Sorted keys, as google-protobuf serialises a map: the same bytes as Struct.serializeBinary.
    const o = obj as Record<string, unknown>;
    for (const k of Object.keys(o).sort()) {
        w.beginSubMessage(1);
        w.writeString(1, k);
        writeValue(2, o[k], w);
        w.endSubMessage(1);
    }
}

/**
 * The bytes of `google.protobuf.Struct.fromJavaScript(v)` for a JSON-compatible copy of `v`
 * (undefined dropped, as JSON.stringify drops it).
 */
export function structBytes(v: Record<string, unknown> | undefined): Uint8Array {
    const json = JSON.parse(JSON.stringify(v ?? {})) as object;
    const w = new BinaryWriter();
    writeFields(json, w);
    return w.getResultBuffer();
}

export interface ProviderPart {
    type: string;
    urn: string;
    name: string;
    properties: Uint8Array;
}

/**
 * An AnalyzeRequest (Analyze, Remediate) or one AnalyzerResource of an AnalyzeStackRequest: `msg`
 * serialised, then its already encoded properties (and provider) as the fields they are.
 */
export function requestBytes(msg: apb.AnalyzeRequest | apb.AnalyzerResource, properties: Uint8Array, provider?: ProviderPart): Uint8Array {
    if (msg.hasProperties() || msg.hasProvider()) throw new Error("requestBytes: properties and provider are appended, not set");
    const w = new BinaryWriter();
    const head = msg.serializeBinary();
    w.writeSerializedMessage(head, 0, head.length);
    w.writeBytes(PROPERTIES_FIELD, properties);
    if (provider) {
        const p = new apb.AnalyzerProviderResource().setType(provider.type).setUrn(provider.urn).setName(provider.name).serializeBinary();
        const pw = new BinaryWriter();
        pw.writeSerializedMessage(p, 0, p.length);
        pw.writeBytes(PROPERTIES_FIELD, provider.properties);
        w.writeBytes(PROVIDER_FIELD, pw.getResultBuffer());
    }
    return w.getResultBuffer();
}

/** An AnalyzeStackRequest of already encoded resources. */
export function analyzeStackRequestBytes(resources: Uint8Array[]): Uint8Array {
    const w = new BinaryWriter();
    for (const r of resources) w.writeBytes(RESOURCES_FIELD, r);
    return w.getResultBuffer();
}

function providerRefUrn(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    // Provider references are `<urn>::<id>`; URNs themselves contain `::`.
    const i = ref.lastIndexOf("::");
    return i > 0 && ref.startsWith("urn:") && ref.slice(0, i).split("::").length >= 4 ? ref.slice(0, i) : ref;
}

/**
 * The requests of a run as the engine sends them: an AnalyzeRequest (Analyze, Remediate) of one
 * resource with the given properties, and the AnalyzeStackRequest of the final resources. Providers
 * are looked up in `byUrn` when a request is built. Each properties object is encoded once.
 */
export function requestEncoder(byUrn: ReadonlyMap<string, EngineResource>) {
    const encoded = new WeakMap<object, Uint8Array>();
    const bytesOf = (props: Record<string, unknown> | undefined): Uint8Array => {
        if (!props) return structBytes(props);
        let b = encoded.get(props);
        if (!b) encoded.set(props, (b = structBytes(props)));
        return b;
    };
    const providerOf = (r: EngineResource): ProviderPart | undefined => {
        const provUrn = providerRefUrn(r.provider);
        const prov = provUrn ? byUrn.get(provUrn) : undefined;
        return prov ? { type: prov.type, urn: prov.urn, name: prov.name, properties: bytesOf(prov.props) } : undefined;
    };
    const withOptions = <T extends apb.AnalyzeRequest | apb.AnalyzerResource>(msg: T, r: EngineResource): T => {
        msg.setUrn(r.urn);
        msg.setType(r.type);
        msg.setName(r.name);
        // The SDK throws "A more recent version of the Pulumi CLI is required" without options.
        const o = new apb.AnalyzerResourceOptions();
        if (r.parent) o.setParent(r.parent);
        msg.setOptions(o);
        return msg;
    };
    return {
        analyzeRequest: (r: EngineResource, props: Record<string, unknown>) => requestBytes(withOptions(new apb.AnalyzeRequest(), r), bytesOf(props), providerOf(r)),
        stackRequest: (resources: readonly EngineResource[]) =>
            analyzeStackRequestBytes(
                resources.map((r) => {
                    const ar = withOptions(new apb.AnalyzerResource(), r);
                    if (r.parent) ar.setParent(r.parent);
                    ar.setDependenciesList(r.dependencies ?? []);
                    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                        const pd = new apb.AnalyzerPropertyDependencies();
                        pd.setUrnsList(urns);
                        ar.getPropertydependenciesMap().set(k, pd);
                    }
                    return requestBytes(ar, bytesOf(r.outputs ?? r.props), providerOf(r));
                }),
            ),
    };
}
