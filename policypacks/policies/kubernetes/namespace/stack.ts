// Shared by the namespace, RBAC and network policies: a plain snapshot of resource props (unknown
// preview values become the UNKNOWN marker instead of throwing), and a stack index that resolves
// each object's namespace - by its metadata.namespace string or, when that is unknown at preview,
// through propertyDependencies on `metadata` pointing at a Namespace of the same stack.
import type { PolicyResource } from "@pulumi/policy";
import { POD_SPEC_TYPES, T, isObject, podTemplatePath } from "../../../lib/k8s";

/** Stands for a value that is unknown during preview. Not a string, not an object. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/**
 * Deep copy of policy props with every unknown value replaced by UNKNOWN. The SDK's proxy throws on
 * reading an unknown; one snapshot up front lets the checks treat "unknown" as an ordinary value.
 */
export function plain(v: unknown, depth = 0): any {
    if (depth > 64 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) {
        const out: unknown[] = [];
        let n = 0;
        try {
            n = v.length;
        } catch {
            return UNKNOWN;
        }
        for (let i = 0; i < n; i++) out.push(read(v, i, depth));
        return out;
    }
    const out: Record<string, unknown> = {};
    let keys: string[] = [];
    try {
        keys = Object.keys(v);
    } catch {
        return UNKNOWN;
    }
    for (const k of keys) out[k] = read(v, k, depth);
    return out;
}

function read(obj: any, key: string | number, depth: number): unknown {
    try {
        return plain(obj[key], depth + 1);
    } catch {
        // The SDK's UnknownValueError: the value is computed and not known yet.
        return UNKNOWN;
    }
}

export function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

/** Like str() but only for non-empty strings. */
export function nonEmpty(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

export function strList(v: unknown): string[] {
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function strMap(v: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isObject(v)) return out;
    for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
    return out;
}

/** Kubernetes kind of a `kubernetes:<group>/<version>:<Kind>` type token. */
export function kindOf(type: string): string {
    const i = type.lastIndexOf(":");
    return i >= 0 ? type.slice(i + 1) : type;
}

/** Namespaced kinds whose placement the isolation policy checks (pod carriers plus what they use). */
export const NAMESPACED_APP_TYPES: readonly string[] = [
    ...POD_SPEC_TYPES,
    T.Service,
    T.Ingress,
    T.ConfigMap,
    T.Secret,
    T.ServiceAccount,
    T.Role,
    T.RoleBinding,
    "kubernetes:core/v1:PersistentVolumeClaim",
];

export const SYSTEM_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease"];

/** Where an object lives: a known namespace (by name, or by an unnamed Namespace resource), unset, or unknown. */
export type NsRef =
    | { kind: "known"; key: string; name?: string; resource?: PolicyResource }
    | { kind: "unset" }
    | { kind: "unknown" };

export interface Item {
    r: PolicyResource;
    type: string;
    props: any;
    /** metadata.name, if known. */
    name?: string;
}

/** A snapshot of the stack's Kubernetes objects with namespace resolution. */
export class StackIndex {
    readonly items: Item[];
    private readonly nsByKey = new Map<string, Item>();
    private readonly itemByResource = new Map<PolicyResource, Item>();

    constructor(resources: readonly PolicyResource[]) {
        this.items = [];
        for (const r of resources ?? []) {
            if (typeof r?.type !== "string" || !r.type.startsWith("kubernetes:")) continue;
            const props = plain(r.props);
            const item: Item = { r, type: r.type, props: isObject(props) ? props : {}, name: nonEmpty(props?.metadata?.name) };
            this.items.push(item);
            this.itemByResource.set(r, item);
            if (r.type === T.Namespace) this.nsByKey.set(item.name ?? `urn:${r.urn}`, item);
        }
    }

    ofType(...types: string[]): Item[] {
        return this.items.filter((i) => types.includes(i.type));
    }

    itemOf(r: PolicyResource): Item | undefined {
        return this.itemByResource.get(r);
    }

    /** The Namespace object of the stack a key refers to, if any. */
    namespace(key: string): Item | undefined {
        return this.nsByKey.get(key);
    }

    namespaces(): Item[] {
        return [...this.nsByKey.values()];
    }

    nsOf(item: Item): NsRef {
        const ns = item.props?.metadata?.namespace;
        if (typeof ns === "string" && ns !== "") {
            const nsItem = this.nsByKey.get(ns);
            return { kind: "known", key: ns, name: ns, resource: nsItem?.r };
        }
        if (ns === UNKNOWN || isUnknownMeta(item.props)) {
            // Computed at preview (e.g. `ns.metadata.name`): follow the dependency to the Namespace.
            let deps: PolicyResource[] = [];
            try {
                const pd = item.r.propertyDependencies?.["metadata"];
                deps = Array.isArray(pd) ? pd : [];
            } catch {
                deps = [];
            }
            const nsDeps = deps.filter((d) => d?.type === T.Namespace);
            if (nsDeps.length === 1) {
                const nsItem = this.itemByResource.get(nsDeps[0]);
                if (nsItem) {
                    const key = nsItem.name ?? `urn:${nsItem.r.urn}`;
                    return { kind: "known", key, name: nsItem.name, resource: nsItem.r };
                }
            }
            return { kind: "unknown" };
        }
        return { kind: "unset" };
    }

    /** Human name of a namespace key for messages. */
    nsLabel(ref: NsRef): string {
        if (ref.kind !== "known") return ref.kind === "unset" ? "(no namespace)" : "(unknown namespace)";
        return ref.name ?? `(Namespace resource ${ref.resource?.name ?? ref.key})`;
    }
}

function isUnknownMeta(props: any): boolean {
    return props?.metadata === UNKNOWN;
}

/** `Deployment team-a/web` or `Deployment web` (the Pulumi name when metadata.name is unknown). */
export function describe(item: Item, ns?: NsRef): string {
    const name = item.name ?? item.r.name;
    const nsName = ns && ns.kind === "known" ? ns.name : undefined;
    return `${kindOf(item.type)} ${nsName ? `${nsName}/` : ""}${name}`;
}

/** Pod-template labels of a pod-carrying item (UNKNOWN when not known at preview). */
export function podLabels(item: Item): Record<string, string> | Unknown {
    let template: any = item.props;
    for (const p of podTemplatePath(item.type)) {
        if (template === UNKNOWN) return UNKNOWN;
        template = isObject(template) ? template[p] : undefined;
    }
    if (template === UNKNOWN) return UNKNOWN;
    const meta = isObject(template) ? template.metadata : undefined;
    if (meta === UNKNOWN) return UNKNOWN;
    const labels = isObject(meta) ? meta.labels : undefined;
    if (labels === UNKNOWN) return UNKNOWN;
    return strMap(labels);
}

export function isWorkload(type: string): boolean {
    return POD_SPEC_TYPES.includes(type);
}
