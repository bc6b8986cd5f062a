// Paths to scan as one stack of resources: manifest files, directories (recursive), stdin, and
// Helm chart and kustomization directories (rendered through ./render.ts). All objects of a scan
// form one stack, in Kubernetes install order. Files that are not manifests (Helm values, app
// config) are skipped with a notice.
import * as fs from "fs";
import * as path from "path";
import { UserError } from "../errors";
import { crdScopes } from "../../policypacks/lib/kube-api";
import { EngineResource, Notice } from "../model";
import { decodeText, isPlainObject, ManifestObject, markSecrets, MAX_FILE_BYTES, sortByInstallOrder, typeToken, withDefaultNamespace } from "./manifests";
import { FileText, parseFiles } from "./parse-threads";
import { isHelmChartDir, isKustomizationFile, kustomizationFile, RenderError, renderHelmChart, renderKustomization, unusedByKustomization } from "./render";

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

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
type Unit = { kind: "file"; path: string } | { kind: "chart"; dir: string } | { kind: "kustomization"; dir: string } | { kind: "skipped"; dir: string };

/** Directories a scan does not descend into (what they hold is no deployment); each gets a notice. */
const SKIPPED_DIRS = new Set([".git", "node_modules"]);

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
            // Dot-files and dot-directories included: `kubectl apply -f DIR` (-R) applies them too.
            const child = path.join(p, e.name);
            if (e.isDirectory() && SKIPPED_DIRS.has(e.name)) {
                units.push({ kind: "skipped", dir: child });
                continue;
            }
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
    // Every file is read first and all are parsed together (on worker threads when large, see
    // ./parse-threads.ts); charts and kustomizations render after, in order. What is reported is
    // what reading path by path reports: the first failing path, unit or file stops the scan.
    const units: Array<Unit | { kind: "failed"; error: unknown }> = [];
    const files: FileText[] = [];
    const fileOf = new Map<number, number>();
    collect: for (const p of paths) {
        let found: Unit[];
        try {
            found = unitsOf(p);
        } catch (error) {
            units.push({ kind: "failed", error });
            break;
        }
        for (const unit of found) {
            if (unit.kind === "file") {
                const label = unit.path === "-" ? "<stdin>" : unit.path;
                try {
                    files.push({ label, text: readSource(unit.path, opts.stdin) });
                } catch (error) {
                    units.push({ kind: "failed", error });
                    break collect;
                }
                fileOf.set(units.length, files.length - 1);
            }
            units.push(unit);
        }
    }
    const parsed = parseFiles(files);

    const notices: Notice[] = [];
    const objects: ManifestObject[] = [];
    const add = (list: ManifestObject[]) => {
        for (const o of list) objects.push(o);
    };
    units.forEach((unit, i) => {
        if (unit.kind === "failed") throw unit.error;
        if (unit.kind === "skipped") {
            notices.push({ kind: "not-checked", subject: unit.dir, message: `not scanned (${path.basename(unit.dir)} holds no deployment); kubectl apply -R -f would read its .yaml/.yml/.json files: scan them by path if they are applied` });
            return;
        }
        if (unit.kind === "chart") {
            const releaseName = opts.helm?.releaseName ?? "release";
            add(renderOrFail(() => renderHelmChart({ chart: unit.dir, releaseName, namespace: opts.namespace, valueFiles: opts.helm?.valueFiles, cwd: process.cwd() }), unit.dir));
            notices.push({ kind: "rendered", subject: unit.dir, message: `Helm chart: rendered with helm template (release ${releaseName}${opts.namespace ? `, namespace ${opts.namespace}` : ""}${opts.helm?.valueFiles?.length ? `, values ${opts.helm.valueFiles.join(", ")}` : ", default values"})` });
            return;
        }
        if (unit.kind === "kustomization") {
            add(renderOrFail(() => renderKustomization(unit.dir, process.cwd()), unit.dir));
            notices.push({ kind: "rendered", subject: unit.dir, message: "kustomization: rendered with kubectl kustomize; its files are read through it" });
            for (const unused of unusedByKustomization(unit.dir)) {
                notices.push({ kind: "not-checked", subject: unused, message: `in kustomization ${unit.dir} but never named by it (resources, patches, generators): kubectl apply -k does not deploy it, so it was not checked; scan it by its own path if it is applied on its own` });
            }
            return;
        }
        const k = fileOf.get(i)!;
        const result = parsed[k];
        if ("error" in result) throw result.error;
        if ("notManifest" in result) notices.push({ kind: "skipped", subject: files[k].label, message: "not a Kubernetes manifest (no document has apiVersion or kind): skipped" });
        else add(result.objects);
    });
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
