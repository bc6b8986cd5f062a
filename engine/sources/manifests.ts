// Kubernetes manifests read as kubectl reads them: YAML or JSON text, multi-document, `List` kinds,
// merge keys, each object located at file:line and typed `kubernetes:<group>/<version>:<Kind>`.
// Which paths are read, and how their objects become one stack of resources: ./scan-paths.ts.
import { LineCounter, parseAllDocuments, isMap, isSeq, Node } from "yaml";
import { UserError } from "../errors";
import { isNamespacedKind } from "../../policypacks/lib/kube-api";
import { KUBE_TO_JS, KUBE_YAML, unrepresentable } from "../../policypacks/lib/kube-yaml";
import { SECRET_KEY, SECRET_SIG } from "../model";

// Helm's install order: a namespace's Pod Security labels, its policies and RBAC are analyzed
// before the workloads they govern (per-resource policies learn them from earlier resources).
export const INSTALL_ORDER = [
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

export interface ManifestObject {
    object: Record<string, unknown>;
    file: string;
    line: number;
}

export function typeToken(apiVersion: string, kind: string): string {
    const i = apiVersion.indexOf("/");
    const group = i < 0 ? "core" : apiVersion.slice(0, i);
    const version = i < 0 ? apiVersion : apiVersion.slice(i + 1);
    return `kubernetes:${group}/${version}:${kind}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Limits on hostile input. Real manifests nest a few dozen levels and stay far below etcd's 1.5 MB
 * object limit; past these, parsing and the wire encoding cost time and stack out of proportion.
 */
export const MAX_DEPTH = 256;
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Depth of nested objects/arrays, counted iteratively (never overflows the stack); stops past `limit`. */
function nestingDepth(v: unknown, limit: number): number {
    let max = 0;
    const stack: Array<[unknown, number]> = [[v, 0]];
    while (stack.length) {
        const [x, d] = stack.pop()!;
        if (typeof x !== "object" || x === null) continue;
        if (d + 1 > max) max = d + 1;
        if (max > limit) return max;
        for (const c of Array.isArray(x) ? x : Object.values(x)) if (typeof c === "object" && c !== null) stack.push([c, d + 1]);
    }
    return max;
}

/** A file that is valid YAML/JSON but holds no Kubernetes object (Helm values, app config). */
export class NotAManifest extends Error {
    constructor(public readonly file: string) {
        super(`${file}: not a Kubernetes manifest`);
        this.name = "NotAManifest";
    }
}

/** Lists nest (a List of Lists): flattened recursively up to this depth, as the API server would. */
export const MAX_LIST_NESTING = 16;

/** `List` and every `<Kind>List` with items: containers, never objects themselves. */
export function isListKind(obj: Record<string, unknown>): boolean {
    return typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items);
}

const hasKindOrVersion = (v: unknown) => isPlainObject(v) && ("apiVersion" in v || "kind" in v);

/** Total size a value takes once its aliases are expanded (strings, keys, 8 per scalar); stops past `limit`. */
function expandedSize(v: unknown, limit: number): number {
    let size = 0;
    const stack: unknown[] = [v];
    while (stack.length && size <= limit) {
        const x = stack.pop();
        if (typeof x === "string") size += x.length;
        else if (Array.isArray(x)) {
            size += 2;
            for (const c of x) stack.push(c);
        } else if (x && typeof x === "object") {
            for (const [k, c] of Object.entries(x)) {
                size += k.length + 2;
                stack.push(c);
            }
        } else size += 8;
    }
    return size;
}

export interface YamlDocument {
    value: unknown;
    contents: Node;
    line: number;
}

/**
 * Every non-empty document of a YAML/JSON stream, read as kubectl reads it: scalars resolved as
 * YAML 1.1 (policypacks/lib/kube-yaml.ts: `On` is true, `8_080` is 8080), merge keys (`<<`) applied, duplicate keys an error (the API server rejects duplicate fields in strict
 * mode; a scanner must not guess which value wins), aliases expanded within the same limits as a
 * file (count, bytes) and nesting bounded. Throws UserError naming file:line.
 */
export function yamlDocuments(text: string, file: string, lineOffset = 0): { documents: YamlDocument[]; lineOf: (node: Node | null | undefined, fallback: number) => number } {
    // `text` may be a slice of a file (./parse-threads.ts): its first line is line lineOffset + 1.
    const lc = new LineCounter();
    const lineAt = (offset: number) => lc.linePos(offset).line + lineOffset;
    let docs;
    try {
        docs = parseAllDocuments(text, { ...KUBE_YAML, lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    } catch (e) {
        // The parser recurses per nesting level: 100k levels overflow its stack.
        if (e instanceof RangeError) throw new UserError(`${file}: document is nested too deeply to parse (limit ${MAX_DEPTH} levels)`);
        throw e;
    }
    const loaded: YamlDocument[] = [];
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
        const err = doc.errors[0];
        if (err) {
            const at = err.linePos?.[0] ?? lc.linePos(err.pos[0]);
            const pos = { line: at.line + lineOffset, col: at.col };
            if (/Maximum call stack size exceeded/.test(err.message)) {
                throw new UserError(`${file}:${pos.line}:${pos.col}: document is nested too deeply to parse (limit ${MAX_DEPTH} levels)`);
            }
            if (err.code === "DUPLICATE_KEY") {
                throw new UserError(`${file}:${pos.line}:${pos.col}: duplicate key in a mapping (the API server rejects duplicate fields; remove one)`);
            }
            throw new UserError(`${file}:${pos.line}:${pos.col}: malformed YAML: ${err.message.split("\n")[0]}`);
        }
        if (doc.contents === null || doc.contents === undefined) continue; // empty document
        const docLine = doc.contents.range ? lineAt(doc.contents.range[0]) : lineOffset + 1;
        let value: unknown;
        try {
            value = doc.toJS(KUBE_TO_JS);
        } catch (e) {
            // Alias bombs (billion laughs) and the like: the yaml library refuses to expand them.
            throw new UserError(`${file}:${docLine}: cannot load YAML document: ${String((e as Error)?.message ?? e).split("\n")[0]}`);
        }
        const depth = nestingDepth(value, MAX_DEPTH);
        if (depth > MAX_DEPTH) throw new UserError(`${file}:${docLine}: document is nested more than ${MAX_DEPTH} levels deep`);
        // Aliases share one value in memory but expand on the wire: the file limit holds on the expansion.
        if (expandedSize(value, MAX_FILE_BYTES) > MAX_FILE_BYTES) {
            throw new UserError(`${file}:${docLine}: YAML aliases expand this document past the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for a manifest file`);
        }
        if (value === null || value === undefined) continue;
        const bad = unrepresentable(value);
        if (bad) throw new UserError(`${file}:${docLine}: ${bad.join(".")} is not a number JSON can hold (.inf/.nan); kubectl refuses the document`);
        loaded.push({ value, contents: doc.contents as Node, line: docLine });
    }
    return { documents: loaded, lineOf: (node, fallback) => (node?.range ? lineAt(node.range[0]) : fallback) };
}

/** One document of a file, checked: the objects it holds (a List holds several) or why it is none. */
export interface CheckedDocument {
    /** It has apiVersion or kind: the file it is in is a manifest. */
    manifest: boolean;
    objects?: ManifestObject[];
    /** Why the document is not a Kubernetes object (file:line: ...). */
    error?: string;
}

/**
 * Every document of `text` (a file, or a slice of one whose first line is lineOffset + 1), each
 * checked as a Kubernetes object. Throws UserError for what makes the YAML itself unreadable.
 */
export function checkedDocuments(text: string, file: string, lineOffset = 0): CheckedDocument[] {
    const { documents: loaded, lineOf } = yamlDocuments(text, file, lineOffset);
    const check = (obj: unknown, line: number): obj is Record<string, unknown> => {
        if (!isPlainObject(obj)) throw new UserError(`${file}:${line}: expected a Kubernetes object, found ${Array.isArray(obj) ? "a list" : typeof obj}`);
        if (typeof obj.apiVersion !== "string" || !obj.apiVersion || typeof obj.kind !== "string" || !obj.kind) {
            throw new UserError(`${file}:${line}: object has no apiVersion or kind`);
        }
        return true;
    };
    const itemNodesOf = (node: Node | undefined): Node[] => {
        const items = isMap(node) ? node.get("items", true) : undefined;
        return isSeq(items) ? (items.items as Node[]) : [];
    };
    const add = (out: ManifestObject[], obj: Record<string, unknown>, node: Node | undefined, line: number, depth: number): void => {
        if (!isListKind(obj)) {
            out.push({ object: obj, file, line });
            return;
        }
        if (depth >= MAX_LIST_NESTING) throw new UserError(`${file}:${line}: Lists nested more than ${MAX_LIST_NESTING} levels deep`);
        const nodes = itemNodesOf(node);
        (obj.items as unknown[]).forEach((item, i) => {
            const itemLine = lineOf(nodes[i], line);
            if (check(item, itemLine)) add(out, item, nodes[i], itemLine, depth + 1);
        });
    };
    return loaded.map((d) => {
        const manifest = hasKindOrVersion(d.value);
        try {
            const objects: ManifestObject[] = [];
            if (check(d.value, d.line)) add(objects, d.value, d.contents, d.line, 0);
            return { manifest, objects };
        } catch (e) {
            if (e instanceof UserError) return { manifest, error: e.message };
            throw e;
        }
    });
}

/**
 * A file's objects from its checked documents, in order. Throws NotAManifest when no document
 * looks like a Kubernetes object at all (a file that has one is a manifest, and every other
 * document in it must be an object too), else UserError for the first document that is none.
 */
export function manifestsOf(documents: CheckedDocument[], file: string): ManifestObject[] {
    if (documents.length > 0 && !documents.some((d) => d.manifest)) throw new NotAManifest(file);
    const out: ManifestObject[] = [];
    for (const d of documents) {
        if (d.error !== undefined) throw new UserError(d.error);
        for (const o of d.objects!) out.push(o);
    }
    return out;
}

/**
 * Parses one file's text into Kubernetes objects with their lines. Throws UserError naming
 * file:line, or NotAManifest (see manifestsOf).
 */
export function parseManifests(text: string, file: string): ManifestObject[] {
    return manifestsOf(checkedDocuments(text, file), file);
}

/**
 * Text of a manifest file as kubectl decodes it: UTF-8, or UTF-16/UTF-32 (either byte order) when
 * a byte-order mark says so; the mark itself is dropped.
 */
export function decodeText(bytes: Buffer): string {
    const b = bytes;
    if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return utf32(b.subarray(4), true);
    if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return utf32(b.subarray(4), false);
    if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le").decode(b.subarray(2));
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder("utf-16be").decode(b.subarray(2));
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString("utf8");
    return b.toString("utf8");
}

function utf32(b: Buffer, littleEndian: boolean): string {
    const parts: string[] = [];
    for (let i = 0; i + 3 < b.length; i += 4) {
        const cp = littleEndian ? b.readUInt32LE(i) : b.readUInt32BE(i);
        parts.push(cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd");
    }
    return parts.join("");
}

/** Marks a Secret's data as Pulumi secrets, as @pulumi/kubernetes does for `data` and `stringData`. */
export function markSecrets(obj: Record<string, unknown>): Record<string, unknown> {
    if (obj.kind !== "Secret" || (obj.apiVersion !== "v1" && obj.apiVersion !== "core/v1")) return obj;
    const out = { ...obj };
    for (const k of ["data", "stringData"]) {
        if (out[k] !== undefined) out[k] = { [SECRET_KEY]: SECRET_SIG, value: out[k] };
    }
    return out;
}

/** Objects in Helm's install order (stable within a kind). */
export function sortByInstallOrder<T>(items: T[], kindOf: (item: T) => unknown = (item) => (item as { kind?: unknown }).kind): T[] {
    const rank = (kind: unknown) => {
        const i = INSTALL_ORDER.indexOf(String(kind));
        return i < 0 ? INSTALL_ORDER.length : i;
    };
    return items
        .map((o, i) => ({ o, i }))
        .sort((a, b) => rank(kindOf(a.o)) - rank(kindOf(b.o)) || a.i - b.i)
        .map((x) => x.o);
}

/**
 * The object placed in `namespace` when it is of a namespaced kind and names none, as
 * `kubectl apply -n` and `helm install -n` place it; unchanged otherwise.
 */
export function withDefaultNamespace(obj: Record<string, unknown>, namespace: string | undefined, scopes: Map<string, string>): Record<string, unknown> {
    const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
    if (!namespace || (typeof meta.namespace === "string" && meta.namespace) || !isNamespacedKind(String(obj.apiVersion), String(obj.kind), scopes)) return obj;
    return { ...obj, metadata: { ...meta, namespace } };
}
