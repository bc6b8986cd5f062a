import { resourcePolicy } from "../../../lib/policy";
import { isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES, podsOf, podTemplatePath } from "../../../lib/pod-specs";
import type { Report } from "../../../lib/policy";
import { plain, UNKNOWN } from "../../../lib/props";
import { noteUnknownPod, Path, rawAt, Unknowns } from "../../../lib/preview-unknowns";
import { globMatch, SecretRef, secretRefs } from "../../../lib/secret-refs";

interface Config {
    allowedSecrets: Record<string, string[]>;
    checkImagePullSecrets: boolean;
}

/** Pod-template labels that name the application a workload belongs to, in order of preference. */
const APP_LABELS = ["app.kubernetes.io/name", "app"];

/** The names a workload goes by: its own metadata.name and its pod template's application labels. */
function workloadNames(props: any, podMeta: any): string[] {
    const names = new Set<string>();
    const own = isObject(props?.metadata) ? props.metadata.name : undefined;
    if (typeof own === "string" && own !== "") names.add(own);
    const labels = isObject(podMeta?.labels) ? podMeta.labels : {};
    for (const k of APP_LABELS) if (typeof labels[k] === "string" && labels[k] !== "") names.add(labels[k]);
    return [...names];
}

/** Whether `secret` matches one of the patterns, `{workload}` standing for each of the workload's names. */
function allowed(secret: string, patterns: string[], names: string[]): boolean {
    return patterns.some((p) =>
        p.includes("{workload}") ? names.some((n) => globMatch(p.split("{workload}").join(n), secret)) : globMatch(p, secret),
    );
}

/** Judges each reference; a reference that only an unknown value could allow is noted, not reported. */
function check(refs: SecretRef[], props: any, type: string, config: Config, u: Unknowns, report: Report): void {
    if (refs.length === 0) return;
    const table = isObject(config.allowedSecrets) ? (config.allowedSecrets as Record<string, unknown>) : {};
    const meta = props?.metadata;
    const nsRaw = meta === UNKNOWN ? UNKNOWN : isObject(meta) ? meta.namespace : undefined;
    const ns = typeof nsRaw === "string" && nsRaw !== "" ? nsRaw : nsRaw === UNKNOWN ? undefined : "default";
    // A namespace unknown at preview decides nothing when namespaces have entries of their own.
    if (ns === undefined && Object.keys(table).some((k) => k !== "*")) return u.note(meta === UNKNOWN ? ["metadata"] : ["metadata", "namespace"]);
    const key = ns !== undefined && ns in table ? ns : "*";
    const entry = table[key];
    const patterns = Array.isArray(entry) ? entry.filter((p): p is string => typeof p === "string") : [];
    const podMetaPath = [...podTemplatePath(type), "metadata"];
    const podMeta = rawAt(props, podMetaPath) as any;
    const names = workloadNames(props, podMeta);
    // The names {workload} stands for, where unknown at preview: such a name might allow the reference.
    const unknownNames: Path[] = [];
    if (meta === UNKNOWN) unknownNames.push(["metadata"]);
    else if (isObject(meta) && meta.name === UNKNOWN) unknownNames.push(["metadata", "name"]);
    const podLabels = isObject(podMeta) ? podMeta.labels : podMeta;
    if (podMeta === UNKNOWN) unknownNames.push(podMetaPath);
    else if (podLabels === UNKNOWN) unknownNames.push([...podMetaPath, "labels"]);
    else if (isObject(podLabels)) for (const k of APP_LABELS) if (podLabels[k] === UNKNOWN) unknownNames.push([...podMetaPath, "labels", k]);
    const rule = patterns.length
        ? `allowed in namespace "${ns ?? "(unknown)"}" (allowedSecrets["${key}"]): ${patterns.map((p) => `"${p}"`).join(", ")}${names.length ? ` with {workload} = ${names.map((n) => `"${n}"`).join(" or ")}` : ""}`
        : `no Secret is allowed in namespace "${ns ?? "(unknown)"}" (allowedSecrets["${key}"] is empty or unset)`;
    for (const r of refs) {
        if (allowed(r.name, patterns, names)) continue;
        if (unknownNames.length && patterns.some((p) => p.includes("{workload}"))) {
            u.note(unknownNames[0]);
            continue;
        }
        report(`${r.field}="${r.name}"${r.container ? ` (${r.container})` : ""} references a Secret that is not allowed for this workload; ${rule}.`);
    }
}

/**
 * Pods reference only the Secrets meant for them (Kyverno restrict-secrets-by-name
 * and disallow-all-secrets, kubescape C-0255). One allow-list expresses all three conventions: names,
 * a naming convention tied to the workload, or nothing at all (an empty list).
 */
export const restrictSecretReferences = resourcePolicy<Config>(
    {
        name: "restrict-secret-references",
        measure: "data.secret-scope",
        description:
            "Pods may reference only the Secrets allowed for their namespace: secret and projected volumes, Secret-backed volume credentials (azureFile.secretName, csi.nodePublishSecretRef and similar), env[].valueFrom.secretKeyRef and envFrom[].secretRef in every container (imagePullSecrets only when checkImagePullSecrets is true: they go to the kubelet, not to the containers). allowedSecrets maps a namespace, or `*` for every namespace without its own entry, to name patterns (`*` wildcard; `{workload}` stands for the workload's metadata.name and its pod template's app.kubernetes.io/name or app label). The default allows only Secrets named after the workload (`{workload}` or `{workload}-*`); an empty list allows none. A pod that mounts a Secret hands it to everyone who can exec into or compromise that pod, so one compromised workload should not carry other components' credentials.",
        severity: "medium",
        remediationSteps:
            "Give each workload its own Secrets, named after it (e.g. `web-db` for workload `web`), instead of sharing another component's Secret; or, where a Secret is meant to be shared (a CA bundle, a registry credential), add its name to allowedSecrets for the namespaces that may use it. Keep applications in separate namespaces so that they cannot reference each other's Secrets at all.",
        configSchema: {
            properties: {
                allowedSecrets: {
                    type: "object",
                    additionalProperties: { type: "array", items: { type: "string" } },
                    default: { "*": ["{workload}", "{workload}-*"] },
                    description: "Namespace (or `*`) → allowed Secret name patterns. A namespace's own entry replaces the `*` entry; an empty list allows no Secret.",
                },
                checkImagePullSecrets: { type: "boolean", default: false, description: "Also check spec.imagePullSecrets." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (rawProps, ctx, report) => {
            // A snapshot: values unknown at preview are a marker here, not an exception; the first
            // relevant one is raised at the end, after every known reference is checked.
            const props = plain(rawProps);
            const u = new Unknowns();
            const pods = podsOf(ctx.type, props);
            if (!pods.length) return void (POD_SPEC_TYPES.includes(ctx.type) && noteUnknownPod(u, ctx.type, props), u.raise());
            for (const pod of pods) check(secretRefs(pod, { imagePullSecrets: ctx.config.checkImagePullSecrets === true }, u), props, ctx.type, ctx.config, u, report);
            u.raise();
        },
    },
);
