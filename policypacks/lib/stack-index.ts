// Shared by the namespace, RBAC and network policies: a plain snapshot of resource props (unknown
// preview values become the UNKNOWN marker instead of throwing), and a stack index that resolves
// each object's namespace - by its metadata.namespace string or, when that is unknown at preview,
// through propertyDependencies on `metadata` pointing at a Namespace of the same stack.
import type { PolicyResource } from "@pulumi/policy";
import { T, isObject } from "./k8s";
import { podsOf, POD_SPEC_TYPES, podTemplatePath } from "./pod-specs";
import { UNKNOWN, Unknown, plain, rawTarget } from "./props";
import { canonicalProps, canonicalType } from "./type-tokens";
import { NamespaceContext, contextResources, isContextResource } from "./namespace-context";

// The snapshot and its unknown marker are shared with every other policy (policypacks/lib/props.ts).
export { UNKNOWN, plain } from "./props";
export type { Unknown } from "./props";

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
    /** The object comes from the namespace context (another stack), not from this stack. */
    context?: true;
}

const shared = new WeakMap<object, { length: number; last: unknown; index: StackIndex }>();
const withContextCache = new WeakMap<StackIndex, WeakMap<NamespaceContext, StackIndex>>();

/**
 * A snapshot of the stack's Kubernetes objects with namespace resolution. Lookups by type, by name
 * and by namespace are indexed (built once, lazily), so no stack policy is quadratic in the stack.
 */
export class StackIndex {
    readonly items: Item[];
    private readonly nsByKey = new Map<string, Item>();
    private readonly itemByResource = new Map<PolicyResource, Item>();
    private readonly position = new Map<Item, number>();
    private readonly byType = new Map<string, Item[]>();
    private readonly nsRefs = new Map<Item, NsRef>();
    private byNamespace?: Map<string, Item[]>;
    private byTypeAndName?: Map<string, Item[]>;

    /**
     * The index of this AnalyzeStack call's resources, built once and shared by every stack policy:
     * the SDK hands each policy its own resource objects, but the decoded props behind them are the
     * same objects (sdk-memo.ts), so the first and last props identify the call.
     */
    static of(resources: readonly PolicyResource[]): StackIndex {
        const list = Array.isArray(resources) ? resources : [];
        const first = list.length > 0 ? rawTarget(list[0]?.props) : undefined;
        const last = list.length > 0 ? rawTarget(list[list.length - 1]?.props) : undefined;
        const hit = typeof first === "object" && first !== null ? shared.get(first) : undefined;
        if (hit && hit.length === list.length && hit.last === last) return hit.index;
        const index = new StackIndex(list);
        if (typeof first === "object" && first !== null) shared.set(first, { length: list.length, last, index });
        return index;
    }

    /**
     * The index of the stack plus a policy's namespace context: the context's objects join as if
     * they were in the stack (marked `context`), after the stack's own; a Namespace of the stack
     * wins over a context one of the same name.
     */
    static withContext(resources: readonly PolicyResource[], ctx: NamespaceContext | undefined): StackIndex {
        if (!ctx || ctx.objects.length === 0) return StackIndex.of(resources);
        const base = StackIndex.of(resources);
        let byCtx = withContextCache.get(base);
        if (!byCtx) withContextCache.set(base, (byCtx = new WeakMap()));
        let index = byCtx.get(ctx);
        if (!index) byCtx.set(ctx, (index = new StackIndex([...(Array.isArray(resources) ? resources : []), ...contextResources(ctx)])));
        return index;
    }

    constructor(resources: readonly PolicyResource[]) {
        this.items = [];
        for (const r of resources ?? []) {
            if (typeof r?.type !== "string" || !r.type.startsWith("kubernetes:")) continue;
            // A removed API version is read as its current one (type token and shape).
            const type = canonicalType(r.type, r.props);
            const props = canonicalProps(r.type, plain(r.props));
            const item: Item = { r, type, props: isObject(props) ? props : {}, name: nonEmpty(props?.metadata?.name) };
            if (isContextResource(r)) item.context = true;
            this.position.set(item, this.items.length);
            this.items.push(item);
            this.itemByResource.set(r, item);
            const list = this.byType.get(type);
            if (list) list.push(item);
            else this.byType.set(type, [item]);
            if (type === T.Namespace && !(item.context && item.name !== undefined && this.nsByKey.has(item.name))) this.nsByKey.set(item.name ?? `urn:${r.urn}`, item);
        }
    }

    /** Items of the given types, in stack order. */
    ofType(...types: string[]): Item[] {
        if (types.length === 1) return this.byType.get(types[0]) ?? [];
        return this.inStackOrder([...new Set(types)].flatMap((t) => this.byType.get(t) ?? []));
    }

    /** The given items (of this index), in stack order. */
    inStackOrder(items: Item[]): Item[] {
        return [...items].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    }

    /** Items of a type with a given metadata.name, in stack order. */
    named(type: string, name: string): Item[] {
        if (!this.byTypeAndName) {
            this.byTypeAndName = new Map();
            for (const i of this.items) {
                if (i.name === undefined) continue;
                const k = `${i.type}\u0000${i.name}`;
                const list = this.byTypeAndName.get(k);
                if (list) list.push(i);
                else this.byTypeAndName.set(k, [i]);
            }
        }
        return this.byTypeAndName.get(`${type}\u0000${name}`) ?? [];
    }

    /** Items of the given types in namespace `key` (an unset namespace counts as "default"), in stack order. */
    inNamespace(key: string, ...types: string[]): Item[] {
        if (!this.byNamespace) {
            this.byNamespace = new Map();
            for (const i of this.items) {
                const ns = this.nsOf(i);
                const k = ns.kind === "known" ? ns.key : ns.kind === "unset" ? "default" : undefined;
                if (k === undefined) continue;
                const list = this.byNamespace.get(k);
                if (list) list.push(i);
                else this.byNamespace.set(k, [i]);
            }
        }
        const all = this.byNamespace.get(key) ?? [];
        return types.length === 0 ? all : all.filter((i) => types.includes(i.type));
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
        let ref = this.nsRefs.get(item);
        if (!ref) {
            ref = this.resolveNs(item);
            this.nsRefs.set(item, ref);
        }
        return ref;
    }

    private resolveNs(item: Item): NsRef {
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
    const path = POD_SPEC_TYPES.includes(item.type) ? podTemplatePath(item.type) : podsOf(item.type, item.props)[0]?.templatePath;
    // A custom resource whose pod has no template of its own (an Argo Workflow template): its pod's metadata.
    if (!path) return strMap(podsOf(item.type, item.props)[0]?.metadata?.labels);
    for (const p of path) {
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

/** Whether an item runs pods: a built-in pod kind, or any object the pod-spec registry finds pods in. */
export function isWorkload(item: { type: string; props: any }): boolean {
    return POD_SPEC_TYPES.includes(item.type) || podsOf(item.type, item.props).length > 0;
}
