// Rendering what Helm charts and kustomizations deploy, with the real `helm template` and
// `kubectl kustomize` (the Kubernetes provider embeds the same engines). Used by `ksl scan` for
// chart and kustomization directories and by `ksl preview` for the provider's components.
// Binaries come from KSL_HELM / KSL_KUBECTL or PATH; nothing is downloaded.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ManifestObject, parseManifests, yamlDocuments } from "./manifests";

/** Content that could not be rendered: `reason` says why, `hint` what the user can do. */
export class RenderError extends Error {
    constructor(
        public readonly reason: string,
        public readonly hint: string,
    ) {
        super(`${reason}; ${hint}`);
        this.name = "RenderError";
    }
}

export type Tool = "helm" | "kubectl";
const TOOL_ENV: Record<Tool, string> = { helm: "KSL_HELM", kubectl: "KSL_KUBECTL" };

/** The tool's binary: $KSL_HELM / $KSL_KUBECTL when set, else the first executable on PATH. */
export function findTool(tool: Tool): string | undefined {
    const override = process.env[TOOL_ENV[tool]];
    if (override) return fs.existsSync(override) ? override : undefined;
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        if (!dir) continue;
        const candidate = path.join(dir, tool);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            if (fs.statSync(candidate).isFile()) return candidate;
        } catch {
            // not here
        }
    }
    return undefined;
}

function requireTool(tool: Tool, what: string): string {
    const bin = findTool(tool);
    if (bin) return bin;
    const override = process.env[TOOL_ENV[tool]];
    throw new RenderError(
        override ? `${TOOL_ENV[tool]}=${override} does not exist` : `${tool} is not on PATH`,
        `install ${tool} or set ${TOOL_ENV[tool]} to its path to check ${what}`,
    );
}

const RENDER_TIMEOUT_MS = Number(process.env.KSL_RENDER_TIMEOUT_MS ?? 120_000);

function run(bin: string, args: string[], cwd: string, what: string, hint: string): string {
    try {
        return execFileSync(bin, args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: RENDER_TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        const err = e as { stderr?: string; message?: string; code?: string; signal?: string };
        const detail = (err.stderr || err.message || String(e)).split("\n").map((l) => l.trim()).filter(Boolean)[0] ?? "";
        const why = err.signal === "SIGTERM" ? `timed out after ${RENDER_TIMEOUT_MS / 1000} s` : detail.replace(/^Error:\s*/, "");
        throw new RenderError(`${path.basename(bin)} could not render ${what}: ${why.slice(0, 300)}`, hint);
    }
}

/** Helm chart rendering, in the terms both chart components and `ksl scan` use. */
export interface HelmChartSpec {
    /** A chart directory or archive, a `repo/chart` reference, an `oci://` or `https://` URL. */
    chart: string;
    releaseName: string;
    namespace?: string;
    version?: string;
    /** Chart repository URL (`--repo`). */
    repo?: string;
    /** Values files, lowest precedence first. */
    valueFiles?: string[];
    /** Values given inline; they override the files, as the providers merge them. */
    values?: Record<string, unknown>;
    /** Render the chart's `crds/` (the components install CRDs unless told to skip them). */
    includeCrds?: boolean;
    /** Render test hooks (`helm.sh/hook: test`); other hooks are always rendered. */
    includeTests?: boolean;
    kubeVersion?: string;
    apiVersions?: string[];
    devel?: boolean;
    dependencyUpdate?: boolean;
    /**
     * helm.v4.Chart's `postRenderer`: a command the rendered manifest (hooks aside) is piped through,
     * its output what is deployed (Helm's postrender.NewExec, which the provider runs).
     */
    postRenderer?: { command: string; args?: string[] };
    /** Directory relative paths are resolved from. */
    cwd: string;
}

export interface RenderedObject extends ManifestObject {}

/** `helm template` of a chart; objects located at their template (`# Source:`), line 1. */
export function renderHelmChart(spec: HelmChartSpec): RenderedObject[] {
    const what = `chart ${spec.chart}`;
    const helm = requireTool("helm", `what ${what} deploys`);
    const hint = `render it yourself and scan the output: helm template ${spec.releaseName} ${spec.chart} | ksl scan -`;
    const args = ["template", spec.releaseName, spec.chart];
    if (spec.namespace) args.push("--namespace", spec.namespace);
    if (spec.version) args.push("--version", spec.version);
    if (spec.repo) args.push("--repo", spec.repo);
    if (spec.devel) args.push("--devel");
    if (spec.dependencyUpdate) args.push("--dependency-update");
    if (spec.includeCrds !== false) args.push("--include-crds");
    if (!spec.includeTests) args.push("--skip-tests");
    if (spec.kubeVersion) args.push("--kube-version", spec.kubeVersion);
    for (const v of spec.apiVersions ?? []) args.push("--api-versions", v);
    for (const f of spec.valueFiles ?? []) args.push("--values", path.resolve(spec.cwd, f));
    let tmp: string | undefined;
    try {
        if (spec.values && Object.keys(spec.values).length > 0) {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-values-"));
            const file = path.join(tmp, "values.json");
            // JSON is YAML: helm reads it as a values file, with the highest precedence given last.
            fs.writeFileSync(file, JSON.stringify(spec.values), { mode: 0o600 });
            args.push("--values", file);
        }
        let out = run(helm, args, spec.cwd, what, hint);
        if (spec.postRenderer) out = postRender(out, spec.postRenderer, spec.cwd, what);
        const chartDir = fs.existsSync(path.resolve(spec.cwd, spec.chart)) ? displayPath(path.resolve(spec.cwd, spec.chart)) : undefined;
        return locateHelmSources(parseManifests(out, `helm template ${spec.chart}`), out, chartDir, spec.chart);
    } finally {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/**
 * The manifest as the post-renderer rewrites it: Helm pipes the release manifest - every document
 * but the hooks - through the command and deploys its output; hooks are kept as rendered.
 */
function postRender(text: string, pr: { command: string; args?: string[] }, cwd: string, what: string): string {
    const chunks = text.split(/^---[ \t]*$/m);
    const isHook = (chunk: string) => /^\s*helm\.sh\/hook:/m.test(chunk);
    const hooks = chunks.filter(isHook);
    const manifest = chunks.filter((c) => !isHook(c) && c.trim()).join("---");
    let rendered: string;
    try {
        rendered = execFileSync(pr.command, pr.args ?? [], { cwd, input: manifest, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: RENDER_TIMEOUT_MS, stdio: ["pipe", "pipe", "pipe"] });
    } catch (e) {
        const err = e as { stderr?: string; message?: string; code?: string };
        const detail = err.code === "ENOENT" ? `${pr.command} not found` : ((err.stderr || err.message || String(e)).split("\n").map((l) => l.trim()).filter(Boolean)[0] ?? "");
        throw new RenderError(`the post-renderer of ${what} (${[pr.command, ...(pr.args ?? [])].join(" ")}) failed: ${detail.slice(0, 300)}`, "install the post-renderer where ksl runs, or render the chart and scan the post-rendered output");
    }
    return [rendered, ...hooks].join("\n---\n");
}

/** Each rendered object's template file, from the `# Source: <chart>/templates/x.yaml` comment before it. */
function locateHelmSources(objects: ManifestObject[], text: string, chartDir: string | undefined, chart: string): RenderedObject[] {
    const sources: Array<string | undefined> = [];
    let current: string | undefined;
    for (const line of text.split("\n")) {
        if (line.startsWith("---")) current = undefined;
        const m = /^# Source: (.+)$/.exec(line);
        if (m) current = m[1].trim();
        sources.push(current);
    }
    return objects.map((o) => {
        const src = sources[o.line - 1];
        if (!src) return { ...o, file: chartDir ?? chart, line: 1 };
        // `<chart name>/templates/x.yaml`: the first segment is the chart's name, not its directory.
        const rel = src.split("/").slice(1).join("/");
        return { ...o, file: chartDir ? path.join(chartDir, rel) : `${chart}/${rel}`, line: 1 };
    });
}

/** `kubectl kustomize DIR`; objects located at the kustomization file. */
export function renderKustomization(dir: string, cwd: string): RenderedObject[] {
    const abs = path.resolve(cwd, dir);
    const what = `kustomization ${dir}`;
    const kubectl = requireTool("kubectl", `what ${what} deploys`);
    const out = run(kubectl, ["kustomize", abs], cwd, what, `render it yourself and scan the output: kubectl kustomize ${dir} | ksl scan -`);
    const file = displayPath(kustomizationFile(abs) ?? abs);
    return parseManifests(out, `kubectl kustomize ${dir}`).map((o) => ({ ...o, file, line: 1 }));
}

/** Relative to the working directory when inside it (as scanned files are shown), else absolute. */
function displayPath(abs: string): string {
    const rel = path.relative(process.cwd(), abs);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** The kustomization file of a directory, if it is a kustomization. */
export function kustomizationFile(dir: string): string | undefined {
    for (const f of KUSTOMIZATION_FILES) {
        const p = path.join(dir, f);
        if (fs.existsSync(p)) return p;
    }
    return undefined;
}

export function isKustomizationFile(file: string): boolean {
    return KUSTOMIZATION_FILES.includes(path.basename(file));
}

/** Whether a directory is a Helm chart (has Chart.yaml). */
export function isHelmChartDir(dir: string): boolean {
    return fs.existsSync(path.join(dir, "Chart.yaml"));
}

const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/**
 * Manifest files under a kustomization directory that its kustomization never names - in
 * resources, patches, generators or any other field - nor lies under a directory it names, and
 * nested kustomizations and charts it never names: `kubectl apply -k` deploys nothing of them, so a scan of
 * the directory checks nothing of them either. Paths are joined to `dir` as given.
 */
export function unusedByKustomization(dir: string): string[] {
    const file = kustomizationFile(dir);
    if (!file) return [];
    let doc: unknown;
    try {
        doc = yamlDocuments(fs.readFileSync(file, "utf8"), file).documents[0]?.value;
    } catch {
        return []; // a kustomization that cannot be read fails its render, with the reason
    }
    const root = path.resolve(dir);
    const named = new Set<string>();
    const collect = (v: unknown): void => {
        if (typeof v === "string") named.add(path.resolve(root, v));
        else if (Array.isArray(v)) v.forEach(collect);
        else if (v && typeof v === "object") Object.values(v).forEach(collect);
    };
    collect(doc);
    const o = doc && typeof doc === "object" ? (doc as Record<string, any>) : {};
    if (o.helmCharts) named.add(path.resolve(root, typeof o.helmGlobals?.chartHome === "string" ? o.helmGlobals.chartHome : "charts"));
    const isNamed = (abs: string) => {
        for (let p = abs; p.length > root.length; p = path.dirname(p)) if (named.has(p)) return true;
        return false;
    };
    const unused: string[] = [];
    const visit = (d: string): void => {
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(d, { withFileTypes: true });
        } catch {
            // Unreadable: whatever it holds was not checked either.
            if (d !== dir) unused.push(d);
            return;
        }
        for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            if (e.name.startsWith(".") || e.name === "node_modules") continue;
            const child = path.join(d, e.name);
            const abs = path.resolve(child);
            if (isNamed(abs)) continue;
            if (e.isDirectory()) {
                if (kustomizationFile(child) || isHelmChartDir(child)) unused.push(child);
                else visit(child);
            } else if (e.isFile() && MANIFEST_EXTENSIONS.has(path.extname(e.name).toLowerCase()) && abs !== path.resolve(file)) {
                unused.push(child);
            }
        }
    };
    visit(dir);
    return unused;
}
