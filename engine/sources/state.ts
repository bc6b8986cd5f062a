// A `pulumi stack export` checkpoint as a source of resources: audit what is deployed, offline.
// Deployment version 3: each resource's urn, type, inputs (what Analyze sees), outputs (what
// AnalyzeStack sees), parent, dependencies, propertyDependencies and provider. Secrets are kept as
// secrets: `plaintext` ones (an export with --show-secrets) are decoded, encrypted ones become
// placeholders with one notice. No secret value is ever printed.
import * as fs from "fs";
import { UserError } from "../errors";
import { EngineResource, Notice, SECRET_KEY, SECRET_SIG } from "../model";
import { downgradeResourceReferences } from "./program";
import { MAX_FILE_BYTES } from "./manifests";

interface StateResource {
    urn?: unknown;
    type?: unknown;
    custom?: unknown;
    inputs?: unknown;
    outputs?: unknown;
    parent?: unknown;
    dependencies?: unknown;
    propertyDependencies?: unknown;
    provider?: unknown;
    delete?: unknown;
}

function isObj(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** State-file secrets as wire-form secrets: plaintext decoded, ciphertext a placeholder (counted). */
function secretsOf(v: unknown, counts: { encrypted: number }): unknown {
    if (Array.isArray(v)) return v.map((x) => secretsOf(x, counts));
    if (!isObj(v)) return v;
    if (v[SECRET_KEY] === SECRET_SIG) {
        if (typeof v.plaintext === "string") {
            let value: unknown;
            try {
                value = JSON.parse(v.plaintext);
            } catch {
                value = v.plaintext;
            }
            return { [SECRET_KEY]: SECRET_SIG, value };
        }
        if ("value" in v) return { [SECRET_KEY]: SECRET_SIG, value: secretsOf(v.value, counts) };
        counts.encrypted++;
        return { [SECRET_KEY]: SECRET_SIG, value: "ksl-encrypted-secret" };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = secretsOf(x, counts);
    return out;
}

export function loadState(file: string): { resources: EngineResource[]; notices: Notice[]; stack: string; project: string } {
    let text: string;
    try {
        if (fs.statSync(file).size > 8 * MAX_FILE_BYTES) throw new UserError(`${file}: over the ${(8 * MAX_FILE_BYTES) / 1024 / 1024} MB limit for a state file`);
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new UserError(`${file}: not JSON (${(e as Error).message.split("\n")[0]}); expected the output of pulumi stack export`);
    }
    const deployment = isObj(doc) ? doc.deployment : undefined;
    if (!isObj(doc) || doc.version !== 3 || !isObj(deployment)) throw new UserError(`${file}: not a pulumi stack export of deployment version 3 (expected {"version": 3, "deployment": {...}})`);
    const list = Array.isArray(deployment.resources) ? (deployment.resources as StateResource[]) : [];
    const counts = { encrypted: 0 };
    let stack = "stack";
    let project = "project";
    const resources: EngineResource[] = [];
    const pendingDeletion: string[] = [];
    list.forEach((r, i) => {
        if (!isObj(r) || typeof r.urn !== "string" || typeof r.type !== "string") throw new UserError(`${file}: deployment.resources[${i}] has no urn or type`);
        if (r.delete === true) {
            // Pending deletion (the old copy of a replaced resource, or a delete that failed): not
            // part of the stack the program declares any more, and said so rather than dropped.
            pendingDeletion.push(r.urn);
            return;
        }
        const parts = r.urn.split("::");
        if (parts.length < 4) throw new UserError(`${file}: deployment.resources[${i}].urn is not a Pulumi URN`);
        stack = parts[0].replace(/^urn:pulumi:/, "");
        project = parts[1];
        const inputs = downgradeResourceReferences(secretsOf(isObj(r.inputs) ? r.inputs : {}, counts)) as Record<string, unknown>;
        const outputs = downgradeResourceReferences(secretsOf(isObj(r.outputs) ? r.outputs : {}, counts)) as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        if (isObj(r.propertyDependencies)) {
            for (const [k, v] of Object.entries(r.propertyDependencies)) if (Array.isArray(v)) propertyDependencies[k] = v.filter((x): x is string => typeof x === "string");
        }
        resources.push({
            urn: r.urn,
            type: r.type,
            name: parts.slice(3).join("::"),
            props: inputs,
            outputs,
            ...(typeof r.parent === "string" && r.parent ? { parent: r.parent } : {}),
            dependencies: Array.isArray(r.dependencies) ? r.dependencies.filter((x): x is string => typeof x === "string") : [],
            propertyDependencies,
            custom: r.custom === true,
            ...(typeof r.provider === "string" && r.provider ? { provider: r.provider } : {}),
        });
    });
    const notices: Notice[] = counts.encrypted
        ? [{ kind: "not-rendered", subject: file, message: `${counts.encrypted} encrypted secret value${counts.encrypted === 1 ? "" : "s"} read as placeholders (export with pulumi stack export --show-secrets to check them; ksl never prints them)` }]
        : [];
    for (const urn of pendingDeletion) {
        notices.push({ kind: "not-checked", subject: file, urn, message: `${urn} is pending deletion (delete: true): not checked; it leaves the stack with the next update (pulumi up, or pulumi refresh if the delete failed)` });
    }
    return { resources, notices, stack, project };
}
