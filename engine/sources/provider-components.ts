// The Kubernetes provider's content components, rendered as the provider renders them so that what
// they deploy reaches the packs as their children, exactly as in a real preview:
// - yaml v1 ConfigFile/ConfigGroup, helm.v3.Chart and kustomize v1 Directory are SDK components:
//   the SDK registers the children itself from an invoke (`kubernetes:yaml:decode`,
//   `kubernetes:helm:template`, `kubernetes:kustomize:directory`), answered here;
// - yaml.v2.ConfigFile/ConfigGroup, helm.v4.Chart and kustomize.v2.Directory are provider-side
//   components: the provider registers each object as a child named `<prefix>:<namespace>/<name>`
//   (prefix: `resourcePrefix`, default the component's name), done here.
// What cannot be rendered raises a RenderError; the caller reports the component as not checked.
import * as fs from "fs";
import * as path from "path";
import { CONTENT_COMPONENT_TYPES, crdScopes, isNamespacedKind } from "../../policypacks/lib/kube-api";
import { SECRET_KEY, SECRET_SIG, UNKNOWN } from "../model";
import { markSecrets, parseManifests, sortByInstallOrder, typeToken, withDefaultNamespace, yamlDocuments } from "./manifests";
import { RenderError, renderHelmChart, renderKustomization } from "./render";

const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

export interface RenderedChild {
    type: string;
    name: string;
    /** Wire form (Secret data marked secret, as the provider does). */
    props: Record<string, unknown>;
}

function isObj(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Wire-form inputs as plain values: secrets unwrapped, assets as their path; unknowns refuse rendering. */
function plain(v: unknown, what: string): any {
    if (v === UNKNOWN) throw new RenderError(`${what} is not known during preview`, "its content is rendered once the value is known (pulumi up), or scan the rendered output with ksl scan");
    if (Array.isArray(v)) return v.map((x) => plain(x, what));
    if (!isObj(v)) return v;
    const sig = v[SECRET_KEY];
    if (sig === SECRET_SIG) return plain(v.value, what);
    if (sig === ASSET_SIG || sig === ARCHIVE_SIG) {
        if (typeof v.path === "string") return v.path;
        if (typeof v.text === "string") return { text: v.text };
        throw new RenderError(`${what} is a remote asset`, "download it and pass a local file");
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x, what);
    return out;
}

/** Every document, as the v1 SDK wants them (it flattens Lists itself); same reading and limits as `ksl scan`. */
function documentsOf(text: string, file: string): Record<string, unknown>[] {
    return yamlDocuments(text, file).documents.map((d) => d.value as Record<string, unknown>);
}

/** The Kubernetes objects of a YAML text, Lists flattened, as the provider registers them (v2). */
function objectsOf(text: string, file: string): Record<string, unknown>[] {
    return parseManifests(text, file).map((m) => m.object);
}

function isUrl(s: string): boolean {
    return /^https?:\/\//i.test(s);
}

function readLocal(file: string, cwd: string, what: string): string {
    if (isUrl(file)) throw new RenderError(`${what} reads ${file} over the network`, "download it and scan it with ksl scan, or reference a local file");
    const p = path.resolve(cwd, file);
    try {
        return fs.readFileSync(p, "utf8");
    } catch (e) {
        throw new RenderError(`${what}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, "check the path");
    }
}

function globFiles(pattern: string, cwd: string): string[] {
    if (isUrl(pattern) || !/[*?[\]{}]/.test(pattern)) return [pattern];
    const { globSync } = require("glob") as { globSync: (p: string, o: object) => string[] };
    return globSync(pattern, { cwd, dotRelative: true }).sort();
}

/**
 * The provider's decodeYaml (invoke_decode_yaml.go) for the decode and helm template invokes:
 * documents without kind or apiVersion are dropped, and namespaced objects without a namespace get
 * the invoke's default namespace (a kind no CRD among them declares is taken as namespaced, as the
 * provider does without cluster discovery). The SDK components key their children by that
 * namespace (`chart.getResource("v1/Service", "ingress", "edge")`).
 */
function withInvokeNamespace(objects: Record<string, unknown>[], namespace: unknown): Record<string, unknown>[] {
    const kept = objects.filter((o) => isObj(o) && typeof o.kind === "string" && o.kind !== "" && typeof o.apiVersion === "string" && o.apiVersion !== "");
    if (typeof namespace !== "string" || namespace === "") return kept;
    const scopes = crdScopes(kept);
    return kept.map((o) => withDefaultNamespace(o, namespace, scopes));
}

/** Answers the SDK components' invokes; undefined for other tokens. */
export function answerContentInvoke(token: string, inputs: Record<string, any>, cwd: string): { result: unknown[] } | undefined {
    switch (token) {
        case "kubernetes:yaml:decode":
            return { result: withInvokeNamespace(documentsOf(String(inputs.text ?? ""), "yaml"), inputs.defaultNamespace) };
        case "kubernetes:kustomize:directory":
            return { result: renderKustomization(String(inputs.directory), cwd).map((o) => o.object) };
        case "kubernetes:helm:template": {
            const o = JSON.parse(String(inputs.jsonOpts ?? "{}")) as Record<string, any>;
            const fetch = isObj(o.fetch_opts) ? o.fetch_opts : {};
            return {
                result: withInvokeNamespace(renderHelmChart({
                    chart: String(o.path ?? o.chart ?? ""),
                    releaseName: String(o.release_name),
                    namespace: o.namespace,
                    version: o.version ?? fetch.version,
                    repo: o.path ? undefined : (o.repo ?? fetch.repo),
                    values: isObj(o.values) ? o.values : undefined,
                    includeCrds: !o.skip_crd_rendering,
                    includeTests: o.include_test_hook_resources === true,
                    kubeVersion: o.kube_version,
                    apiVersions: Array.isArray(o.api_versions) ? o.api_versions : undefined,
                    devel: fetch.devel === true,
                    cwd,
                }).map((x) => x.object), o.namespace),
            };
        }
        default:
            return undefined;
    }
}

/** The objects a provider-side component deploys, as the provider registers them; undefined for other types. */
export function renderProviderComponent(type: string, name: string, wireInputs: Record<string, unknown>, cwd: string): RenderedChild[] | undefined {
    const T = CONTENT_COMPONENT_TYPES;
    if (type !== T.yamlV2ConfigFile && type !== T.yamlV2ConfigGroup && type !== T.helmV4Chart && type !== T.kustomizeV2Directory) return undefined;
    const what = `${type.split(":").slice(1).join(":")} '${name}'`;
    const inputs = plain(wireInputs, `an input of ${what}`) as Record<string, any>;
    let objects: Record<string, unknown>[] = [];
    let defaultNamespace: string | undefined;
    switch (type) {
        case T.yamlV2ConfigFile:
            objects = objectsOf(readLocal(String(inputs.file ?? ""), cwd, what), String(inputs.file));
            break;
        case T.yamlV2ConfigGroup: {
            const files = inputs.files === undefined ? [] : Array.isArray(inputs.files) ? inputs.files : [inputs.files];
            for (const f of files) for (const file of globFiles(String(f), cwd)) objects.push(...objectsOf(readLocal(file, cwd, what), file));
            const texts = inputs.yaml === undefined ? [] : Array.isArray(inputs.yaml) ? inputs.yaml : [inputs.yaml];
            for (const t of texts) objects.push(...objectsOf(String(t), `${what} yaml`));
            // Objects given inline: through the same reader, so Lists among them are flattened too.
            for (const o of Array.isArray(inputs.objs) ? inputs.objs : inputs.objs ? [inputs.objs] : []) if (isObj(o)) objects.push(...objectsOf(JSON.stringify(o), `${what} objs`));
            break;
        }
        case T.kustomizeV2Directory:
            defaultNamespace = inputs.namespace;
            objects = renderKustomization(String(inputs.directory ?? ""), cwd).map((o) => o.object);
            break;
        case T.helmV4Chart: {
            const repo = isObj(inputs.repositoryOpts) ? inputs.repositoryOpts : {};
            defaultNamespace = inputs.namespace;
            const valueFiles = (Array.isArray(inputs.valueYamlFiles) ? inputs.valueYamlFiles : []).map((f: unknown) => {
                if (typeof f === "string") return f;
                throw new RenderError(`${what} has an inline values asset`, "pass values files as FileAsset");
            });
            objects = renderHelmChart({
                chart: String(inputs.chart ?? ""),
                releaseName: typeof inputs.name === "string" && inputs.name ? inputs.name : name,
                namespace: inputs.namespace,
                version: inputs.version,
                repo: repo.repo,
                valueFiles,
                values: isObj(inputs.values) ? inputs.values : undefined,
                includeCrds: inputs.skipCrds !== true,
                includeTests: false,
                devel: inputs.devel === true,
                dependencyUpdate: inputs.dependencyUpdate === true,
                postRenderer: isObj(inputs.postRenderer) && typeof inputs.postRenderer.command === "string" ? { command: inputs.postRenderer.command, args: Array.isArray(inputs.postRenderer.args) ? inputs.postRenderer.args.map(String) : [] } : undefined,
                cwd,
            }).map((o) => o.object);
            break;
        }
    }
    // Every source above yields objects with Lists already flattened (the manifest reader, helm, kustomize).
    const scopes = crdScopes(objects);
    const prefix = typeof inputs.resourcePrefix === "string" ? inputs.resourcePrefix : name;
    return sortByInstallOrder(objects).map((raw) => {
        const obj = withDefaultNamespace(raw, defaultNamespace, scopes);
        const meta = isObj(obj.metadata) ? obj.metadata : {};
        const namespaced = isNamespacedKind(String(obj.apiVersion), String(obj.kind), scopes);
        const objName = typeof meta.name === "string" ? meta.name : String(meta.generateName ?? "");
        const id = namespaced && typeof meta.namespace === "string" && meta.namespace ? `${meta.namespace}/${objName}` : objName;
        return {
            type: typeToken(String(obj.apiVersion), String(obj.kind)),
            name: prefix ? `${prefix}:${id}` : id,
            props: markSecrets(obj),
        };
    });
}
