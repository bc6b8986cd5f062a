// Values unknown during preview, for policies that read plain snapshots (lib/props.ts): the known
// parts are checked, and the first relevant unknown is then deferred to the policy framework,
// which makes the SDK report the policy as not checkable during preview (advisory) - never a
// silent pass.
import { containersOf, ContainerView, deferUnknown } from "./k8s";
import { podsOf, POD_SPEC_TYPES, PodView, podTemplatePath } from "./pod-specs";
import { UNKNOWN } from "./props";

export type Path = Array<string | number>;

function isContainer(v: unknown): v is Record<string | number, unknown> {
    return typeof v === "object" && v !== null;
}

export class Unknowns {
    private first?: Path;

    /** The value at `path` inside `root`; undefined (and noted, as `base` + path) where it is unknown. */
    get(root: unknown, path: Path, base: Path = []): unknown {
        let cur: unknown = root;
        for (let i = 0; i <= path.length; i++) {
            if (cur === UNKNOWN) {
                this.note([...base, ...path.slice(0, i)]);
                return undefined;
            }
            if (i === path.length) return cur;
            if (!isContainer(cur)) return undefined;
            cur = cur[path[i]];
        }
        return cur;
    }

    /** Records an unknown value's path from the resource root (the first one wins). */
    note(path: Path): void {
        if (this.first === undefined && path.length > 0) this.first = [...path];
    }

    get found(): boolean {
        return this.first !== undefined;
    }

    /**
     * Hands the first noted unknown to the policy framework (lib/k8s.ts deferUnknown), which raises
     * the SDK's UnknownValueError once the policy is done: the SDK reports "can't run policy ...
     * during preview". The first unknown of a validation wins, so calling it early is harmless.
     */
    raise(): void {
        if (this.first) deferUnknown(this.first.map(String).join("."));
    }
}

/** The value at `path` (UNKNOWN when it or a value on the way is unknown), without noting anything. */
export function rawAt(root: unknown, path: Path): unknown {
    let cur: unknown = root;
    for (const k of path) {
        if (cur === UNKNOWN) return UNKNOWN;
        if (!isContainer(cur)) return undefined;
        cur = cur[k];
    }
    return cur;
}

/** The resource-root path of a pod-carrying kind's pod spec. */
export function podSpecPath(type: string): Path {
    return [...podTemplatePath(type), "spec"];
}

/** The resource-root path of a pod view's spec (for custom resources, where its pieces are declared). */
export function podSpecPathOf(pod: PodView): Path {
    return pod.specPath.replace(/ \(.*\)$/, "").split(/\.|\[|\]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Notes an unknown pod template or spec (when the registry found none). */
export function noteUnknownPod(u: Unknowns, type: string, props: unknown): void {
    u.get(props, podSpecPath(type));
}

/** containersOf, noting container lists and containers unknown at preview. */
export function knownContainers(u: Unknowns, spec: unknown, base: Path): ContainerView[] {
    for (const kind of ["initContainers", "containers", "ephemeralContainers"]) {
        const list = u.get(spec, [kind], base);
        if (Array.isArray(list)) list.forEach((c, i) => c === UNKNOWN && u.note([...base, kind, i]));
    }
    return containersOf(spec);
}

/**
 * The pods of a stack's items (every pod of each, from the pod-spec registry), each with its own
 * Unknowns. A built-in workload whose pod template or spec is unknown during preview is deferred as
 * not checkable and skipped.
 */
export function* workloadPods<I extends { type: string; props: any }>(items: readonly I[]): Generator<{ w: I; pod: PodView; u: Unknowns }> {
    for (const w of items) {
        const pods = podsOf(w.type, w.props);
        if (!pods.length) {
            if (!POD_SPEC_TYPES.includes(w.type)) continue;
            const u = new Unknowns();
            noteUnknownPod(u, w.type, w.props);
            u.raise();
            continue;
        }
        for (const pod of pods) yield { w, pod, u: new Unknowns() };
    }
}

/**
 * The namespace key of a workload whose namespace is known (`default` when unset); undefined, with
 * the unknown deferred as not checkable, when its metadata or namespace is unknown during preview.
 */
export function namespaceKeyOrDefer(ns: { kind: "known"; key: string } | { kind: "unset" } | { kind: "unknown" }, w: { props: any }, u: Unknowns): string | undefined {
    if (ns.kind === "unknown") {
        u.note(w.props.metadata === UNKNOWN ? ["metadata"] : ["metadata", "namespace"]);
        u.raise();
        return undefined;
    }
    return ns.kind === "known" ? ns.key : "default";
}
