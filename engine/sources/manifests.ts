// Kubernetes manifests as a source of resources: YAML or JSON files, directories (recursive),
// multi-document files, `List` kinds, stdin, and Helm chart and kustomization directories (rendered
// through ./render.ts). Every object becomes one resource of type `kubernetes:<group>/<version>:<Kind>`,
// located at file:line; all objects of a scan form one stack. Files that are not manifests (Helm
// values, app config) are skipped with a notice.
import * as fs from "fs";
import * as path from "path";
import { LineCounter, parseAllDocuments, isMap, isSeq, Node } from "yaml";
import { UserError } from "../errors";
import { crdScopes, isNamespacedKind } from "../../policypacks/lib/kube-api";
import { EngineResource, Notice, SECRET_KEY, SECRET_SIG } from "../model";
import { isHelmChartDir, isKustomizationFile, kustomizationFile, RenderError, renderHelmChart, renderKustomization } from "./render";

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

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

/**
 * Only regular files (or links to them) are read from a directory: a FIFO would block the scan
 * forever. Symlinked directories are not followed (no loops); broken links fail on read.
 */
function assertRegularEntry(e: fs.Dirent, child: string): void {
    let regular = e.isFile();
    if (e.isSymbolicLink()) {
        let target: fs.Stats | undefined;
        try {
            target = fs.statSync(child);
        } catch {
            target = undefined; // dangling or looping: reported when read
        }
        regular = !target || target.isFile() || target.isDirectory(); // a directory: EISDIR on read
    }
    if (!regular) throw new UserError(`${child}: not a regular file`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
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
 * Every non-empty document of a YAML/JSON stream, read as kubectl reads it: merge keys (`<<`,
 * YAML 1.1) applied, duplicate keys an error (the API server rejects duplicate fields in strict
 * mode; a scanner must not guess which value wins), aliases expanded within the same limits as a
 * file (count, bytes) and nesting bounded. Throws UserError naming file:line.
 */
export function yamlDocuments(text: string, file: string): { documents: YamlDocument[]; lineOf: (node: Node | null | undefined, fallback: number) => number } {
    const lc = new LineCounter();
    let docs;
    try {
        docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
    } catch (e) {
        // The parser recurses per nesting level: 100k levels overflow its stack.
        if (e instanceof RangeError) throw new UserError(`${file}: document is nested too deeply to parse (limit ${MAX_DEPTH} levels)`);
        throw e;
    }
    const loaded: YamlDocument[] = [];
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
        const err = doc.errors[0];
        if (err) {
            const pos = err.linePos?.[0] ?? lc.linePos(err.pos[0]);
            if (/Maximum call stack size exceeded/.test(err.message)) {
                throw new UserError(`${file}:${pos.line}:${pos.col}: document is nested too deeply to parse (limit ${MAX_DEPTH} levels)`);
            }
            if (err.code === "DUPLICATE_KEY") {
                throw new UserError(`${file}:${pos.line}:${pos.col}: duplicate key in a mapping (the API server rejects duplicate fields; remove one)`);
            }
            throw new UserError(`${file}:${pos.line}:${pos.col}: malformed YAML: ${err.message.split("\n")[0]}`);
        }
        if (doc.contents === null || doc.contents === undefined) continue; // empty document
        const docLine = doc.contents.range ? lc.linePos(doc.contents.range[0]).line : 1;
        let value: unknown;
        try {
            value = doc.toJS({ maxAliasCount: 1000 });
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
        loaded.push({ value, contents: doc.contents as Node, line: docLine });
    }
    return { documents: loaded, lineOf: (node, fallback) => (node?.range ? lc.linePos(node.range[0]).line : fallback) };
}

/**
 * Parses one file's text into Kubernetes objects with their lines. Throws UserError naming
 * file:line, or NotAManifest when no document looks like a Kubernetes object at all (a file that
 * has one is a manifest, and every other document in it must be an object too).
 */
export function parseManifests(text: string, file: string): ManifestObject[] {
    const { documents: loaded, lineOf } = yamlDocuments(text, file);
    if (loaded.length > 0 && !loaded.some((d) => hasKindOrVersion(d.value))) throw new NotAManifest(file);

    const out: ManifestObject[] = [];
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
    const add = (obj: Record<string, unknown>, node: Node | undefined, line: number, depth: number): void => {
        if (!isListKind(obj)) {
            out.push({ object: obj, file, line });
            return;
        }
        if (depth >= MAX_LIST_NESTING) throw new UserError(`${file}:${line}: Lists nested more than ${MAX_LIST_NESTING} levels deep`);
        const nodes = itemNodesOf(node);
        (obj.items as unknown[]).forEach((item, i) => {
            const itemLine = lineOf(nodes[i], line);
            if (check(item, itemLine)) add(item, nodes[i], itemLine, depth + 1);
        });
    };
    for (const d of loaded) if (check(d.value, d.line)) add(d.value, d.contents, d.line, 0);
    return out;
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

function readSource(file: string, stdin?: () => string): string {
    if (file === "-") return stdin ? stdin() : decodeText(fs.readFileSync(0));
    let st: fs.Stats;
    try {
        st = fs.statSync(file);
    } catch (e) {
        throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (st.isFile() && st.size > MAX_FILE_BYTES) {
        throw new UserError(`${file}: file is ${(st.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for a manifest file`);
    }
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
    } catch (e) {
        throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // A named pipe or device has no size up front: enforce the limit on what was read.
    if (bytes.length > MAX_FILE_BYTES) throw new UserError(`${file}: over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for a manifest file`);
    const text = decodeText(bytes);
    if (text.includes("\u0000")) throw new UserError(`${file}: binary file (NUL bytes), not YAML or JSON`);
    return text;
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

export interface LoadOptions {
    stack?: string;
    project?: string;
    /** Reads stdin for `-` (tests inject it). */
    stdin?: () => string;
    /** Namespace for namespaced objects that name none, as `kubectl apply -n` (and `helm template -n`). */
    namespace?: string;
    /** How chart directories are rendered. */
    helm?: { valueFiles?: string[]; releaseName?: string };
}

export interface LoadedManifests {
    resources: EngineResource[];
    notices: Notice[];
}

/** What a scanned path stands for: manifest files, charts and kustomizations (rendered whole). */
type Unit = { kind: "file"; path: string } | { kind: "chart"; dir: string } | { kind: "kustomization"; dir: string };

function unitsOf(p: string): Unit[] {
    if (p === "-") return [{ kind: "file", path: "-" }];
    let st: fs.Stats;
    try {
        st = fs.statSync(p);
    } catch {
        throw new UserError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
        if (isHelmChartDir(p)) return [{ kind: "chart", dir: p }];
        if (kustomizationFile(p)) return [{ kind: "kustomization", dir: p }];
        const units: Unit[] = [];
        for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            if (e.name.startsWith(".") || e.name === "node_modules") continue;
            const child = path.join(p, e.name);
            if (e.isDirectory()) units.push(...unitsOf(child));
            else if (EXTENSIONS.has(path.extname(e.name).toLowerCase())) {
                assertRegularEntry(e, child);
                units.push({ kind: "file", path: child });
            }
        }
        return units;
    }
    if (isKustomizationFile(p)) {
        // A kustomization file describes a render, it is no object: render its directory.
        return [{ kind: "kustomization", dir: path.dirname(p) }];
    }
    return [{ kind: "file", path: p }];
}

/** Loads manifests, charts and kustomizations from paths; resources in Kubernetes install order. */
export function scanManifests(paths: string[], opts: LoadOptions = {}): LoadedManifests {
    const stack = opts.stack ?? "scan";
    const project = opts.project ?? "manifests";
    const notices: Notice[] = [];
    const objects: ManifestObject[] = [];
    for (const p of paths) {
        for (const unit of unitsOf(p)) {
            if (unit.kind === "chart") {
                const releaseName = opts.helm?.releaseName ?? "release";
                objects.push(...renderOrFail(() => renderHelmChart({ chart: unit.dir, releaseName, namespace: opts.namespace, valueFiles: opts.helm?.valueFiles, cwd: process.cwd() }), unit.dir));
                notices.push({ kind: "rendered", subject: unit.dir, message: `Helm chart: rendered with helm template (release ${releaseName}${opts.namespace ? `, namespace ${opts.namespace}` : ""}${opts.helm?.valueFiles?.length ? `, values ${opts.helm.valueFiles.join(", ")}` : ", default values"})` });
                continue;
            }
            if (unit.kind === "kustomization") {
                objects.push(...renderOrFail(() => renderKustomization(unit.dir, process.cwd()), unit.dir));
                notices.push({ kind: "rendered", subject: unit.dir, message: "kustomization: rendered with kubectl kustomize; its files are read through it" });
                continue;
            }
            const label = unit.path === "-" ? "<stdin>" : unit.path;
            try {
                objects.push(...parseManifests(readSource(unit.path, opts.stdin), label));
            } catch (e) {
                if (!(e instanceof NotAManifest)) throw e;
                notices.push({ kind: "skipped", subject: label, message: "not a Kubernetes manifest (no document has apiVersion or kind): skipped" });
            }
        }
    }
    return { resources: toResources(objects, stack, project, opts.namespace), notices };
}

/** Resources of manifests (no notices): see scanManifests. */
export function loadManifests(paths: string[], opts: LoadOptions = {}): EngineResource[] {
    return scanManifests(paths, opts).resources;
}

function renderOrFail(render: () => ManifestObject[], what: string): ManifestObject[] {
    try {
        return render();
    } catch (e) {
        // Asked to scan a chart or kustomization that cannot be rendered: an error, never a pass.
        if (e instanceof RenderError) throw new UserError(`${what}: ${e.message}`);
        throw e;
    }
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

function toResources(objects: ManifestObject[], stack: string, project: string, defaultNamespace: string | undefined): EngineResource[] {
    const scopes = crdScopes(objects.map((o) => o.object));
    const ordered = sortByInstallOrder(objects.map((o, i) => ({ o, i })), (x) => x.o.object.kind);
    const seen = new Map<string, number>();
    return ordered.map(({ o, i }) => {
        const obj = withDefaultNamespace(o.object, defaultNamespace, scopes);
        const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
        const name =
            typeof meta.name === "string" && meta.name ? meta.name : typeof meta.generateName === "string" ? meta.generateName : `${String(obj.kind).toLowerCase()}-${i + 1}`;
        const type = typeToken(obj.apiVersion as string, obj.kind as string);
        // URN names must be unique within a stack: qualify by namespace, then disambiguate.
        let urnName = typeof meta.namespace === "string" && meta.namespace ? `${meta.namespace}/${name}` : name;
        const key = `${type}::${urnName}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        if (n > 1) urnName = `${urnName}#${n}`;
        return {
            urn: `urn:pulumi:${stack}::${project}::${type}::${urnName}`,
            type,
            name,
            props: markSecrets(obj),
            custom: true,
            source: { file: o.file, line: o.line },
        };
    });
}
