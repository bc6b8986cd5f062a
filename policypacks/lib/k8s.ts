// Kubernetes helpers shared by every Kubernetes policy: type tokens, container iteration, and safe
// field access. Where pods are (built-in kinds, custom resources) is lib/pod-specs.ts.
import { UnknownValueError } from "@pulumi/policy";

/** Pulumi type token of a Kubernetes kind: `kubernetes:<group>/<version>:<Kind>` (`core` group). */
export function k8sType(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["core", apiVersion];
    return `kubernetes:${group}/${version}:${kind}`;
}

export const T = {
    Pod: "kubernetes:core/v1:Pod",
    PodTemplate: "kubernetes:core/v1:PodTemplate",
    ReplicationController: "kubernetes:core/v1:ReplicationController",
    ReplicaSet: "kubernetes:apps/v1:ReplicaSet",
    Deployment: "kubernetes:apps/v1:Deployment",
    DaemonSet: "kubernetes:apps/v1:DaemonSet",
    StatefulSet: "kubernetes:apps/v1:StatefulSet",
    Job: "kubernetes:batch/v1:Job",
    CronJob: "kubernetes:batch/v1:CronJob",
    Namespace: "kubernetes:core/v1:Namespace",
    Service: "kubernetes:core/v1:Service",
    ServiceAccount: "kubernetes:core/v1:ServiceAccount",
    Secret: "kubernetes:core/v1:Secret",
    ConfigMap: "kubernetes:core/v1:ConfigMap",
    PersistentVolume: "kubernetes:core/v1:PersistentVolume",
    ResourceQuota: "kubernetes:core/v1:ResourceQuota",
    LimitRange: "kubernetes:core/v1:LimitRange",
    NetworkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    Ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    Role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    ClusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    RoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    ClusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    ValidatingWebhookConfiguration: "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
    MutatingWebhookConfiguration: "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
} as const;

export type ContainerKind = "initContainers" | "containers" | "ephemeralContainers";
export interface ContainerView {
    kind: ContainerKind;
    index: number;
    name: string;
    c: any;
}

// An unknown element (e.g. one container computed from an output) must not hide the known ones:
// its UnknownValueError is held here and rethrown by lib/policy.ts once the known ones are checked.
let deferredUnknown: Error | undefined;
/** Takes (and clears) the unknown-value error deferred during the last validation. */
export function takeDeferredUnknown(): Error | undefined {
    const e = deferredUnknown;
    deferredUnknown = undefined;
    return e;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { UnknownValueError } = require("@pulumi/policy/proxy") as { UnknownValueError: new (sentinel: string, props: string[]) => Error };
import { UNKNOWN_WIRE_VALUE as UNKNOWN_SENTINEL } from "./wire";

/**
 * Records that a field the policy needs is unknown during preview (e.g. an UNKNOWN marker met in a
 * plain() snapshot). The policy goes on checking what is known; afterwards lib/policy.ts raises the
 * SDK's own UnknownValueError, which the SDK reports as the advisory "can't run policy ... during
 * preview: ... value at .<path> can't be known during preview". Never a silent pass.
 * `resource` names the object for stack policies (its name is prefixed to the path).
 */
export function deferUnknown(path: string, resource?: string): void {
    if (deferredUnknown) return;
    const parts = path.split(".").filter((p) => p !== "");
    const err = new UnknownValueError(UNKNOWN_SENTINEL, resource ? [`<${resource}>`, ...parts] : parts);
    // The snapshot no longer knows whether the value was a string, list or object: say "computed".
    err.message = `computed value at .${(resource ? [`<${resource}>`, ...parts] : parts).join(".")} can't be known during preview`;
    deferredUnknown = err;
}

/** Visits init, regular and ephemeral containers, in PSA's order. Tolerates malformed lists. */
export function containersOf(spec: any): ContainerView[] {
    const out: ContainerView[] = [];
    for (const kind of ["initContainers", "containers", "ephemeralContainers"] as const) {
        const list = spec?.[kind];
        if (!Array.isArray(list)) continue;
        for (let index = 0; index < list.length; index++) {
            let c: any;
            try {
                c = list[index];
            } catch (e) {
                if (!(e instanceof UnknownValueError)) throw e;
                deferredUnknown ??= e as Error;
                continue;
            }
            if (!isObject(c)) continue;
            out.push({ kind, index, name: typeof c.name === "string" ? c.name : `#${index}`, c });
        }
    }
    return out;
}

export function isObject(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function asArray<T = any>(v: unknown): T[] {
    return Array.isArray(v) ? (v as T[]) : [];
}

/** metadata.namespace of a namespaced object; undefined if unset. */
export function namespaceOf(props: any): string | undefined {
    const ns = props?.metadata?.namespace;
    return typeof ns === "string" && ns !== "" ? ns : undefined;
}

export function labelsOf(props: any): Record<string, string> {
    const l = props?.metadata?.labels;
    return isObject(l) ? (l as Record<string, string>) : {};
}

export function annotationsOf(props: any): Record<string, string> {
    const a = props?.metadata?.annotations;
    return isObject(a) ? (a as Record<string, string>) : {};
}

/** A human name for messages: `Deployment web` / `container "app"`. */
export function describeContainer(v: ContainerView): string {
    const kindWord = v.kind === "initContainers" ? "initContainer" : v.kind === "ephemeralContainers" ? "ephemeralContainer" : "container";
    return `${kindWord} "${v.name}"`;
}

/** Deep clone for remediation (props arrive behind a proxy; never mutate them). */
export function cloneProps<T>(v: T): T {
    return JSON.parse(JSON.stringify(v));
}

/** Returns the object at `path` inside `root`, creating plain objects along the way. */
export function ensurePath(root: any, path: string[]): any {
    let cur = root;
    for (const p of path) {
        if (!isObject(cur[p])) cur[p] = {};
        cur = cur[p];
    }
    return cur;
}
