// Finds the node and control-plane configuration documents wherever they sit in a stack:
//   - ConfigMap data values holding a known config kind (YAML or JSON, multi-document), which
//     includes kubeadm's own kube-system/kubelet-config and kube-system/kubeadm-config;
//   - `#cloud-config` user-data in any string property of any resource (also base64 and
//     gzip+base64), through its write_files (encoding b64 / gz+b64 handled);
//   - the OnPremNodePool component's own inputs, re-rendered with the component's renderer.
// Never throws on malformed input; never copies a document value into an error text.
import { gunzipSync } from "zlib";
import { parseAllDocuments, parseDocument } from "yaml";
import { KUBE_YAML } from "../../../lib/kube-yaml";
import { UnknownValueError } from "@pulumi/policy";
import { isObject } from "../../../lib/k8s";
import { isUnknownSentinel, rawTarget } from "../../../lib/props";
import { parseToml, TomlEntry } from "../../../../kubeadm/toml";
import { resolveSpec, SpecError } from "../../../../kubeadm/spec";
import { renderNodePool } from "../../../../kubeadm/render";
import { flagsOfUnitFile, KUBELET_FLAG_FILE } from "./kubelet";

export const ONPREM_NODE_POOL_TYPE = "ksl:index:OnPremNodePool";
const CONFIGMAP_TYPE = "kubernetes:core/v1:ConfigMap";

/** Config kinds the on-prem policies understand, by kind → apiVersion group. */
export const KNOWN_KINDS: Record<string, RegExp> = {
    KubeletConfiguration: /^kubelet\.config\.k8s\.io\//,
    ClusterConfiguration: /^kubeadm\.k8s\.io\//,
    InitConfiguration: /^kubeadm\.k8s\.io\//,
    JoinConfiguration: /^kubeadm\.k8s\.io\//,
    EncryptionConfiguration: /^apiserver\.config\.k8s\.io\//,
    AuthenticationConfiguration: /^apiserver\.config\.k8s\.io\//,
    AdmissionConfiguration: /^apiserver\.(config\.)?k8s\.io\//,
    KubeProxyConfiguration: /^kubeproxy\.config\.k8s\.io\//,
    Policy: /^audit\.k8s\.io\//,
};
export const KIND_HINT = new RegExp(`["']?kind["']?\\s*:\\s*["']?(${Object.keys(KNOWN_KINDS).join("|")})\\b`);

export interface FoundDoc {
    kind: string;
    apiVersion: string;
    doc: Record<string, any>;
    /** Where the document was found, for messages: e.g. `data key "kubelet"`. */
    where: string;
    origin: "configmap" | "cloud-init" | "component";
}

export interface FoundToml {
    path: string;
    entries: TomlEntry[];
    where: string;
}

/** Kubelet flags from a systemd drop-in or environment file (cloud-init write_files). */
export interface FoundFlags {
    flags: Map<string, string>;
    /** How messages name the source: `flags in "/etc/default/kubelet"`. */
    label: string;
    /** kubeadm's own kubeadm-flags.env, which the unit expands before KUBELET_EXTRA_ARGS. */
    kubeadm: boolean;
}

export interface FoundCloudConfig {
    doc: Record<string, any>;
    where: string;
}

export interface Scan {
    docs: FoundDoc[];
    toml: FoundToml[];
    cloudConfigs: FoundCloudConfig[];
    kubeletFlags: FoundFlags[];
    /** Embedded documents that could not be read: resource-relative location + reason. */
    errors: string[];
    /** Data keys of kubeadm's own ConfigMaps whose value is unknown during preview, with the kind they hold. */
    unknownKeys: Array<{ key: string; kind: string }>;
}

// kubeadm stores these documents under fixed names: an unknown value there is that kind, unverified.
const KUBEADM_CONFIGMAPS: Record<string, Record<string, string>> = {
    "kubelet-config": { kubelet: "KubeletConfiguration" },
    "kubeadm-config": { ClusterConfiguration: "ClusterConfiguration" },
    "kube-proxy": { "config.conf": "KubeProxyConfiguration" },
};

const cache = new WeakMap<object, Scan>();

/**
 * All documents of one resource. Cached per decoded props object, which every policy of the pack
 * shares (each policy's proxy differs, the object behind it does not), so ~30 policies cost one scan.
 */
export function scanResource(type: string, name: string, props: any): Scan {
    const raw = rawTarget(props);
    if (isObject(raw) && cache.has(raw)) return cache.get(raw)!;
    const scan: Scan = { docs: [], toml: [], cloudConfigs: [], kubeletFlags: [], errors: [], unknownKeys: [] };
    if (type === ONPREM_NODE_POOL_TYPE) {
        // Unknown inputs during preview propagate: the SDK reports the policy as not checkable.
        scanComponent(name, props, scan);
    } else {
        if (type === CONFIGMAP_TYPE) scanConfigMap(props, scan);
        // The raw object, not the proxy: no allocation per field, and unknown sentinels are just
        // strings that are not cloud-config.
        walkStrings(raw, [], 0, { n: 0 }, (s, path) => scanUserData(s, path, scan));
    }
    if (isObject(raw)) cache.set(raw, scan);
    return scan;
}

function scanComponent(name: string, props: any, scan: Scan): void {
    let rendered;
    try {
        rendered = renderNodePool(resolveSpec(props, name), { redact: true });
    } catch (e) {
        if (e instanceof UnknownValueError) throw e;
        scan.errors.push(`inputs cannot be rendered: ${e instanceof SpecError ? e.message : "invalid value"}`);
        return;
    }
    const where = (file: string) => `rendered from the OnPremNodePool inputs (${file})`;
    for (const f of rendered.files) addFile(f.path, f.content, where(f.path), "component", scan);
    const cloud = parseDocument(rendered.userData.replace(/^#cloud-config\n/, ""));
    if (isObject(cloud.toJS())) scan.cloudConfigs.push({ doc: cloud.toJS(), where: "rendered from the OnPremNodePool inputs (user-data)" });
}

function scanConfigMap(props: any, scan: Scan): void {
    const raw = rawTarget(props);
    const known = isObject(raw) && isObject(raw.metadata) && raw.metadata.namespace === "kube-system" && typeof raw.metadata.name === "string" ? KUBEADM_CONFIGMAPS[raw.metadata.name] : undefined;
    if (known && Object.prototype.hasOwnProperty.call(KUBEADM_CONFIGMAPS, (raw as any).metadata.name)) {
        const rawData = isObject(raw.data) ? raw.data : {};
        for (const [key, kind] of Object.entries(known)) if (isUnknownSentinel(rawData[key])) scan.unknownKeys.push({ key, kind });
    }
    const data = safe(() => props.data);
    if (!isObject(data)) return;
    for (const key of safe(() => Object.keys(data)) ?? []) {
        const value = safe(() => data[key]);
        if (typeof value !== "string" || !KIND_HINT.test(value)) continue;
        addYamlDocs(value, `data key "${key}"`, "configmap", scan);
    }
}

/** Parses YAML/JSON text (multi-document) and keeps documents of known kinds. */
function addYamlDocs(text: string, where: string, origin: FoundDoc["origin"], scan: Scan): void {
    let docs;
    try {
        // As the kubelet and kubeadm read their configuration: YAML 1.1 scalars (`authentication.anonymous.enabled: On`).
        docs = parseAllDocuments(text, KUBE_YAML);
    } catch {
        scan.errors.push(`${where}: not valid YAML or JSON`);
        return;
    }
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((d, i) => {
        const err = d.errors?.[0];
        if (err) {
            const pos = err.linePos?.[0];
            // The code and position only: the YAML library's message quotes the source text.
            scan.errors.push(`${where}${list.length > 1 ? ` document ${i + 1}` : ""}: not valid YAML or JSON (${err.code}${pos ? ` at line ${pos.line}, column ${pos.col}` : ""})`);
            return;
        }
        let value: unknown;
        try {
            value = d.toJS({ maxAliasCount: 100 });
        } catch {
            scan.errors.push(`${where}: YAML cannot be resolved (alias expansion)`);
            return;
        }
        if (!isObject(value)) return;
        const kind = value.kind;
        const apiVersion = value.apiVersion;
        if (typeof kind !== "string" || typeof apiVersion !== "string") return;
        const group = KNOWN_KINDS[kind];
        if (!group || !group.test(apiVersion)) return;
        scan.docs.push({ kind, apiVersion, doc: value, where, origin });
    });
}

/** A node file by its path: containerd TOML, kubelet flags, or a YAML configuration document. */
function addFile(path: string, content: string, where: string, origin: FoundDoc["origin"], scan: Scan): void {
    if (/\.toml$/.test(path)) addToml(path, content, where, scan);
    else if (KUBELET_FLAG_FILE.test(path)) scan.kubeletFlags.push({ flags: flagsOfUnitFile(content), label: `flags in "${path}"`, kubeadm: path.endsWith("/kubeadm-flags.env") });
    else if (KIND_HINT.test(content)) addYamlDocs(content, where, origin, scan);
}

function addToml(path: string, text: string, where: string, scan: Scan): void {
    try {
        scan.toml.push({ path, entries: parseToml(text), where });
    } catch (e) {
        scan.errors.push(`${where}: not valid TOML (${(e as Error).message})`);
    }
}

/** Visits every string in a props tree (bounded), skipping values unknown during preview. */
function walkStrings(v: unknown, path: string[], depth: number, budget: { n: number }, visit: (s: string, path: string[]) => void): void {
    if (depth > 16 || ++budget.n > 20000) return;
    if (typeof v === "string") {
        // Cheap pre-filter: user-data is long, and plain cloud-config starts with "#".
        if (v.length >= 16) visit(v, path);
        return;
    }
    if (Array.isArray(v)) {
        const len = safe(() => v.length) ?? 0;
        for (let i = 0; i < len; i++) {
            path.push(String(i));
            walkStrings(safe(() => v[i]), path, depth + 1, budget, visit);
            path.pop();
        }
        return;
    }
    if (isObject(v)) {
        for (const k of safe(() => Object.keys(v)) ?? []) {
            path.push(k);
            walkStrings(safe(() => v[k]), path, depth + 1, budget, visit);
            path.pop();
        }
    }
}

function safe<T>(f: () => T): T | undefined {
    try {
        return f();
    } catch {
        return undefined;
    }
}

/** Decodes user-data given as plain text, base64 or gzip+base64; undefined if not cloud-config. */
export function decodeUserData(s: string): string | undefined {
    const t = s.replace(/^\uFEFF/, "");
    if (/^\s*#cloud-config\b/.test(t)) return t;
    const compact = t.replace(/\s+/g, "");
    if (compact.length < 16 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
    try {
        let buf = Buffer.from(compact, "base64");
        if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
        const text = buf.toString("utf8");
        return /^\s*#cloud-config\b/.test(text) ? text : undefined;
    } catch {
        return undefined;
    }
}

function scanUserData(s: string, path: string[], scan: Scan): void {
    const text = decodeUserData(s);
    if (text === undefined) return;
    const prop = path.length > 0 ? path.join(".") : "(value)";
    const base = `cloud-init user-data in property ${prop}`;
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
        const pos = doc.errors[0].linePos?.[0];
        scan.errors.push(`${base}: not valid YAML (${doc.errors[0].code}${pos ? ` at line ${pos.line}` : ""})`);
        return;
    }
    let cloud: unknown;
    try {
        cloud = doc.toJS({ maxAliasCount: 100 });
    } catch {
        scan.errors.push(`${base}: YAML cannot be resolved`);
        return;
    }
    if (!isObject(cloud)) return;
    scan.cloudConfigs.push({ doc: cloud, where: base });
    const files = Array.isArray(cloud.write_files) ? cloud.write_files : [];
    files.forEach((f: unknown, i: number) => {
        if (!isObject(f)) return;
        const filePath = typeof f.path === "string" ? f.path : `write_files[${i}]`;
        const where = `${base}, write_files "${filePath}"`;
        const content = decodeContent(f.content, f.encoding);
        if (content === undefined) {
            if (f.content !== undefined) scan.errors.push(`${where}: content cannot be decoded (encoding ${typeof f.encoding === "string" ? f.encoding : "text"})`);
            return;
        }
        addFile(filePath, content, where, "cloud-init", scan);
    });
}

/** A write_files entry's content as text (encodings text, b64, gz+b64); undefined if it cannot be decoded. */
export function decodeContent(content: unknown, encoding: unknown): string | undefined {
    if (typeof content !== "string") return undefined;
    const enc = typeof encoding === "string" ? encoding.toLowerCase() : "text/plain";
    try {
        if (enc === "b64" || enc === "base64") return Buffer.from(content, "base64").toString("utf8");
        if (["gz+b64", "gzip+b64", "gz+base64", "gzip+base64"].includes(enc)) return gunzipSync(Buffer.from(content, "base64")).toString("utf8");
        if (enc === "gz" || enc === "gzip") return undefined;
        return content;
    } catch {
        return undefined;
    }
}

/** A short label for the resource: `ConfigMap kube-system/kubelet-config`, `OnPremNodePool "cp"`. */
export function resourceLabel(type: string, name: string, props: any): string {
    const kind = type.split(":").pop() ?? type;
    const metaName = safe(() => props?.metadata?.name);
    const ns = safe(() => props?.metadata?.namespace);
    const n = typeof metaName === "string" && metaName !== "" ? metaName : name;
    return typeof ns === "string" && ns !== "" ? `${kind} ${ns}/${n}` : `${kind} "${n}"`;
}
