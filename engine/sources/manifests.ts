// Kubernetes manifests as a source of resources: YAML or JSON files, directories (recursive),
// multi-document files, `List` kinds and stdin. Every object becomes one resource of type
// `kubernetes:<group>/<version>:<Kind>`, located at file:line; all objects of a scan form one stack.
import * as fs from "fs";
import * as path from "path";
import { LineCounter, parseAllDocuments, isMap, isSeq, Node } from "yaml";
import { UserError } from "../errors";
import { EngineResource, SECRET_KEY, SECRET_SIG } from "../model";

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

/** Files a path stands for: the file itself, or a directory's manifests (recursive, sorted). */
export function expandPath(p: string): string[] {
    if (p === "-") return ["-"];
    let st: fs.Stats;
    try {
        st = fs.statSync(p);
    } catch {
        throw new UserError(`${p}: no such file or directory`);
    }
    if (!st.isDirectory()) return [p];
    const out: string[] = [];
    for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith(".") || e.name === "node_modules") continue;
        const child = path.join(p, e.name);
        if (e.isDirectory()) out.push(...expandPath(child));
        else if (EXTENSIONS.has(path.extname(e.name).toLowerCase())) {
            // Only regular files (or links to them) are read from a directory: a FIFO would block the
            // scan forever. Symlinked directories are not followed (no loops); broken links fail on read.
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
            out.push(child);
        }
    }
    return out;
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

/** Parses one file's text into Kubernetes objects with their lines. Throws UserError naming file:line. */
export function parseManifests(text: string, file: string): ManifestObject[] {
    const lc = new LineCounter();
    let docs;
    try {
        docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
    } catch (e) {
        // The parser recurses per nesting level: 100k levels overflow its stack.
        if (e instanceof RangeError) throw new UserError(`${file}: document is nested too deeply to parse (limit ${MAX_DEPTH} levels)`);
        throw e;
    }
    const out: ManifestObject[] = [];
    const lineOf = (node: Node | null | undefined, fallback: number) => (node?.range ? lc.linePos(node.range[0]).line : fallback);
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
        const err = doc.errors[0];
        if (err) {
            const pos = err.linePos?.[0] ?? lc.linePos(err.pos[0]);
            if (/Maximum call stack size exceeded/.test(err.message)) {
                throw new UserError(`${file}:${pos.line}:${pos.col}: document is nested too deeply to parse (limit ${MAX_DEPTH} levels)`);
            }
            throw new UserError(`${file}:${pos.line}:${pos.col}: malformed YAML: ${err.message.split("\n")[0]}`);
        }
        if (doc.contents === null || doc.contents === undefined) continue; // empty document
        const docLine = lineOf(doc.contents as Node, 1);
        let value: unknown;
        try {
            value = doc.toJS({ maxAliasCount: 1000 });
        } catch (e) {
            // Alias bombs (billion laughs) and the like: the yaml library refuses to expand them.
            throw new UserError(`${file}:${docLine}: cannot load YAML document: ${String((e as Error)?.message ?? e).split("\n")[0]}`);
        }
        const depth = nestingDepth(value, MAX_DEPTH);
        if (depth > MAX_DEPTH) throw new UserError(`${file}:${docLine}: document is nested more than ${MAX_DEPTH} levels deep`);
        if (value === null || value === undefined) continue;
        if (!isPlainObject(value)) {
            throw new UserError(`${file}:${docLine}: expected a Kubernetes object, found ${Array.isArray(value) ? "a list" : typeof value}`);
        }
        const check = (obj: unknown, line: number): obj is Record<string, unknown> => {
            if (!isPlainObject(obj) || typeof obj.apiVersion !== "string" || !obj.apiVersion || typeof obj.kind !== "string" || !obj.kind) {
                throw new UserError(`${file}:${line}: object has no apiVersion or kind`);
            }
            return true;
        };
        check(value, docLine);
        if (typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
            // `List` (and `<Kind>List`): each item is its own resource at its own line.
            const itemsNode = isMap(doc.contents) ? doc.contents.get("items", true) : undefined;
            const itemNodes = isSeq(itemsNode) ? itemsNode.items : [];
            value.items.forEach((item: unknown, i: number) => {
                const line = lineOf(itemNodes[i] as Node | undefined, docLine);
                if (check(item, line)) out.push({ object: item, file, line });
            });
            continue;
        }
        out.push({ object: value, file, line: docLine });
    }
    return out;
}

function readSource(file: string, stdin?: () => string): string {
    if (file === "-") return stdin ? stdin() : fs.readFileSync(0, "utf8");
    let st: fs.Stats;
    try {
        st = fs.statSync(file);
    } catch (e) {
        throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (st.isFile() && st.size > MAX_FILE_BYTES) {
        throw new UserError(`${file}: file is ${(st.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for a manifest file`);
    }
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // A named pipe or device has no size up front: enforce the limit on what was read.
    if (text.length > MAX_FILE_BYTES) throw new UserError(`${file}: over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for a manifest file`);
    if (text.includes("\u0000")) throw new UserError(`${file}: binary file (NUL bytes), not YAML or JSON`);
    return text;
}

/** Marks a Secret's data as Pulumi secrets, as @pulumi/kubernetes does for `data` and `stringData`. */
function markSecrets(obj: Record<string, unknown>): Record<string, unknown> {
    if (obj.kind !== "Secret" || (obj.apiVersion !== "v1" && obj.apiVersion !== "core/v1")) return obj;
    const out = { ...obj };
    for (const k of ["data", "stringData"]) {
        if (out[k] !== undefined) out[k] = { [SECRET_KEY]: SECRET_SIG, value: out[k] };
    }
    return out;
}

export interface LoadOptions {
    stack?: string;
    project?: string;
    /** Reads stdin for `-` (tests inject it). */
    stdin?: () => string;
}

/** Loads manifests from paths and returns resources in Kubernetes install order. */
export function loadManifests(paths: string[], opts: LoadOptions = {}): EngineResource[] {
    const stack = opts.stack ?? "scan";
    const project = opts.project ?? "manifests";
    const objects: ManifestObject[] = [];
    for (const p of paths) {
        for (const file of expandPath(p)) {
            objects.push(...parseManifests(readSource(file, opts.stdin), file === "-" ? "<stdin>" : file));
        }
    }
    const rank = (kind: string) => {
        const i = INSTALL_ORDER.indexOf(kind);
        return i < 0 ? INSTALL_ORDER.length : i;
    };
    const ordered = objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o.object.kind as string) - rank(b.o.object.kind as string) || a.i - b.i);
    const seen = new Map<string, number>();
    return ordered.map(({ o, i }) => {
        const obj = o.object;
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
