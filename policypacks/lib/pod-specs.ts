// The pod-spec extractor registry: every place a Kubernetes object carries a pod, for every pod
// policy (Pod Security Standards, hardening, supply chain, data, the stack's workloads).
// - The built-in kinds Pod Security Admission extracts pod specs from (DefaultPodSpecExtractor),
//   and their server-side-apply `*Patch` kinds.
// - Widely deployed custom resources, at the paths their controllers build pods from: Argo
//   Rollouts, Workflows (every template form and podSpecPatch), Events; Knative Serving; KEDA;
//   Tekton; OpenKruise; OpenShift; Kubeflow training jobs; Ray; JobSet; LeaderWorkerSet; Volcano;
//   the Prometheus operator; Crossplane's embedded manifests (judged as the object they embed).
// - Any other custom resource: a nested object with a `containers` list of objects with `image` is
//   judged as a pod spec at its path; containers anywhere else are listed as not checkable
//   (require-rendered-content reports them), so no container runs unseen.
// Pod views read the props as the SDK hands them (behind its unknown-checking proxy): a value
// unknown during preview is read, and reported as not checkable, by the policy that needs it.
import { UnknownValueError } from "@pulumi/policy";
import { deferUnknown, isObject } from "./k8s";
import { plain, rawTarget, UNKNOWN } from "./props";

export type ContainerKind = "initContainers" | "containers" | "ephemeralContainers";

export interface PodView {
    /** Pod-level metadata (annotations matter for AppArmor and old seccomp). */
    metadata: any;
    spec: any;
    /** Dotted path of the pod spec (or of what the controller builds it from) in the resource, for messages. */
    specPath: string;
    /** Path of the pod template (the object holding `metadata` and `spec`), when the pod has one. */
    templatePath?: Array<string | number>;
    /** Where container `kind[index]` of `spec` is declared, when not at `${specPath}.${kind}[${index}]`. */
    containerPath?: (kind: ContainerKind, index: number) => string;
}

export const T_POD = "kubernetes:core/v1:Pod";

/** Where the pod template sits in each built-in pod-carrying kind. */
const BUILT_IN: Readonly<Record<string, string[]>> = {
    "kubernetes:core/v1:Pod": [],
    "kubernetes:core/v1:PodTemplate": ["template"],
    "kubernetes:core/v1:ReplicationController": ["spec", "template"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template"],
    "kubernetes:apps/v1:Deployment": ["spec", "template"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template"],
    "kubernetes:batch/v1:Job": ["spec", "template"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template"],
};

/** Every built-in kind that carries a pod spec, as PSA's DefaultPodSpecExtractor lists them. */
export const POD_SPEC_TYPES: readonly string[] = Object.keys(BUILT_IN);

/**
 * The `types` of a policy that reads every pod, wherever it lives: any Kubernetes object (the
 * registry decides, per object, whether and where it carries pods).
 */
export const POD_CARRIER_TYPES: readonly string[] = ["kubernetes:*"];

/** Where the pod template sits in a built-in kind (`[]` for a Pod); for messages and remediation. */
export function podTemplatePath(type: string): string[] {
    return BUILT_IN[builtInOf(type) ?? type] ?? ["spec", "template"];
}

/** A built-in pod kind, or its server-side-apply patch (`DeploymentPatch` is a Deployment). */
function builtInOf(type: string): string | undefined {
    if (BUILT_IN[type]) return type;
    if (type.endsWith("Patch") && BUILT_IN[type.slice(0, -5)]) return type.slice(0, -5);
    return undefined;
}

/**
 * The pod spec object of a built-in kind, to rewrite in remediation (remediation only touches the
 * kinds whose shape it knows); undefined for other kinds or no spec.
 */
export function builtInPodSpec(type: string, props: any): any {
    const kind = builtInOf(type);
    if (!kind) return undefined;
    let cur = props;
    for (const k of [...BUILT_IN[kind], "spec"]) cur = isObject(cur) ? cur[k] : undefined;
    return isObject(cur) ? cur : undefined;
}

/** Where a container is declared in the resource, for messages: `spec.template.spec.containers[0]`. */
export function containerPathOf(pod: PodView, v: { kind: ContainerKind; index: number }): string {
    return pod.containerPath?.(v.kind, v.index) ?? `${pod.specPath}.${v.kind}[${v.index}]`;
}

// ---------------------------------------------------------------------------------------------
// Reading through the SDK's proxy

// Unknown values met while extracting a resource's pods: every policy that asks for them (the
// extraction is computed once per resource) is told, so each reports that it cannot check them.
let unknownsMet: string[] | undefined;

/** The value at `path`, or undefined; an unknown value on the way is deferred as not checkable. */
function at(root: any, path: Array<string | number>, where: string[] = []): any {
    let cur = root;
    for (let i = 0; i < path.length; i++) {
        if (cur === null || typeof cur !== "object") return undefined;
        try {
            cur = cur[path[i]];
        } catch (e) {
            // Anything else a hostile object throws on reading (a proxy's invariants) is malformed input.
            if (e instanceof UnknownValueError) unknownsMet?.push([...where, dotted(path.slice(0, i + 1))].filter(Boolean).join("."));
            return undefined;
        }
    }
    return cur;
}

/** Elements of a list (unknown elements deferred and left out). */
function elements(list: any, where: string): Array<{ i: number; v: any }> {
    if (!Array.isArray(list)) return [];
    const out: Array<{ i: number; v: any }> = [];
    for (let i = 0; i < list.length; i++) {
        const v = at(list, [i], [where]);
        if (isObject(v)) out.push({ i, v });
    }
    return out;
}

/** Entries of a map of objects (Kubeflow's replica specs), unknown ones deferred. */
function entries(map: any, where: string): Array<{ k: string; v: any }> {
    if (!isObject(map)) return [];
    return Object.keys(rawTarget(map))
        .map((k) => ({ k, v: at(map, [k], [where]) }))
        .filter((e) => isObject(e.v));
}

const dotted = (path: Array<string | number>): string => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

/**
 * An object whose fields are read, when a check reads them, from the first source that sets them:
 * a pod spec a controller assembles from several places (an Argo template over its workflow's
 * defaults). Reading stays lazy, so an unknown value is met by the check that needs it.
 */
function overlay(sources: any[], own: Record<string, unknown> = {}): any {
    const out: Record<string, unknown> = { ...own };
    const keys = new Set<string>();
    for (const s of sources) if (isObject(s)) for (const k of Object.keys(rawTarget(s))) keys.add(k);
    for (const k of keys) {
        if (k in own) continue;
        Object.defineProperty(out, k, {
            enumerable: true,
            get: () => {
                // The first source that sets the field wins; objects merge with the ones under them
                // (a patch's `resources.limits.cpu` keeps the container's requests), as a strategic
                // merge patch does; lists and scalars replace.
                const set = sources.filter((s) => isObject(s)).map((s) => (s as Record<string, unknown>)[k]).filter((v) => v !== undefined && v !== null);
                if (set.length > 1 && isObject(set[0]) && isObject(set[1])) return overlay(set.filter(isObject));
                return set[0];
            },
        });
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Extractors

type Extractor = (props: any, base?: Array<string | number>) => PodView[];

/** A pod template (`metadata` + `spec`) at `path`. */
function templateAt(props: any, path: Array<string | number>): PodView[] {
    const template = at(props, path);
    if (!isObject(template)) return [];
    const spec = at(template, ["spec"], [dotted(path)]);
    if (!isObject(spec)) return [];
    const metadata = at(template, ["metadata"], [dotted(path)]);
    return [{ metadata: isObject(metadata) ? metadata : {}, spec, specPath: dotted([...path, "spec"]), templatePath: path }];
}

/** A pod spec directly at `path` (Knative Revision, Prometheus), its metadata at `metaPath`. */
function specAt(props: any, path: Array<string | number>, metaPath: Array<string | number>): PodView[] {
    const spec = at(props, path);
    if (!isObject(spec)) return [];
    const metadata = at(props, metaPath);
    return [{ metadata: isObject(metadata) ? metadata : {}, spec, specPath: path.length ? dotted(path) : "spec" }];
}

const template = (...path: Array<string | number>): Extractor => (props, base = []) => templateAt(props, [...base, ...path]);

/** Templates of each element of a list (`path` then `[i]` then `rest`). */
const templatesInList = (path: Array<string | number>, rest: Array<string | number>): Extractor => (props, base = []) =>
    elements(at(props, [...base, ...path]), dotted([...base, ...path])).flatMap(({ i }) => templateAt(props, [...base, ...path, i, ...rest]));

/** Templates of each entry of a map (`path` then `.key` then `rest`). */
const templatesInMap = (path: Array<string | number>, rest: Array<string | number>): Extractor => (props, base = []) =>
    entries(at(props, [...base, ...path]), dotted([...base, ...path])).flatMap(({ k }) => templateAt(props, [...base, ...path, k, ...rest]));

/** The pod-level fields a template overrides over its workflow's (Argo WorkflowSpec). */
const ARGO_POD_FIELDS = ["securityContext", "hostNetwork", "hostPID", "hostIPC", "hostUsers", "volumes", "automountServiceAccountToken", "serviceAccountName", "hostAliases", "priorityClassName", "runtimeClassName", "dnsPolicy", "nodeSelector", "tolerations", "imagePullSecrets"];

/** A pod-spec patch (Argo podSpecPatch: JSON or YAML text), parsed; undefined when absent or unreadable. */
function parsePatch(v: unknown): Record<string, any> | undefined {
    if (typeof v !== "string" || !v.trim()) return undefined;
    try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const parsed = require("yaml").parse(v);
        return isObject(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Argo Workflows: each template that runs a pod (container, script, containerSet), with its init
 * containers and sidecars, the pod-level fields of the template over templateDefaults over the
 * workflow's, and podSpecPatch (the template's over the workflow's) merged in as Argo does.
 */
const argoWorkflowSpec = (specPath: Array<string | number>): Extractor => (props, base = []) => {
    const wfPath = [...base, ...specPath];
    const wf = at(props, wfPath);
    if (!isObject(wf)) return [];
    const defaults = at(wf, ["templateDefaults"], [dotted(wfPath)]);
    const wfPatch = parsePatch(at(wf, ["podSpecPatch"], [dotted(wfPath)]));
    const pods: PodView[] = [];
    for (const { i, v: t } of elements(at(wf, ["templates"], [dotted(wfPath)]), dotted([...wfPath, "templates"]))) {
        const tPath = [...wfPath, "templates", i];
        const main: Array<{ c: any; path: string }> = [];
        for (const key of ["container", "script"]) {
            const c = at(t, [key], [dotted(tPath)]);
            // Argo names the template's container "main" (what a podSpecPatch addresses).
            if (isObject(c)) main.push({ c: typeof at(c, ["name"]) === "string" ? c : overlay([c], { name: "main" }), path: dotted([...tPath, key]) });
        }
        for (const { i: j, v: c } of elements(at(t, ["containerSet", "containers"], [dotted(tPath)]), dotted([...tPath, "containerSet", "containers"]))) main.push({ c, path: dotted([...tPath, "containerSet", "containers", j]) });
        if (!main.length) continue; // steps, dag, resource, suspend, http templates run no pod of their own
        for (const { i: j, v: c } of elements(at(t, ["sidecars"], [dotted(tPath)]), dotted([...tPath, "sidecars"]))) main.push({ c, path: dotted([...tPath, "sidecars", j]) });
        const inits = elements(at(t, ["initContainers"], [dotted(tPath)]), dotted([...tPath, "initContainers"])).map(({ i: j, v: c }) => ({ c, path: dotted([...tPath, "initContainers", j]) }));
        const patch = { ...(wfPatch ?? {}), ...(parsePatch(at(t, ["podSpecPatch"], [dotted(tPath)])) ?? {}) };
        const patchNote = wfPatch || isObject(parsePatch(at(t, ["podSpecPatch"], [dotted(tPath)]))) ? ` (with podSpecPatch)` : "";
        // Argo names the template's main container "main"; a patch addresses containers by name.
        const named = (c: any, fallback: string): string => (typeof at(c, ["name"]) === "string" ? at(c, ["name"]) : fallback);
        const patched = (list: Array<{ c: any; path: string }>, patchList: unknown, first: string) => {
            const out = list.map((e, k) => ({ ...e, name: named(e.c, k === 0 ? first : `#${k}`) }));
            for (const p of Array.isArray(patchList) ? patchList : []) {
                if (!isObject(p)) continue;
                const hit = out.find((e) => e.name === p.name);
                if (hit) {
                    hit.c = overlay([p, hit.c]);
                    hit.path += " (with podSpecPatch)";
                } else out.push({ c: p, path: `${dotted(tPath)}.podSpecPatch`, name: String(p.name ?? `#${out.length}`) });
            }
            return out;
        };
        const containers = patched(main, patch.containers, "main");
        const initContainers = patched(inits, patch.initContainers, "init");
        const { containers: _c, initContainers: _i, ...podPatch } = patch;
        void _c;
        void _i;
        const spec = overlay([podPatch, t, defaults, wf].map((s) => (isObject(s) ? pick(s, ARGO_POD_FIELDS) : s)), {
            containers: containers.map((e) => e.c),
            initContainers: initContainers.map((e) => e.c),
        });
        const metadata = at(t, ["metadata"], [dotted(tPath)]);
        pods.push({
            metadata: isObject(metadata) ? metadata : {},
            spec,
            specPath: dotted(tPath) + patchNote,
            containerPath: (kind, index) => (kind === "initContainers" ? initContainers : containers)[index]?.path ?? `${dotted(tPath)}.${kind}[${index}]`,
        });
    }
    return pods;
};

/** A view of `o` limited to `keys` (read lazily, so unknown values are met when read). */
function pick(o: any, keys: string[]): any {
    const out: Record<string, unknown> = {};
    const have = new Set(Object.keys(rawTarget(o)));
    for (const k of keys) if (have.has(k)) Object.defineProperty(out, k, { enumerable: true, get: () => o[k] });
    return out;
}

/** Tekton: a TaskSpec's steps and sidecars (stepTemplate merged under each step) in a pod from `podTemplatePaths`. */
const tektonTaskSpec = (taskPath: Array<string | number>, podTemplatePaths: Array<Array<string | number>> = []): Extractor => (props, base = []) => {
    const tPath = [...base, ...taskPath];
    const task = at(props, tPath);
    if (!isObject(task)) return [];
    const stepTemplate = at(task, ["stepTemplate"], [dotted(tPath)]);
    const list: Array<{ c: any; path: string }> = [];
    for (const key of ["steps", "sidecars"]) {
        for (const { i, v } of elements(at(task, [key], [dotted(tPath)]), dotted([...tPath, key]))) {
            list.push({ c: key === "steps" && isObject(stepTemplate) ? overlay([v, stepTemplate]) : v, path: dotted([...tPath, key, i]) });
        }
    }
    if (!list.length) return [];
    const podTemplates = podTemplatePaths.map((p) => at(props, p)).filter(isObject);
    const spec = overlay([...podTemplates, pick(task, ["volumes"])], { containers: list.map((e) => e.c) });
    const metadata = at(props, [...base, ...taskPath.slice(0, -1), "metadata"]);
    return [{ metadata: isObject(metadata) ? metadata : {}, spec, specPath: dotted(tPath), containerPath: (_kind, index) => list[index]?.path ?? dotted(tPath) }];
};

/** Tekton Pipeline(Run): each task's embedded taskSpec. */
const tektonPipelineSpec = (pipelinePath: Array<string | number>, podTemplatePaths: Array<Array<string | number>> = []): Extractor => (props, base = []) => {
    const pPath = [...base, ...pipelinePath];
    return ["tasks", "finally"].flatMap((key) =>
        elements(at(props, [...pPath, key]), dotted([...pPath, key])).flatMap(({ i }) => tektonTaskSpec([...pipelinePath, key, i, "taskSpec"], podTemplatePaths)(props, base)),
    );
};

/** A container a controller wraps into its own pod (Argo Events `spec.template.container`). */
const containerIn = (templatePath: Array<string | number>, containerKey: string): Extractor => (props, base = []) => {
    const tPath = [...base, ...templatePath];
    const t = at(props, tPath);
    if (!isObject(t)) return [];
    const c = at(t, [containerKey], [dotted(tPath)]);
    if (!isObject(c)) return [];
    const metadata = at(t, ["metadata"], [dotted(tPath)]);
    const spec = overlay([pick(t, ["securityContext", "volumes", "serviceAccountName", "automountServiceAccountToken", "hostNetwork", "priorityClassName", "imagePullSecrets"])], { containers: [c] });
    return [{ metadata: isObject(metadata) ? metadata : {}, spec, specPath: dotted(tPath), containerPath: () => dotted([...tPath, containerKey]) }];
};

const all = (...xs: Extractor[]): Extractor => (props, base) => xs.flatMap((x) => x(props, base));

/** The registry of custom resources, by `group/Kind` (every version). */
const CUSTOM: Readonly<Record<string, Extractor>> = {
    // Argo Rollouts, Workflows, Events (argoproj.io)
    "argoproj.io/Rollout": template("spec", "template"),
    "argoproj.io/Workflow": argoWorkflowSpec(["spec"]),
    "argoproj.io/WorkflowTemplate": argoWorkflowSpec(["spec"]),
    "argoproj.io/ClusterWorkflowTemplate": argoWorkflowSpec(["spec"]),
    "argoproj.io/CronWorkflow": argoWorkflowSpec(["spec", "workflowSpec"]),
    "argoproj.io/Sensor": containerIn(["spec", "template"], "container"),
    "argoproj.io/EventSource": containerIn(["spec", "template"], "container"),
    // Knative Serving
    "serving.knative.dev/Service": template("spec", "template"),
    "serving.knative.dev/Configuration": template("spec", "template"),
    "serving.knative.dev/Revision": (props) => specAt(props, ["spec"], ["metadata"]),
    // KEDA
    "keda.sh/ScaledJob": template("spec", "jobTargetRef", "template"),
    // Tekton Pipelines (v1: taskRunTemplate.podTemplate; v1beta1: podTemplate)
    "tekton.dev/Task": tektonTaskSpec(["spec"]),
    "tekton.dev/ClusterTask": tektonTaskSpec(["spec"]),
    "tekton.dev/TaskRun": tektonTaskSpec(["spec", "taskSpec"], [["spec", "podTemplate"]]),
    "tekton.dev/Pipeline": tektonPipelineSpec(["spec"]),
    "tekton.dev/PipelineRun": tektonPipelineSpec(["spec", "pipelineSpec"], [["spec", "taskRunTemplate", "podTemplate"], ["spec", "podTemplate"]]),
    // OpenKruise, OpenShift
    "apps.kruise.io/CloneSet": template("spec", "template"),
    "apps.kruise.io/StatefulSet": template("spec", "template"),
    "apps.kruise.io/DaemonSet": template("spec", "template"),
    "apps.kruise.io/BroadcastJob": template("spec", "template"),
    "apps.kruise.io/AdvancedCronJob": all(template("spec", "template", "jobTemplate", "spec", "template"), template("spec", "template", "broadcastJobTemplate", "spec", "template")),
    "apps.openshift.io/DeploymentConfig": template("spec", "template"),
    // Kubeflow training operator
    "kubeflow.org/PyTorchJob": templatesInMap(["spec", "pytorchReplicaSpecs"], ["template"]),
    "kubeflow.org/TFJob": templatesInMap(["spec", "tfReplicaSpecs"], ["template"]),
    "kubeflow.org/MPIJob": templatesInMap(["spec", "mpiReplicaSpecs"], ["template"]),
    "kubeflow.org/XGBoostJob": templatesInMap(["spec", "xgbReplicaSpecs"], ["template"]),
    "kubeflow.org/PaddleJob": templatesInMap(["spec", "paddleReplicaSpecs"], ["template"]),
    "kubeflow.org/JAXJob": templatesInMap(["spec", "jaxReplicaSpecs"], ["template"]),
    // Ray (KubeRay)
    "ray.io/RayCluster": all(template("spec", "headGroupSpec", "template"), templatesInList(["spec", "workerGroupSpecs"], ["template"])),
    "ray.io/RayJob": all(template("spec", "rayClusterSpec", "headGroupSpec", "template"), templatesInList(["spec", "rayClusterSpec", "workerGroupSpecs"], ["template"]), template("spec", "submitterPodTemplate")),
    "ray.io/RayService": all(template("spec", "rayClusterConfig", "headGroupSpec", "template"), templatesInList(["spec", "rayClusterConfig", "workerGroupSpecs"], ["template"])),
    // Batch and scheduling
    "jobset.x-k8s.io/JobSet": templatesInList(["spec", "replicatedJobs"], ["template", "spec", "template"]),
    "leaderworkerset.x-k8s.io/LeaderWorkerSet": all(template("spec", "leaderWorkerTemplate", "leaderTemplate"), template("spec", "leaderWorkerTemplate", "workerTemplate")),
    "batch.volcano.sh/Job": templatesInList(["spec", "tasks"], ["template"]),
    // The Prometheus operator: the pod spec fields it merges into the pods it generates.
    "monitoring.coreos.com/Prometheus": (props) => specAt(props, ["spec"], ["spec", "podMetadata"]),
    "monitoring.coreos.com/PrometheusAgent": (props) => specAt(props, ["spec"], ["spec", "podMetadata"]),
    "monitoring.coreos.com/Alertmanager": (props) => specAt(props, ["spec"], ["spec", "podMetadata"]),
    "monitoring.coreos.com/ThanosRuler": (props) => specAt(props, ["spec"], ["spec", "podMetadata"]),
};

/** Crossplane-style objects that embed a whole Kubernetes manifest, judged as that object. */
const EMBEDDING: Readonly<Record<string, Array<string | number>>> = {
    "kubernetes.crossplane.io/Object": ["spec", "forProvider", "manifest"],
    "kubernetes.m.crossplane.io/Object": ["spec", "forProvider", "manifest"],
};

/** `kubernetes:<group>/<version>:<Kind>` → `group/Kind` (core → ""). */
function groupKind(type: string): string | undefined {
    const m = /^kubernetes:([^:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) return undefined;
    const gv = m[1];
    const group = gv.includes("/") ? gv.slice(0, gv.lastIndexOf("/")) : "";
    return `${group === "core" ? "" : group}/${m[2]}`;
}

/** Built-in API groups: objects of these groups that are not pod kinds carry no pod. */
const BUILT_IN_GROUP = /^(|apps|batch|autoscaling|policy|networking\.k8s\.io|rbac\.authorization\.k8s\.io|storage\.k8s\.io|admissionregistration\.k8s\.io|apiextensions\.k8s\.io|apiregistration\.k8s\.io|scheduling\.k8s\.io|node\.k8s\.io|coordination\.k8s\.io|discovery\.k8s\.io|events\.k8s\.io|flowcontrol\.apiserver\.k8s\.io|certificates\.k8s\.io|resource\.k8s\.io|storagemigration\.k8s\.io|internal\.apiserver\.k8s\.io|authentication\.k8s\.io|authorization\.k8s\.io|extensions)$/;

export interface UncheckedContainers {
    /** Dotted path of the containers in the resource. */
    path: string;
    /** Why the packs cannot read them as a pod. */
    reason: string;
}

interface Extraction {
    pods: PodView[];
    unchecked: UncheckedContainers[];
    /** Paths of values unknown during preview that the extraction met (re-deferred on every use). */
    unknown?: string[];
}

const memo = new WeakMap<object, Map<string, Extraction>>();

/** The pods of a resource of `type` (a canonical type token), wherever it carries them. */
export function podsOf(type: string, props: any): PodView[] {
    return extract(type, props).pods;
}

/** Containers of a resource the packs cannot read as part of any pod (reported as not checked). */
export function uncheckedContainersOf(type: string, props: any): UncheckedContainers[] {
    return extract(type, props).unchecked;
}

/** Whether a resource carries at least one pod (a workload, for the stack's namespace policies). */
export function isPodCarrier(type: string, props: any): boolean {
    return podsOf(type, props).length > 0;
}

function extract(type: string, props: any): Extraction {
    if (!isObject(props)) return { pods: [], unchecked: [] };
    const key = rawTarget(props) as object;
    let byType = memo.get(key);
    if (!byType) memo.set(key, (byType = new Map()));
    let hit = byType.get(type);
    if (!hit) {
        const outer = unknownsMet;
        unknownsMet = [];
        try {
            hit = compute(type, props);
            if (unknownsMet.length) hit.unknown = unknownsMet;
        } finally {
            unknownsMet = outer;
        }
        byType.set(type, hit);
    }
    for (const u of hit.unknown ?? []) deferUnknown(u);
    return hit;
}

function compute(type: string, props: any): Extraction {
    const builtIn = builtInOf(type);
    if (builtIn) return { pods: templateOrPod(builtIn, props), unchecked: [] };
    const gk = groupKind(type);
    if (!gk) return { pods: [], unchecked: [] };
    const custom = CUSTOM[gk];
    if (custom) return { pods: custom(props), unchecked: [] };
    const embedPath = EMBEDDING[gk];
    if (embedPath) return embedded(props, embedPath);
    if (BUILT_IN_GROUP.test(gk.slice(0, gk.indexOf("/")))) return { pods: [], unchecked: [] };
    return generic(props);
}

function templateOrPod(type: string, props: any): PodView[] {
    const path = BUILT_IN[type];
    if (path.length === 0) {
        const spec = at(props, ["spec"]);
        if (!isObject(spec)) return [];
        const metadata = at(props, ["metadata"]);
        return [{ metadata: isObject(metadata) ? metadata : {}, spec, specPath: "spec", templatePath: [] }];
    }
    return templateAt(props, path);
}

/** A Crossplane Object: the pods of the manifest it embeds, at their path under the manifest. */
function embedded(props: any, path: Array<string | number>): Extraction {
    const manifest = at(props, path);
    if (!isObject(manifest)) return { pods: [], unchecked: [] };
    const apiVersion = at(manifest, ["apiVersion"]);
    const kind = at(manifest, ["kind"]);
    if (typeof apiVersion !== "string" || typeof kind !== "string") return { pods: [], unchecked: [] };
    const [g, v] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["core", apiVersion];
    const inner = extract(`kubernetes:${g}/${v}:${kind}`, manifest);
    const prefix = dotted(path);
    return {
        pods: inner.pods.map((p) => ({
            ...p,
            specPath: `${prefix}.${p.specPath}`,
            templatePath: p.templatePath ? [...path, ...p.templatePath] : undefined,
            containerPath: (k, i) => `${prefix}.${p.containerPath?.(k, i) ?? `${p.specPath}.${k}[${i}]`}`,
        })),
        unchecked: inner.unchecked.map((u) => ({ ...u, path: `${prefix}.${u.path}` })),
    };
}

const CONTAINER_LISTS = new Set(["containers", "initContainers", "ephemeralContainers"]);
const MAX_WALK = 16;

/** Whether `v` is a list of objects at least one of which names an image. */
function containerList(v: unknown): boolean {
    return Array.isArray(v) && v.some((c) => isObject(c) && typeof c.image === "string" && c.image !== "");
}

/**
 * Any other custom resource: a nested object whose `containers` list holds objects with an image is
 * a pod spec (its sibling `metadata`, when it sits in a template, the pod's); containers anywhere
 * else cannot be read as a pod and are listed as not checked.
 */
function generic(props: any): Extraction {
    const snapshot = plain(props);
    const pods: PodView[] = [];
    const unchecked: UncheckedContainers[] = [];
    const walk = (v: unknown, path: Array<string | number>, depth: number): void => {
        if (depth > MAX_WALK || v === UNKNOWN) return;
        if (Array.isArray(v)) {
            v.forEach((x, i) => walk(x, [...path, i], depth + 1));
            return;
        }
        if (!isObject(v)) return;
        if (containerList(v.containers) || containerList(v.initContainers)) {
            const last = path[path.length - 1];
            const parent = path.length > 1 ? at(props, path.slice(0, -1)) : props;
            const isTemplateSpec = last === "spec" && isObject(parent);
            const spec = at(props, path);
            if (isObject(spec)) {
                const metadata = isTemplateSpec ? at(parent, ["metadata"]) : at(spec, ["metadata"]);
                pods.push({ metadata: isObject(metadata) ? metadata : {}, spec, specPath: dotted(path), templatePath: isTemplateSpec ? path.slice(0, -1) : undefined });
            }
            return;
        }
        for (const [k, x] of Object.entries(v)) {
            if (!CONTAINER_LISTS.has(k) && containerList(x)) {
                unchecked.push({ path: dotted([...path, k]), reason: `a list of containers the packs cannot read as part of a pod spec` });
                continue;
            }
            if (isObject(x) && typeof x.image === "string" && x.image !== "" && ["command", "args", "securityContext", "env", "ports", "volumeMounts", "name"].some((f) => f in x)) {
                unchecked.push({ path: dotted([...path, k]), reason: `a container the packs cannot read as part of a pod spec` });
                continue;
            }
            walk(x, [...path, k], depth + 1);
        }
    };
    walk(snapshot, [], 0);
    return { pods, unchecked };
}

