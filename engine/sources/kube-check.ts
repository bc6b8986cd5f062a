// What the Kubernetes provider's Check does to a resource's inputs before any policy pack sees
// them: a real preview analyzes the *checked* inputs (pulumi-kubernetes provider.go Check, v4).
// - A namespaced object without metadata.namespace gets the provider's default namespace: its
//   `namespace` argument (stack config `kubernetes:namespace` for the default provider), else the
//   namespace of the kubeconfig context it uses ("default" when the context names none).
// - An object without metadata.name (and generateName) is auto-named `<name>-<8 hex>` and
//   annotated `pulumi.com/autonamed: "true"`.
// - With Server-Side Apply off, `app.kubernetes.io/managed-by: pulumi` is added.
// - Read-only metadata is dropped; a Secret's stringData is folded into base64 data.
// When the provider's own configuration is not known during preview (a kubeconfig from a cluster
// being created), the engine does not call Check at all and the inputs reach the packs unchanged.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { isNamespacedKind } from "../../policypacks/lib/kube-api";
import { SECRET_KEY, SECRET_SIG, UNKNOWN } from "../model";
import { pseudoRandom } from "./mock-state";

/** The part of a Kubernetes provider's configuration that changes what Check returns. */
export interface KubeProviderConfig {
    /** False when some of the provider's inputs are unknown during preview: Check is skipped. */
    known: boolean;
    /** The namespace Check puts namespaced objects without one into; undefined: none. */
    defaultNamespace?: string;
    serverSideApply: boolean;
}

function isObj(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (isObj(v)) return Object.values(v).some(containsUnknown);
    return false;
}

function unwrapSecret(v: unknown): unknown {
    return isObj(v) && v[SECRET_KEY] === SECRET_SIG ? v.value : v;
}

/** A kubeconfig document: inline YAML/JSON, or a path to one (as the provider's parseKubeconfigString). */
function readKubeconfig(pathOrContents: string): Record<string, any> | undefined {
    let text = pathOrContents;
    if (!/[\n:]/.test(pathOrContents.trim()) || fs.existsSync(pathOrContents)) {
        try {
            text = fs.readFileSync(pathOrContents.replace(/^~(?=\/)/, os.homedir()), "utf8");
        } catch {
            return undefined;
        }
    }
    try {
        const doc = YAML.parse(text);
        return isObj(doc) ? doc : undefined;
    } catch {
        return undefined;
    }
}

function named(list: unknown, name: string): Record<string, any> | undefined {
    return Array.isArray(list) ? list.find((e) => isObj(e) && e.name === name) : undefined;
}

/**
 * The namespace client-go's kubeconfig loading gives (ClientConfig.Namespace): the selected
 * context's namespace, "default" when it names none, nothing when there is no usable config.
 */
export function kubeconfigNamespace(docs: Record<string, any>[], contextOverride?: string): string | undefined {
    // Merged as client-go merges KUBECONFIG files: the first file to set a value wins.
    const current = contextOverride || docs.map((d) => d["current-context"]).find((c) => typeof c === "string" && c);
    if (!current) return undefined;
    const context = docs.map((d) => named(d.contexts, current)).find(Boolean)?.context;
    if (!isObj(context)) return undefined;
    const cluster = docs.map((d) => named(d.clusters, String(context.cluster))).find(Boolean)?.cluster;
    if (!isObj(cluster) || typeof cluster.server !== "string" || !cluster.server) return undefined;
    return typeof context.namespace === "string" && context.namespace ? context.namespace : "default";
}

/** The ambient kubeconfig the provider loads when given none: $KUBECONFIG's files, else ~/.kube/config. */
function ambientKubeconfigs(env: NodeJS.ProcessEnv): Record<string, any>[] {
    const files = env.KUBECONFIG ? env.KUBECONFIG.split(path.delimiter).filter(Boolean) : [path.join(os.homedir(), ".kube", "config")];
    return files.map((f) => (fs.existsSync(f) ? readKubeconfig(f) : undefined)).filter((d): d is Record<string, any> => d !== undefined);
}

function parseBool(v: unknown): boolean | undefined {
    if (typeof v === "boolean") return v;
    if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
    return undefined;
}

/**
 * A provider's configuration from its inputs (an explicit `kubernetes.Provider`) or, for the
 * default provider, from the stack's `kubernetes:*` config.
 */
export function kubeProviderConfig(inputs: Record<string, unknown> | undefined, stackConfig: Record<string, string>, env: NodeJS.ProcessEnv = process.env): KubeProviderConfig {
    const get = (key: string): unknown => (inputs ? unwrapSecret(inputs[key]) : stackConfig[`kubernetes:${key}`]);
    if (inputs && containsUnknown(inputs)) return { known: false, serverSideApply: true };
    const ssa = parseBool(get("enableServerSideApply")) ?? parseBool(env.PULUMI_K8S_ENABLE_SERVER_SIDE_APPLY) ?? true;
    const namespace = get("namespace");
    if (typeof namespace === "string" && namespace) return { known: true, defaultNamespace: namespace, serverSideApply: ssa };
    const kubeconfig = get("kubeconfig");
    const context = typeof get("context") === "string" ? (get("context") as string) : undefined;
    const docs = typeof kubeconfig === "string" && kubeconfig ? [readKubeconfig(kubeconfig)].filter((d): d is Record<string, any> => d !== undefined) : ambientKubeconfigs(env);
    return { known: true, defaultNamespace: kubeconfigNamespace(docs, context), serverSideApply: ssa };
}

const READ_ONLY_METADATA = ["creationTimestamp", "deletionGracePeriodSeconds", "deletionTimestamp", "generation", "managedFields", "resourceVersion", "uid"];

/** `kubernetes:apps/v1:Deployment` → apiVersion `apps/v1`, kind `Deployment`. */
function gvkOf(type: string): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) return undefined;
    const [group, version] = m[1].split("/");
    return { apiVersion: group === "core" ? version : `${group}/${version}`, kind: m[2] };
}

/**
 * The inputs the provider's Check returns for a Kubernetes object (`type` a `kubernetes:` custom
 * resource token, `name` the resource's logical name). Values stay in wire form: secrets and
 * unknowns are kept where they were.
 */
export function checkedKubernetesInputs(type: string, name: string, inputs: Record<string, unknown>, cfg: KubeProviderConfig, crdScopes: Map<string, string>): Record<string, unknown> {
    const gvk = gvkOf(type);
    if (!cfg.known || !gvk || type.startsWith("kubernetes:helm.sh/") || /List$/.test(gvk.kind)) return inputs;
    const out: Record<string, any> = { ...inputs };
    const meta: Record<string, any> = isObj(out.metadata) ? { ...out.metadata } : {};
    for (const k of READ_ONLY_METADATA) delete meta[k];
    const hasName = meta.name !== undefined && meta.name !== "";
    const hasGenerateName = meta.generateName !== undefined && meta.generateName !== "";
    if (!hasName && !hasGenerateName) {
        meta.name = `${name}-${pseudoRandom(`${type}::${name}`)}`;
        meta.annotations = { ...(isObj(meta.annotations) ? meta.annotations : {}), "pulumi.com/autonamed": "true" };
    }
    if (!cfg.serverSideApply) meta.labels = { ...(isObj(meta.labels) ? meta.labels : {}), "app.kubernetes.io/managed-by": "pulumi" };
    const ns = meta.namespace;
    if (cfg.defaultNamespace && (ns === undefined || ns === "") && isNamespacedKind(gvk.apiVersion, gvk.kind, crdScopes)) meta.namespace = cfg.defaultNamespace;
    out.metadata = meta;
    if (gvk.kind === "Secret" && gvk.apiVersion === "v1" && !containsUnknown(out)) foldStringData(out);
    return out;
}

/**
 * The provider's Secret normalisation: stringData folded into base64 data (stringData wins, as in
 * the apiserver's conversion), and `data`/`stringData` marked secret as a whole (annotateSecrets).
 */
function foldStringData(secret: Record<string, any>): void {
    const sd = unwrapSecret(secret.stringData);
    if (isObj(sd) && Object.keys(sd).length > 0 && Object.values(sd).every((v) => typeof unwrapSecret(v) === "string")) {
        const data: Record<string, unknown> = {};
        const old = unwrapSecret(secret.data);
        if (isObj(old)) for (const [k, v] of Object.entries(old)) data[k] = unwrapSecret(v);
        for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(unwrapSecret(v)), "utf8").toString("base64");
        secret.data = data;
        delete secret.stringData;
    }
    for (const key of ["data", "stringData"]) {
        if (secret[key] !== undefined && !(isObj(secret[key]) && secret[key][SECRET_KEY] === SECRET_SIG)) secret[key] = { [SECRET_KEY]: SECRET_SIG, value: secret[key] };
    }
}
