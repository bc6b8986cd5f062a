// The Kubernetes objects of another stack, for `ksl config --context-from` and
// `--allowed-registries-from`: read from a `pulumi stack export` file (its resources' outputs, as
// the provider returned them) or from manifests, charts and kustomizations as `ksl scan` reads them.
import * as fs from "fs";
import { UserError } from "../errors";
import { SECRET_KEY, SECRET_SIG } from "../model";
import { scanManifests } from "./scan-paths";

export interface PlatformObjects {
    /** Plain Kubernetes objects (apiVersion, kind, metadata, ...); secret values left out. */
    objects: Array<Record<string, unknown>>;
    /** What they were read from, for the report. */
    source: string;
}

function isObj(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A value with every secret left out: these objects are read for labels, specs and images only. */
function withoutSecrets(v: unknown, depth = 0): unknown {
    if (depth > 64) return undefined;
    if (Array.isArray(v)) return v.map((x) => withoutSecrets(x, depth + 1));
    if (!isObj(v)) return v;
    // A secret, in a stack export (ciphertext) or in the wire form: never read.
    if (v[SECRET_KEY] === SECRET_SIG) return undefined;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutSecrets(x, depth + 1)]));
}

/** `kubernetes:apps/v1:Deployment` → { apiVersion: "apps/v1", kind: "Deployment" }; core/v1 → v1. */
function apiOf(type: string): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) return undefined;
    return { apiVersion: m[1].startsWith("core/") ? m[1].slice(5) : m[1], kind: m[2] };
}

/** The resources of a `pulumi stack export` document, or undefined when the text is not one. */
function stackExportObjects(file: string, text: string): Array<Record<string, unknown>> | undefined {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        return undefined;
    }
    const deployment = isObj(doc) ? doc.deployment : undefined;
    if (!isObj(deployment)) return undefined;
    if (!Array.isArray(deployment.resources)) throw new UserError(`${file}: a stack export without deployment.resources (pulumi stack export writes them)`);
    const out: Array<Record<string, unknown>> = [];
    deployment.resources.forEach((r: unknown, i: number) => {
        if (!isObj(r) || typeof r.type !== "string" || !r.type.startsWith("kubernetes:")) return;
        const api = apiOf(r.type);
        if (!api) return;
        // Outputs are what the provider created (its defaults applied); inputs when it has none yet.
        const body = isObj(r.outputs) && Object.keys(r.outputs).length ? r.outputs : r.inputs;
        if (!isObj(body)) throw new UserError(`${file}: deployment.resources[${i}] (${r.type}): no outputs or inputs`);
        out.push({ ...(withoutSecrets(body) as Record<string, unknown>), apiVersion: api.apiVersion, kind: api.kind });
    });
    return out;
}

/** Reads the objects of another stack from stack-export files, or from manifest paths (ksl scan's reader). */
export function readPlatformObjects(paths: string[]): PlatformObjects {
    if (paths.length === 0) throw new UserError("name a stack export (pulumi stack export > platform.json) or manifest paths");
    const objects: Array<Record<string, unknown>> = [];
    const manifests: string[] = [];
    const exports: string[] = [];
    for (const p of paths) {
        if (p !== "-" && p.toLowerCase().endsWith(".json") && fs.existsSync(p) && fs.statSync(p).isFile()) {
            const found = stackExportObjects(p, fs.readFileSync(p, "utf8"));
            if (found) {
                objects.push(...found);
                exports.push(p);
                continue;
            }
        }
        manifests.push(p);
    }
    if (manifests.length) {
        for (const r of scanManifests(manifests).resources) {
            const api = apiOf(r.type);
            if (api) objects.push({ ...(withoutSecrets(r.props) as Record<string, unknown>), apiVersion: api.apiVersion, kind: api.kind });
        }
    }
    const source = [...exports.map((e) => `stack export ${e}`), ...(manifests.length ? [`manifests ${manifests.join(", ")}`] : [])].join("; ");
    return { objects, source };
}
