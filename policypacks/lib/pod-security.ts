// Pod Security Standards, evaluated exactly as Pod Security Admission (PSA) does.
//
// A TypeScript port of the upstream PSA library (k8s.io/pod-security-admission, Apache-2.0):
// the checks of policy/check_*.go, the level/version/override registry of policy/registry.go,
// the label parsing of api/helpers.go and the container walk of policy/visitor.go. Forbidden
// reasons and details are PSA's own, so a workload gets the same reasons PSA would give it.
//
// Effective level/version: a workload is held to its namespace's
// `pod-security.kubernetes.io/enforce[-version]` labels when that Namespace is in the same stack
// (recorded by the namespace registry below), otherwise to the pack's configured default.
import type { PolicyConfigSchema } from "@pulumi/policy";
import { currentArrival, observeResources, resetArrivals } from "./policy";
import type { Report, ResourceContext } from "./policy";
import { T, containersOf, isObject, namespaceOf } from "./k8s";
import { podsOf, POD_SPEC_TYPES, type PodView } from "./pod-specs";
import { evaluateWaiver, waiverSource } from "./waivers";
import { NAMESPACE_CONTEXT_SCHEMA, namespaceContextOf } from "./namespace-context";

// ---------------------------------------------------------------------------------------------
// Levels and versions (api/helpers.go, api/constants.go)

export type Level = "privileged" | "baseline" | "restricted";
export const LEVELS: readonly Level[] = ["privileged", "baseline", "restricted"];

/**
 * The newest released policy version; "latest" means this. PSA also defines 1.37 entries
 * (sysctls), which are unreleased/alpha: they stay in the tables but only take effect once this
 * constant is raised. Any newer explicit version is evaluated as this one (PSA clamps versions
 * above its newest to its newest, registry.go).
 */
export const LATEST_MINOR = 36;

export const ENFORCE_LEVEL_LABEL = "pod-security.kubernetes.io/enforce";
export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";

/** A policy version: minor of 1.x, or latest. */
export type Version = { latest: true } | { latest: false; minor: number };

/** ParseLevel: an invalid value evaluates as "restricted" (fail closed), with an error. */
export function parseLevel(value: unknown): { level: Level; error?: string } {
    if (value === "privileged" || value === "baseline" || value === "restricted") return { level: value };
    return { level: "restricted", error: "must be one of privileged, baseline, restricted" };
}

export const VERSION_RE = /^v1\.([0-9]|[1-9][0-9]*)$/;

/** ParseVersion: "latest" or "v1.x"; an invalid value evaluates as latest, with an error. */
export function parseVersion(value: unknown): { version: Version; error?: string } {
    if (value === "latest") return { version: { latest: true } };
    const m = typeof value === "string" ? VERSION_RE.exec(value) : null;
    if (!m) return { version: { latest: true }, error: 'must be "latest" or "v1.x"' };
    const minor = Number(m[1]);
    if (!Number.isSafeInteger(minor)) return { version: { latest: true }, error: 'must be "latest" or "v1.x"' };
    return { version: { latest: false, minor } };
}

/** The minor whose rules apply: latest and anything newer than the newest released → LATEST_MINOR. */
export function effectiveMinor(v: Version): number {
    return v.latest ? LATEST_MINOR : Math.min(v.minor, LATEST_MINOR);
}

export function versionString(v: Version): string {
    return v.latest ? "latest" : `v1.${v.minor}`;
}

// ---------------------------------------------------------------------------------------------
// Pack configuration shared by every pss-* policy

export interface PssConfig {
    /** Level for workloads whose namespace is not in the stack (or has no enforce label). */
    defaultLevel: string;
    /** Version for the same, "latest" or "v1.x". */
    defaultVersion: string;
    /** Report pods the API server would reject, and baseline violations found by a restricted check, as mandatory. */
    blockAdmissionViolations: boolean;
}

export const PSS_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        namespaceContext: NAMESPACE_CONTEXT_SCHEMA,
        defaultLevel: {
            type: "string",
            enum: ["privileged", "baseline", "restricted"],
            default: "restricted",
            description: "Pod Security level for workloads whose Namespace is not in the stack or has no pod-security.kubernetes.io/enforce label.",
        },
        defaultVersion: {
            type: "string",
            pattern: "^(latest|v1\\.(0|[1-9][0-9]*))$",
            default: "latest",
            description: 'Pod Security version ("latest" or "v1.x") for the same workloads.',
        },
        blockAdmissionViolations: {
            type: "boolean",
            default: true,
            description:
                "Report as mandatory, whatever this policy's own level, (1) a pod that violates the enforce level its Namespace in the stack labels (the API server's Pod Security Admission rejects it) and (2) a violation of a baseline control (hostPath, capabilities, seccomp, procMount) that a stricter restricted check reports, so a stricter namespace never gives a weaker verdict. Set false to report these at the policy's own level (e.g. during an advisory roll-out).",
        },
    },
};

// ---------------------------------------------------------------------------------------------
// Namespace registry
//
// Per-resource policies see one resource at a time. The Pulumi CLI and the ksl engine analyze a
// Namespace before the workloads that depend on it, in the same pack process, so the enforce
// labels of every Namespace seen so far are kept here. Recording happens through the resource
// observer hook of lib/policy.ts: any resource policy of the pack that sees a Namespace records
// it, whichever policies are enabled. A workload sees the Namespaces that arrived before it
// (lib/policy.ts currentArrival), never one that arrived while its own policies were running.

export interface NamespaceEntry {
    name: string;
    /** Raw enforce labels; undefined when absent. */
    level?: string;
    version?: string;
    /** The Namespace's valid waiver of require-pod-security-labels (why it may run below restricted). */
    waiver?: { justification: string; expires: string };
}

/** Per Namespace name, each recording with its arrival position, in arrival order. */
const namespaces = new Map<string, { at: number; entry: NamespaceEntry }[]>();

/** Records a Namespace's enforce labels. Never throws (unknown values during preview are skipped). */
export function recordNamespace(type: string, resourceName: string, props: any, at: number = Infinity): void {
    if (type !== T.Namespace) return;
    try {
        const meta = props?.metadata;
        const name = isObject(meta) && typeof meta.name === "string" && meta.name !== "" ? meta.name : resourceName;
        if (typeof name !== "string" || name === "") return;
        const labels = isObject(meta) && isObject(meta.labels) ? meta.labels : {};
        const entry: NamespaceEntry = { name };
        if (ENFORCE_LEVEL_LABEL in labels) entry.level = String(labels[ENFORCE_LEVEL_LABEL]);
        if (ENFORCE_VERSION_LABEL in labels) entry.version = String(labels[ENFORCE_VERSION_LABEL]);
        const w = evaluateWaiver(waiverSource(type, props), "require-pod-security-labels");
        if (w.kind === "valid") entry.waiver = { justification: w.justification, expires: w.expires };
        const history = namespaces.get(name) ?? [];
        // The same resource seen again (Remediate, then Analyze) replaces its own recording.
        let i = history.length;
        while (i > 0 && history[i - 1].at > at) i--;
        if (i > 0 && history[i - 1].at === at) history[i - 1].entry = entry;
        else history.splice(i, 0, { at, entry });
        namespaces.set(name, history);
    } catch {
        // Labels unknown during preview: nothing reliable to record; workloads get the default.
    }
}

observeResources(recordNamespace);

/** The Namespace as recorded before the resource now being checked arrived. */
export function namespaceEntry(name: string): NamespaceEntry | undefined {
    const history = namespaces.get(name);
    if (!history) return undefined;
    const before = currentArrival();
    for (let i = history.length - 1; i >= 0; i--) if (history[i].at < before || before === Infinity) return history[i].entry;
    return undefined;
}

/** For tests: forget every recorded Namespace. */
export function resetNamespaceRegistry(): void {
    namespaces.clear();
    resetArrivals();
}

export interface EffectivePolicy {
    level: Level;
    version: Version;
    /** Rules in force: the effective minor version (latest and newer clamp to LATEST_MINOR). */
    minor: number;
    /** `[restricted:latest]`, `[baseline:v1.30, namespace "apps"]`, plus label errors if any. */
    tag: string;
    /** The level comes from the enforce label of the workload's Namespace in the stack. */
    labelled: boolean;
    /** The workload's Namespace as recorded in the stack, when it is (or from the namespace context). */
    namespace?: NamespaceEntry;
    /** The Namespace comes from the policy's namespace context (another stack), not from this stack. */
    fromContext?: string;
}

const contextEntries = new WeakMap<object, Map<string, NamespaceEntry>>();

/** The Namespace entries of a policy's namespace context, by name (built once per context). */
function contextNamespace(config: unknown, name: string): { entry: NamespaceEntry; source: string } | undefined {
    const ctx = namespaceContextOf(config);
    if (!ctx) return undefined;
    let byName = contextEntries.get(ctx);
    if (!byName) {
        byName = new Map();
        for (const o of ctx.objects) {
            if (o.kind !== "Namespace") continue;
            const labels = o.metadata.labels ?? {};
            const entry: NamespaceEntry = { name: o.metadata.name };
            if (ENFORCE_LEVEL_LABEL in labels) entry.level = labels[ENFORCE_LEVEL_LABEL];
            if (ENFORCE_VERSION_LABEL in labels) entry.version = labels[ENFORCE_VERSION_LABEL];
            const w = evaluateWaiver(waiverSource(T.Namespace, o), "require-pod-security-labels");
            if (w.kind === "valid") entry.waiver = { justification: w.justification, expires: w.expires };
            byName.set(entry.name, entry);
        }
        contextEntries.set(ctx, byName);
    }
    const entry = byName.get(name);
    return entry ? { entry, source: ctx.source ?? "namespaceContext" } : undefined;
}

/**
 * The level/version a workload is held to. Mirrors api.PolicyToEvaluate: labels override the
 * defaults one by one; an invalid label value evaluates as restricted/latest.
 */
export function effectivePolicy(props: any, config: Partial<PssConfig>): EffectivePolicy {
    let { level } = parseLevel(config.defaultLevel ?? "restricted");
    let { version } = parseVersion(config.defaultVersion ?? "latest");
    const notes: string[] = [];
    const ns = namespaceOf(props);
    // The stack's own Namespace first; else the one the namespace context states (another stack's).
    const own = ns !== undefined ? namespaceEntry(ns) : undefined;
    const context = ns !== undefined && !own ? contextNamespace(config, ns) : undefined;
    const entry = own ?? context?.entry;
    if (entry) {
        if (entry.level !== undefined) {
            const p = parseLevel(entry.level);
            level = p.level;
            if (p.error) notes.push(`invalid ${ENFORCE_LEVEL_LABEL}="${entry.level}": ${p.error}`);
        }
        if (entry.version !== undefined) {
            const p = parseVersion(entry.version);
            version = p.version;
            if (p.error) notes.push(`invalid ${ENFORCE_VERSION_LABEL}="${entry.version}": ${p.error}`);
        }
    }
    const where = entry && (entry.level !== undefined || entry.version !== undefined) ? `, namespace "${entry.name}"${context ? ` from context (${context.source})` : ""}` : "";
    const tag = `[${level}:${versionString(version)}${where}${notes.length ? "; " + notes.join("; ") : ""}]`;
    return { level, version, minor: effectiveMinor(version), tag, labelled: entry?.level !== undefined, namespace: entry, ...(context ? { fromContext: context.source } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Checks (policy/check_*.go)

export type CheckId =
    | "privileged" | "hostNamespaces" | "hostPathVolumes" | "hostPorts" | "appArmorProfile"
    | "capabilities_baseline" | "seLinuxOptions" | "procMount" | "seccompProfile_baseline"
    | "sysctls" | "windowsHostProcess" | "hostProbesAndHostLifecycle" | "allowPrivilegeEscalation"
    | "capabilities_restricted" | "runAsNonRoot" | "runAsUser" | "seccompProfile_restricted"
    | "restrictedVolumes" | "procMount_restricted";

/** A forbidden result: PSA's ForbiddenReason and ForbiddenDetail. Undefined = allowed. */
export interface Forbidden {
    reason: string;
    detail: string;
}
export type CheckPodFn = (meta: Record<string, any>, spec: Record<string, any>) => Forbidden | undefined;

export interface VersionedCheck {
    minimumMinor: number;
    checkPod: CheckPodFn;
    overrideCheckIds?: CheckId[];
}
export interface Check {
    id: CheckId;
    level: "baseline" | "restricted";
    versions: VersionedCheck[];
}

// --- helpers (policy/helpers.go, visitor.go) --------------------------------------------------

function obj(v: unknown): Record<string, any> | undefined {
    return isObject(v) ? v : undefined;
}
function list(v: unknown): any[] {
    return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
    return typeof v === "string" ? v : "";
}
function joinQuote(items: string[]): string {
    return items.length ? `"${items.join('", "')}"` : "";
}
function pluralize(singular: string, plural: string, n: number): string {
    return n === 1 ? singular : plural;
}
function sortedSet(s: Set<string>): string[] {
    return [...s].sort();
}
/** Go's %q for the plain strings found here. */
function quote(s: string): string {
    return JSON.stringify(s);
}
function sc(c: any): Record<string, any> | undefined {
    return obj(c?.securityContext);
}
function podSc(spec: any): Record<string, any> | undefined {
    return obj(spec?.securityContext);
}
/** Containers as visitContainers walks them: init, regular, ephemeral. */
function containers(spec: any) {
    return containersOf(spec).map((v) => ({ name: typeof v.c.name === "string" ? v.c.name : "", c: v.c }));
}
/** relaxPolicyForUserNamespacePod: the pod runs in a user namespace. */
function userNamespacePod(spec: any): boolean {
    return spec?.hostUsers === false;
}
function windowsPod(spec: any): boolean {
    return obj(spec?.os)?.name === "windows";
}
function containersPhrase(names: string[]): string {
    return `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;
}

// --- privileged -------------------------------------------------------------------------------

const privileged_1_0: CheckPodFn = (_m, spec) => {
    const bad = containers(spec).filter((x) => sc(x.c)?.privileged === true).map((x) => x.name);
    if (!bad.length) return undefined;
    return { reason: "privileged", detail: `${containersPhrase(bad)} must not set securityContext.privileged=true` };
};

// --- hostNamespaces ---------------------------------------------------------------------------

const hostNamespaces_1_0: CheckPodFn = (_m, spec) => {
    const host: string[] = [];
    if (spec.hostNetwork === true) host.push("hostNetwork=true");
    if (spec.hostPID === true) host.push("hostPID=true");
    if (spec.hostIPC === true) host.push("hostIPC=true");
    if (!host.length) return undefined;
    return { reason: "host namespaces", detail: host.join(", ") };
};

// --- hostPathVolumes --------------------------------------------------------------------------

const hostPathVolumes_1_0: CheckPodFn = (_m, spec) => {
    const bad = list(spec.volumes).filter((v) => obj(v) && obj(v.hostPath)).map((v) => str(v.name));
    if (!bad.length) return undefined;
    return { reason: "hostPath volumes", detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)}` };
};

// --- hostPorts --------------------------------------------------------------------------------

const hostPorts_1_0: CheckPodFn = (_m, spec) => {
    const badContainers: string[] = [];
    const forbidden = new Set<string>();
    for (const x of containers(spec)) {
        let valid = true;
        for (const p of list(x.c.ports)) {
            const hp = obj(p)?.hostPort;
            if (typeof hp === "number" && hp !== 0) {
                valid = false;
                forbidden.add(String(hp));
            }
        }
        if (!valid) badContainers.push(x.name);
    }
    if (!badContainers.length) return undefined;
    return {
        reason: "hostPort",
        detail: `${containersPhrase(badContainers)} ${pluralize("uses", "use", badContainers.length)} ${pluralize("hostPort", "hostPorts", forbidden.size)} ${sortedSet(forbidden).join(", ")}`,
    };
};

// --- appArmorProfile --------------------------------------------------------------------------

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function allowedAppArmorAnnotation(v: string): boolean {
    return v === "" || v === "runtime/default" || v.startsWith("localhost/");
}
function allowedAppArmorType(t: unknown): boolean {
    return t === "RuntimeDefault" || t === "Localhost";
}

const appArmorProfile_1_0: CheckPodFn = (meta, spec) => {
    const badSetters: string[] = [];
    const badValues = new Set<string>();
    const podProfile = obj(podSc(spec)?.appArmorProfile);
    if (podProfile && !allowedAppArmorType(podProfile.type)) {
        badSetters.push("pod");
        badValues.add(str(podProfile.type));
    }
    const badContainers: string[] = [];
    for (const x of containers(spec)) {
        const p = obj(sc(x.c)?.appArmorProfile);
        if (p && !allowedAppArmorType(p.type)) {
            badContainers.push(x.name);
            badValues.add(str(p.type));
        }
    }
    if (badContainers.length) badSetters.push(containersPhrase(badContainers));
    const annotations = obj(meta.annotations) ?? {};
    const forbiddenAnnotations: string[] = [];
    for (const [k, v] of Object.entries(annotations)) {
        if (k.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(str(v))) {
            forbiddenAnnotations.push(`${k}=${quote(str(v))}`);
        }
    }
    const values = sortedSet(badValues);
    if (forbiddenAnnotations.length) {
        forbiddenAnnotations.sort();
        values.push(...forbiddenAnnotations);
        badSetters.push(pluralize("annotation", "annotations", forbiddenAnnotations.length));
    }
    if (!badSetters.length) return undefined;
    return {
        reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.length),
        detail: `${badSetters.join(" and ")} must not set AppArmor profile type to ${joinQuote(values)}`,
    };
};

// --- capabilities -----------------------------------------------------------------------------

/** The container runtime's default capability set (check_capabilities_baseline.go). */
export const BASELINE_CAPABILITIES: readonly string[] = [
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
];

const capabilities_baseline_1_0: CheckPodFn = (_m, spec) => {
    const badContainers: string[] = [];
    const nonDefault = new Set<string>();
    for (const x of containers(spec)) {
        const caps = obj(sc(x.c)?.capabilities);
        if (!caps) continue;
        let valid = true;
        for (const cap of list(caps.add)) {
            if (!BASELINE_CAPABILITIES.includes(cap)) {
                valid = false;
                nonDefault.add(str(cap));
            }
        }
        if (!valid) badContainers.push(x.name);
    }
    if (!badContainers.length) return undefined;
    return {
        reason: "non-default capabilities",
        detail: `${containersPhrase(badContainers)} must not include ${joinQuote(sortedSet(nonDefault))} in securityContext.capabilities.add`,
    };
};

const capabilities_restricted_1_22: CheckPodFn = (_m, spec) => {
    const missingDropAll: string[] = [];
    const addingForbidden: string[] = [];
    const forbiddenCaps = new Set<string>();
    for (const x of containers(spec)) {
        const caps = obj(sc(x.c)?.capabilities);
        if (!caps) {
            missingDropAll.push(x.name);
            continue;
        }
        if (!list(caps.drop).includes("ALL")) missingDropAll.push(x.name);
        let added = false;
        for (const cap of list(caps.add)) {
            if (cap !== "NET_BIND_SERVICE") {
                added = true;
                forbiddenCaps.add(str(cap));
            }
        }
        if (added) addingForbidden.push(x.name);
    }
    const details: string[] = [];
    if (missingDropAll.length) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
    if (addingForbidden.length) {
        details.push(`${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbiddenCaps))} in securityContext.capabilities.add`);
    }
    if (!details.length) return undefined;
    return { reason: "unrestricted capabilities", detail: details.join("; ") };
};

// Pod API validation rejects capabilities on Windows pods, so 1.25+ exempts them.
const capabilities_restricted_1_25: CheckPodFn = (m, spec) => (windowsPod(spec) ? undefined : capabilities_restricted_1_22(m, spec));

// --- seLinuxOptions ---------------------------------------------------------------------------

const SELINUX_TYPES_1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, "container_engine_t"];

function seLinuxOptions(spec: any, allowedTypes: string[]): Forbidden | undefined {
    const badSetters: string[] = [];
    const badTypes = new Set<string>();
    let setUser = false;
    let setRole = false;
    const valid = (opts: Record<string, any>): boolean => {
        let ok = true;
        const t = str(opts.type);
        if (!allowedTypes.includes(t)) {
            ok = false;
            badTypes.add(t);
        }
        if (str(opts.user) !== "") {
            ok = false;
            setUser = true;
        }
        if (str(opts.role) !== "") {
            ok = false;
            setRole = true;
        }
        return ok;
    };
    const podOpts = obj(podSc(spec)?.seLinuxOptions);
    if (podOpts && !valid(podOpts)) badSetters.push("pod");
    const badContainers: string[] = [];
    for (const x of containers(spec)) {
        const o = obj(sc(x.c)?.seLinuxOptions);
        if (o && !valid(o)) badContainers.push(x.name);
    }
    if (badContainers.length) badSetters.push(containersPhrase(badContainers));
    if (!badSetters.length) return undefined;
    const badData: string[] = [];
    if (badTypes.size) badData.push(`${pluralize("type", "types", badTypes.size)} ${joinQuote(sortedSet(badTypes))}`);
    if (setUser) badData.push("user may not be set");
    if (setRole) badData.push("role may not be set");
    return { reason: "seLinuxOptions", detail: `${badSetters.join(" and ")} set forbidden securityContext.seLinuxOptions: ${badData.join("; ")}` };
}
const seLinuxOptions_1_0: CheckPodFn = (_m, spec) => seLinuxOptions(spec, SELINUX_TYPES_1_0);
const seLinuxOptions_1_31: CheckPodFn = (_m, spec) => seLinuxOptions(spec, SELINUX_TYPES_1_31);

// --- procMount --------------------------------------------------------------------------------

const procMount_1_0: CheckPodFn = (_m, spec) => {
    const bad: string[] = [];
    const forbidden = new Set<string>();
    for (const x of containers(spec)) {
        const s = sc(x.c);
        if (!s || s.procMount === undefined || s.procMount === null) continue;
        if (s.procMount !== "Default") {
            bad.push(x.name);
            forbidden.add(str(s.procMount));
        }
    }
    if (!bad.length) return undefined;
    return { reason: "procMount", detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(forbidden))}` };
};
// 1.35+: a pod in a user namespace may unmask /proc (its root is not the node's root).
const procMount_1_35_baseline: CheckPodFn = (m, spec) => (userNamespacePod(spec) ? undefined : procMount_1_0(m, spec));

// --- seccompProfile ---------------------------------------------------------------------------

const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

function validSeccompAnnotation(v: string): boolean {
    return v === "runtime/default" || v === "docker/default" || v.startsWith("localhost/");
}
function validSeccompType(t: unknown): boolean {
    return t === "RuntimeDefault" || t === "Localhost";
}

// Before 1.19 the profile was set through alpha annotations.
const seccompProfile_baseline_1_0: CheckPodFn = (meta, spec) => {
    const annotations = obj(meta.annotations) ?? {};
    const forbidden = new Set<string>();
    const podVal = annotations[SECCOMP_POD_ANNOTATION];
    if (typeof podVal === "string" && !validSeccompAnnotation(podVal)) forbidden.add(`${SECCOMP_POD_ANNOTATION}=${quote(podVal)}`);
    for (const x of containers(spec)) {
        const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + x.name;
        const v = annotations[key];
        if (typeof v === "string" && !validSeccompAnnotation(v)) forbidden.add(`${key}=${quote(v)}`);
    }
    if (!forbidden.size) return undefined;
    return { reason: "seccompProfile", detail: `forbidden ${pluralize("annotation", "annotations", forbidden.size)} ${sortedSet(forbidden).join(", ")}` };
};

const seccompProfile_baseline_1_19: CheckPodFn = (_m, spec) => {
    const badSetters: string[] = [];
    const badValues = new Set<string>();
    const podProfile = obj(podSc(spec)?.seccompProfile);
    if (podProfile && !validSeccompType(podProfile.type)) {
        badSetters.push("pod");
        badValues.add(str(podProfile.type));
    }
    const bad: string[] = [];
    for (const x of containers(spec)) {
        const p = obj(sc(x.c)?.seccompProfile);
        if (p && !validSeccompType(p.type)) {
            bad.push(x.name);
            badValues.add(str(p.type));
        }
    }
    if (bad.length) badSetters.push(containersPhrase(bad));
    if (!badSetters.length) return undefined;
    return { reason: "seccompProfile", detail: `${badSetters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}` };
};

const seccompProfile_restricted_1_19: CheckPodFn = (_m, spec) => {
    const badSetters: string[] = [];
    const badValues = new Set<string>();
    let podSet = false;
    const podProfile = obj(podSc(spec)?.seccompProfile);
    if (podProfile) {
        if (!validSeccompType(podProfile.type)) {
            badSetters.push("pod");
            badValues.add(str(podProfile.type));
        } else {
            podSet = true;
        }
    }
    const explicitlyBad: string[] = [];
    const implicitlyBad: string[] = [];
    for (const x of containers(spec)) {
        const p = obj(sc(x.c)?.seccompProfile);
        if (p) {
            if (!validSeccompType(p.type)) {
                explicitlyBad.push(x.name);
                badValues.add(str(p.type));
            }
        } else if (!podSet) {
            implicitlyBad.push(x.name);
        }
    }
    if (explicitlyBad.length) badSetters.push(containersPhrase(explicitlyBad));
    if (badSetters.length) {
        return { reason: "seccompProfile", detail: `${badSetters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}` };
    }
    if (implicitlyBad.length) {
        return { reason: "seccompProfile", detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` };
    }
    return undefined;
};
const seccompProfile_restricted_1_25: CheckPodFn = (m, spec) => (windowsPod(spec) ? undefined : seccompProfile_restricted_1_19(m, spec));

// --- sysctls ----------------------------------------------------------------------------------

/** Allowed ("safe", namespaced) sysctls, by the minor version that added them (check_sysctls.go). */
export const SYSCTLS_BY_MINOR: ReadonlyArray<[number, readonly string[]]> = [
    [0, ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"]],
    [27, ["net.ipv4.ip_local_reserved_ports"]],
    [29, ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]],
    [32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
    // Unreleased (alpha) at the time of writing: effective only when LATEST_MINOR reaches 37.
    [37, ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]],
];

function sysctlsFor(minor: number): CheckPodFn {
    const allowed = new Set(SYSCTLS_BY_MINOR.filter(([m]) => m <= minor).flatMap(([, names]) => names));
    return (_m, spec) => {
        // Only names are reported: sysctl values are never echoed.
        const forbidden = list(podSc(spec)?.sysctls).filter((s) => !allowed.has(str(obj(s)?.name))).map((s) => str(obj(s)?.name));
        if (!forbidden.length) return undefined;
        return { reason: "forbidden sysctls", detail: forbidden.join(", ") };
    };
}

// --- windowsHostProcess -----------------------------------------------------------------------

const windowsHostProcess_1_0: CheckPodFn = (_m, spec) => {
    const bad = containers(spec).filter((x) => obj(sc(x.c)?.windowsOptions)?.hostProcess === true).map((x) => x.name);
    const podForbidden = obj(podSc(spec)?.windowsOptions)?.hostProcess === true;
    const setters: string[] = [];
    if (podForbidden) setters.push("pod");
    if (bad.length) setters.push(containersPhrase(bad));
    if (!setters.length) return undefined;
    return { reason: "hostProcess", detail: `${setters.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true` };
};

// --- hostProbesAndHostLifecycle ---------------------------------------------------------------

function forbiddenHosts(handler: unknown): string[] {
    const h = obj(handler);
    if (!h) return [];
    const out: string[] = [];
    for (const key of ["httpGet", "tcpSocket"]) {
        const host = obj(h[key])?.host;
        if (typeof host === "string" && host !== "") out.push(host);
    }
    return out;
}

const hostProbesAndHostLifecycle_1_34: CheckPodFn = (_m, spec) => {
    const badContainers = new Set<string>();
    const forbidden = new Set<string>();
    for (const x of containers(spec)) {
        const lifecycle = obj(x.c.lifecycle);
        const hosts = [
            ...forbiddenHosts(x.c.livenessProbe),
            ...forbiddenHosts(x.c.readinessProbe),
            ...forbiddenHosts(x.c.startupProbe),
            ...(lifecycle ? [...forbiddenHosts(lifecycle.postStart), ...forbiddenHosts(lifecycle.preStop)] : []),
        ];
        if (hosts.length) {
            badContainers.add(x.name);
            hosts.forEach((h) => forbidden.add(h));
        }
    }
    if (!badContainers.size) return undefined;
    const names = sortedSet(badContainers);
    return {
        reason: "probe or lifecycle host",
        detail: `${containersPhrase(names)} ${pluralize("uses", "use", names.length)} ${pluralize("probe or lifecycle host", "probe or lifecycle hosts", forbidden.size)} ${joinQuote(sortedSet(forbidden))}`,
    };
};

// --- allowPrivilegeEscalation -----------------------------------------------------------------

const allowPrivilegeEscalation_1_8: CheckPodFn = (_m, spec) => {
    const bad = containers(spec).filter((x) => sc(x.c)?.allowPrivilegeEscalation !== false).map((x) => x.name);
    if (!bad.length) return undefined;
    return { reason: "allowPrivilegeEscalation != false", detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` };
};
const allowPrivilegeEscalation_1_25: CheckPodFn = (m, spec) => (windowsPod(spec) ? undefined : allowPrivilegeEscalation_1_8(m, spec));

// --- runAsNonRoot -----------------------------------------------------------------------------

const runAsNonRoot_1_0: CheckPodFn = (_m, spec) => {
    const badSetters: string[] = [];
    let podRunAsNonRoot = false;
    const podVal = podSc(spec)?.runAsNonRoot;
    if (typeof podVal === "boolean") {
        if (!podVal) badSetters.push("pod");
        else podRunAsNonRoot = true;
    }
    const explicitlyBad: string[] = [];
    const implicitlyBad: string[] = [];
    for (const x of containers(spec)) {
        const v = sc(x.c)?.runAsNonRoot;
        if (v === false) explicitlyBad.push(x.name);
        else if (v !== true && !podRunAsNonRoot) implicitlyBad.push(x.name);
    }
    if (explicitlyBad.length) badSetters.push(containersPhrase(explicitlyBad));
    if (badSetters.length) {
        return { reason: "runAsNonRoot != true", detail: `${badSetters.join(" and ")} must not set securityContext.runAsNonRoot=false` };
    }
    if (implicitlyBad.length) {
        return { reason: "runAsNonRoot != true", detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true` };
    }
    return undefined;
};
const runAsNonRoot_1_35: CheckPodFn = (m, spec) => (userNamespacePod(spec) ? undefined : runAsNonRoot_1_0(m, spec));

// --- runAsUser --------------------------------------------------------------------------------

const runAsUser_1_23: CheckPodFn = (_m, spec) => {
    const badSetters: string[] = [];
    if (podSc(spec)?.runAsUser === 0) badSetters.push("pod");
    const bad = containers(spec).filter((x) => sc(x.c)?.runAsUser === 0).map((x) => x.name);
    if (bad.length) badSetters.push(containersPhrase(bad));
    if (!badSetters.length) return undefined;
    return { reason: "runAsUser=0", detail: `${badSetters.join(" and ")} must not set runAsUser=0` };
};
const runAsUser_1_35: CheckPodFn = (m, spec) => (userNamespacePod(spec) ? undefined : runAsUser_1_23(m, spec));

// --- restrictedVolumes ------------------------------------------------------------------------

const ALLOWED_VOLUME_SOURCES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];
// Reported type names, in check_restrictedVolumes.go's switch order.
const RESTRICTED_VOLUME_SOURCES = [
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume",
    "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
    "portworxVolume", "scaleIO", "storageos",
];

const restrictedVolumes_1_0: CheckPodFn = (_m, spec) => {
    const badVolumes: string[] = [];
    const badTypes = new Set<string>();
    for (const v of list(spec.volumes)) {
        const vol = obj(v);
        if (!vol) continue;
        const sources = Object.keys(vol).filter((k) => k !== "name" && vol[k] !== null && vol[k] !== undefined);
        // The API server defaults a volume without any source to emptyDir before PSA sees it.
        if (sources.length === 0) continue;
        if (ALLOWED_VOLUME_SOURCES.some((k) => obj(vol[k]))) continue;
        badVolumes.push(str(vol.name));
        badTypes.add(RESTRICTED_VOLUME_SOURCES.find((k) => obj(vol[k])) ?? "unknown");
    }
    if (!badVolumes.length) return undefined;
    return {
        reason: "restricted volume types",
        detail: `${pluralize("volume", "volumes", badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize("uses", "use", badVolumes.length)} ${pluralize("restricted volume type", "restricted volume types", badTypes.size)} ${joinQuote(sortedSet(badTypes))}`,
    };
};

// --- the registry (policy/checks.go DefaultChecks) ----------------------------------------------

export const PSS_CHECKS: Readonly<Record<CheckId, Check>> = {
    privileged: { id: "privileged", level: "baseline", versions: [{ minimumMinor: 0, checkPod: privileged_1_0 }] },
    hostNamespaces: { id: "hostNamespaces", level: "baseline", versions: [{ minimumMinor: 0, checkPod: hostNamespaces_1_0 }] },
    hostPathVolumes: { id: "hostPathVolumes", level: "baseline", versions: [{ minimumMinor: 0, checkPod: hostPathVolumes_1_0 }] },
    hostPorts: { id: "hostPorts", level: "baseline", versions: [{ minimumMinor: 0, checkPod: hostPorts_1_0 }] },
    appArmorProfile: { id: "appArmorProfile", level: "baseline", versions: [{ minimumMinor: 0, checkPod: appArmorProfile_1_0 }] },
    capabilities_baseline: { id: "capabilities_baseline", level: "baseline", versions: [{ minimumMinor: 0, checkPod: capabilities_baseline_1_0 }] },
    seLinuxOptions: {
        id: "seLinuxOptions",
        level: "baseline",
        versions: [
            { minimumMinor: 0, checkPod: seLinuxOptions_1_0 },
            { minimumMinor: 31, checkPod: seLinuxOptions_1_31 },
        ],
    },
    procMount: {
        id: "procMount",
        level: "baseline",
        versions: [
            { minimumMinor: 0, checkPod: procMount_1_0 },
            { minimumMinor: 35, checkPod: procMount_1_35_baseline },
        ],
    },
    seccompProfile_baseline: {
        id: "seccompProfile_baseline",
        level: "baseline",
        versions: [
            { minimumMinor: 0, checkPod: seccompProfile_baseline_1_0 },
            { minimumMinor: 19, checkPod: seccompProfile_baseline_1_19 },
        ],
    },
    sysctls: {
        id: "sysctls",
        level: "baseline",
        versions: SYSCTLS_BY_MINOR.map(([minor]) => ({ minimumMinor: minor, checkPod: sysctlsFor(minor) })),
    },
    windowsHostProcess: { id: "windowsHostProcess", level: "baseline", versions: [{ minimumMinor: 0, checkPod: windowsHostProcess_1_0 }] },
    hostProbesAndHostLifecycle: {
        id: "hostProbesAndHostLifecycle",
        level: "baseline",
        versions: [{ minimumMinor: 34, checkPod: hostProbesAndHostLifecycle_1_34 }],
    },
    allowPrivilegeEscalation: {
        id: "allowPrivilegeEscalation",
        level: "restricted",
        versions: [
            { minimumMinor: 8, checkPod: allowPrivilegeEscalation_1_8 },
            { minimumMinor: 25, checkPod: allowPrivilegeEscalation_1_25 },
        ],
    },
    capabilities_restricted: {
        id: "capabilities_restricted",
        level: "restricted",
        versions: [
            { minimumMinor: 22, checkPod: capabilities_restricted_1_22, overrideCheckIds: ["capabilities_baseline"] },
            { minimumMinor: 25, checkPod: capabilities_restricted_1_25, overrideCheckIds: ["capabilities_baseline"] },
        ],
    },
    runAsNonRoot: {
        id: "runAsNonRoot",
        level: "restricted",
        versions: [
            { minimumMinor: 0, checkPod: runAsNonRoot_1_0 },
            { minimumMinor: 35, checkPod: runAsNonRoot_1_35 },
        ],
    },
    runAsUser: {
        id: "runAsUser",
        level: "restricted",
        versions: [
            { minimumMinor: 23, checkPod: runAsUser_1_23 },
            { minimumMinor: 35, checkPod: runAsUser_1_35 },
        ],
    },
    seccompProfile_restricted: {
        id: "seccompProfile_restricted",
        level: "restricted",
        versions: [
            { minimumMinor: 19, checkPod: seccompProfile_restricted_1_19, overrideCheckIds: ["seccompProfile_baseline"] },
            { minimumMinor: 25, checkPod: seccompProfile_restricted_1_25, overrideCheckIds: ["seccompProfile_baseline"] },
        ],
    },
    restrictedVolumes: {
        id: "restrictedVolumes",
        level: "restricted",
        versions: [{ minimumMinor: 0, checkPod: restrictedVolumes_1_0, overrideCheckIds: ["hostPathVolumes"] }],
    },
    procMount_restricted: {
        id: "procMount_restricted",
        level: "restricted",
        // Before 1.35 the baseline procMount check blocked unmasked /proc unconditionally; from
        // 1.35 baseline relaxes for user-namespace pods and restricted keeps the strict rule.
        versions: [{ minimumMinor: 35, checkPod: procMount_1_0, overrideCheckIds: ["procMount"] }],
    },
};

export const CHECK_IDS = Object.keys(PSS_CHECKS) as CheckId[];

function versionAt(check: Check, minor: number): VersionedCheck | undefined {
    let found: VersionedCheck | undefined;
    for (const v of check.versions) if (v.minimumMinor <= minor) found = v;
    return found;
}

/** The check that reports `id`'s concern at this level/minor: itself, the check overriding it, or none. */
export function effectiveCheckFor(id: CheckId, level: Level, minor: number): CheckId | undefined {
    if (level === "privileged") return undefined;
    const check = PSS_CHECKS[id];
    if (check.level === "restricted" && level !== "restricted") return undefined;
    if (!versionAt(check, minor)) return undefined;
    if (level === "restricted") {
        for (const other of CHECK_IDS) {
            const o = PSS_CHECKS[other];
            if (o.level !== "restricted") continue;
            if (versionAt(o, minor)?.overrideCheckIds?.includes(id)) return other;
        }
    }
    return id;
}

/**
 * The CheckPod function of `id` at this level/minor (registry.go semantics), or undefined when the
 * check does not apply: privileged level, restricted-only check at baseline, minimum version not
 * reached, or overridden at restricted by a stricter check (which reports instead).
 */
export function applicableCheck(id: CheckId, level: Level, minor: number): CheckPodFn | undefined {
    if (effectiveCheckFor(id, level, minor) !== id) return undefined;
    return versionAt(PSS_CHECKS[id], minor)?.checkPod;
}

/** Runs one check against a pod's metadata and spec. Malformed input never throws. */
export function evaluateCheck(id: CheckId, level: Level, minor: number, meta: unknown, spec: unknown): Forbidden | undefined {
    const fn = applicableCheck(id, level, minor);
    if (!fn || !isObject(spec)) return undefined;
    return fn(isObject(meta) ? meta : {}, spec);
}

/** PSA's one-line message for a forbidden result: `reason (detail)`. */
export function formatForbidden(f: Forbidden): string {
    return f.detail ? `${f.reason} (${f.detail})` : f.reason;
}

// ---------------------------------------------------------------------------------------------
// Glue for the pss-* policies

export interface PssFinding {
    forbidden: Forbidden;
    policy: EffectivePolicy;
    pod: PodView;
    /** Found at baseline in a namespace that enforces privileged (reported as advisory). */
    exemptNamespace?: boolean;
}

/** Evaluates one check on every pod of a pod-carrying resource at its effective level/version. */
export function pssFindings(id: CheckId, type: string, props: any, config: Partial<PssConfig>): PssFinding[] {
    const pods = podsOf(type, props);
    if (!pods.length) return [];
    const policy = effectivePolicy(props, config);
    // A namespace labelled privileged admits everything: the host-access controls are still
    // evaluated (at baseline) and reported as advisory, naming the namespace's exemption, so a pod
    // put there later never passes in silence.
    const exempt = policy.level === "privileged" && policy.labelled && HOST_ACCESS_CHECKS.has(id);
    const out: PssFinding[] = [];
    for (const pod of pods) {
        const forbidden = evaluateCheck(id, exempt ? "baseline" : policy.level, policy.minor, pod.metadata, pod.spec);
        if (forbidden) out.push({ forbidden, policy, pod, ...(exempt ? { exemptNamespace: true } : {}) });
    }
    return out;
}

/** The baseline controls that guard the node itself: still reported inside a privileged namespace. */
const HOST_ACCESS_CHECKS: ReadonlySet<CheckId> = new Set(["privileged", "hostNamespaces", "hostPathVolumes", "hostPorts", "capabilities_baseline"]);

/** The finding on a built-in kind's one pod (what remediation rewrites). */
export function pssFinding(id: CheckId, type: string, props: any, config: Partial<PssConfig>): PssFinding | undefined {
    return POD_SPEC_TYPES.includes(type) ? pssFindings(id, type, props, config)[0] : undefined;
}

/** ` at spec.templates[2]` for a pod that is not a built-in kind's one pod; "" otherwise. */
export function podPlace(type: string, pod: PodView): string {
    return POD_SPEC_TYPES.includes(type) ? "" : ` at ${pod.specPath}`;
}

/** The baseline check a restricted check overrides here and that the pod violates too, if any. */
export function overriddenBaselineViolation(id: CheckId, minor: number, pod: PodView): CheckId | undefined {
    for (const b of versionAt(PSS_CHECKS[id], minor)?.overrideCheckIds ?? []) {
        if (evaluateCheck(b, "baseline", minor, pod.metadata, pod.spec)) return b;
    }
    return undefined;
}

/**
 * The validate function of a pss-* policy: PSA's message plus the level/version applied. A pod
 * that violates its Namespace's labelled enforce level would be rejected by the API server, and a
 * baseline control violated is never weaker at restricted than at baseline (where the baseline
 * check reports it as critical/high): both are reported as mandatory unless
 * blockAdmissionViolations is false.
 */
export function pssValidate(id: CheckId) {
    return (props: any, ctx: ResourceContext<PssConfig>, report: Report): void => {
        for (const f of pssFindings(id, ctx.type, props, ctx.config)) reportPss(id, ctx, f, report);
    };
}


function reportPss(id: CheckId, ctx: ResourceContext<PssConfig>, f: PssFinding, report: Report): void {
    if (f.exemptNamespace) {
        const ns = f.policy.namespace;
        const why = ns?.waiver ? `exempt from Pod Security until ${ns.waiver.expires}: ${ns.waiver.justification}` : "labelled privileged without a waiver (require-pod-security-labels reports it)";
        report(`${formatForbidden(f.forbidden)}${podPlace(ctx.type, f.pod)} [baseline:${versionString(f.policy.version)}] in namespace "${ns?.name}", which enforces privileged (${why}): Pod Security Admission admits it; reported so that host access in an exempt namespace is never silent.`, "advisory");
        return;
    }
    const baseline = PSS_CHECKS[id].level === "restricted" ? overriddenBaselineViolation(id, f.policy.minor, f.pod) : undefined;
    const notes = [
        baseline ? `violates the baseline control ${baseline} too` : "",
        f.policy.labelled ? "the API server's Pod Security Admission rejects this pod" : "",
    ].filter(Boolean);
    const block = ctx.config.blockAdmissionViolations !== false && (f.policy.labelled || baseline !== undefined);
    report(`${formatForbidden(f.forbidden)}${podPlace(ctx.type, f.pod)} ${f.policy.tag}${notes.length ? `; ${notes.join("; ")}` : ""}`, block ? "mandatory" : undefined);
}
