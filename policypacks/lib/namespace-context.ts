// Namespace context: facts about namespaces that live in another stack. Platform teams create
// namespaces, their default-deny NetworkPolicies, quotas and Pod Security labels in one stack
// (HardenedNamespace) and deploy applications in another; the application stack's packs would
// otherwise block it for what the platform stack already did. The `namespaceContext` option of
// the policies that read namespace objects carries those objects, and the policies use them
// exactly as if they were in the stack; a finding never lands on one, and the report says which
// facts came from context. `ksl config --context-from` writes the option from the platform
// stack's `pulumi stack export` or its manifests.
import type { PolicyResource } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isObject, k8sType } from "./k8s";

/** The kinds a namespace context may hold: what the namespace-level policies read. */
export const CONTEXT_KINDS = ["Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange"] as const;

/** URNs of context objects: never a resource of the stack, so no finding can land on one. */
export const CONTEXT_URN_PREFIX = "urn:pulumi:context::";

export interface ContextObject {
    apiVersion: string;
    kind: (typeof CONTEXT_KINDS)[number];
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
}

export interface NamespaceContext {
    /** Where the facts come from (a stack export, manifest paths), for the report. */
    source?: string;
    objects: ContextObject[];
}

/** The `namespaceContext` config option, shared by every policy that reads namespace objects. */
export const NAMESPACE_CONTEXT_SCHEMA: PolicyConfigJSONSchema = {
    type: "object",
    description:
        "Namespaces that live in another stack (the platform stack), with their Pod Security labels, NetworkPolicies, ResourceQuotas and LimitRanges, used as if they were in this stack (`ksl config --context-from` writes it).",
    properties: {
        source: { type: "string" },
        objects: {
            type: "array",
            items: {
                type: "object",
                required: ["apiVersion", "kind", "metadata"],
                properties: {
                    apiVersion: { type: "string" },
                    kind: { type: "string", enum: [...CONTEXT_KINDS] },
                    metadata: {
                        type: "object",
                        required: ["name"],
                        properties: {
                            name: { type: "string", minLength: 1 },
                            namespace: { type: "string" },
                            labels: { type: "object", additionalProperties: { type: "string" } },
                            annotations: { type: "object", additionalProperties: { type: "string" } },
                        },
                    },
                    spec: { type: "object" },
                },
            },
        },
    },
    required: ["objects"],
    additionalProperties: false,
};

const parsed = new WeakMap<object, NamespaceContext>();

/** The context a policy's config holds, or undefined (parsed once per config value). */
export function namespaceContextOf(config: unknown): NamespaceContext | undefined {
    const c = isObject(config) ? config.namespaceContext : undefined;
    if (!isObject(c) || !Array.isArray(c.objects)) return undefined;
    const hit = parsed.get(c);
    if (hit) return hit;
    const objects = c.objects.filter(
        (o): o is ContextObject => isObject(o) && typeof o.apiVersion === "string" && (CONTEXT_KINDS as readonly unknown[]).includes(o.kind) && isObject(o.metadata) && typeof o.metadata.name === "string",
    );
    const ctx = { ...(typeof c.source === "string" ? { source: c.source } : {}), objects };
    parsed.set(c, ctx);
    return ctx;
}

const resourcesOfContext = new WeakMap<NamespaceContext, PolicyResource[]>();

/** The context's objects as stack resources (synthetic, read-only, with context URNs). */
export function contextResources(ctx: NamespaceContext): PolicyResource[] {
    let out = resourcesOfContext.get(ctx);
    if (out) return out;
    out = ctx.objects.map((o) => {
        const type = k8sType(o.apiVersion, o.kind);
        const name = o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
        return {
            type,
            name,
            urn: `${CONTEXT_URN_PREFIX}${ctx.source ?? "context"}::${type}::${name}`,
            props: o,
            opts: {} as never,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
    });
    resourcesOfContext.set(ctx, out);
    return out;
}

export function isContextResource(r: { urn?: string } | undefined): boolean {
    return typeof r?.urn === "string" && r.urn.startsWith(CONTEXT_URN_PREFIX);
}

/** Keeps from a platform's objects what a context holds: the context kinds, projected to what the policies read. */
export function contextFromObjects(objects: Iterable<unknown>, source?: string): NamespaceContext {
    const out: ContextObject[] = [];
    for (const o of objects) {
        if (!isObject(o) || typeof o.apiVersion !== "string" || !(CONTEXT_KINDS as readonly unknown[]).includes(o.kind)) continue;
        const meta = isObject(o.metadata) ? o.metadata : {};
        if (typeof meta.name !== "string" || meta.name === "") continue;
        const strings = (m: unknown, keep: (k: string) => boolean) =>
            isObject(m) ? Object.fromEntries(Object.entries(m).filter(([k, v]) => typeof v === "string" && keep(k))) as Record<string, string> : undefined;
        const labels = strings(meta.labels, () => true);
        // Only the library's own waiver annotations matter to the policies; nothing else is copied.
        const annotations = strings(meta.annotations, (k) => k.startsWith("waivers.ksl.dev/"));
        out.push({
            apiVersion: o.apiVersion,
            kind: o.kind as ContextObject["kind"],
            metadata: {
                name: meta.name,
                ...(typeof meta.namespace === "string" && o.kind !== "Namespace" ? { namespace: meta.namespace } : {}),
                ...(labels && Object.keys(labels).length ? { labels } : {}),
                ...(annotations && Object.keys(annotations).length ? { annotations } : {}),
            },
            ...(isObject(o.spec) && o.kind !== "Namespace" ? { spec: o.spec } : {}),
        });
    }
    return { ...(source ? { source } : {}), objects: out };
}

/** One line per namespace of the context, saying what it contributes: for reports. */
export function describeContext(ctx: NamespaceContext): string[] {
    const byNs = new Map<string, string[]>();
    for (const o of ctx.objects) {
        const ns = o.kind === "Namespace" ? o.metadata.name : (o.metadata.namespace ?? "default");
        const facts = byNs.get(ns) ?? [];
        if (o.kind === "Namespace") {
            const level = o.metadata.labels?.["pod-security.kubernetes.io/enforce"];
            facts.push(level ? `Pod Security enforce=${level}` : "Namespace");
        } else facts.push(`${o.kind} ${o.metadata.name}`);
        byNs.set(ns, facts);
    }
    return [...byNs].sort(([a], [b]) => a.localeCompare(b)).map(([ns, facts]) => `${ns}: ${facts.join(", ")}`);
}

