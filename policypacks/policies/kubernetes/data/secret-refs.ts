// Which Secrets a pod spec references, and where: shared by restrict-secret-references and
// require-secrets-in-stack (measure data.secret-scope). Reads plain snapshots (lib/props.ts), so a
// value unknown at preview is the UNKNOWN marker and is skipped rather than guessed.
import { containersOf, describeContainer, isObject, PodView } from "../../../lib/k8s";

export interface SecretRef {
    /** The Secret's name (never its content). */
    name: string;
    /** Dotted field path from the resource root, e.g. `spec.template.spec.volumes[0].secret.secretName`. */
    field: string;
    /** `container "app"` when the reference belongs to one container, else undefined (pod-level). */
    container?: string;
    kind: "volume" | "projected" | "env" | "envFrom" | "imagePullSecrets";
}

/**
 * Volume sources other than `secret` that name a Secret in the pod's namespace: credentials of
 * network file systems and CSI drivers (azureFile is the AKS one) are Secrets the pod hands to the
 * kubelet on its behalf, so they are in scope too.
 */
const VOLUME_SECRET_FIELDS: ReadonlyArray<[source: string, path: string[]]> = [
    ["azureFile", ["secretName"]],
    ["csi", ["nodePublishSecretRef", "name"]],
    ["cephfs", ["secretRef", "name"]],
    ["rbd", ["secretRef", "name"]],
    ["flexVolume", ["secretRef", "name"]],
    ["iscsi", ["secretRef", "name"]],
    ["scaleIO", ["secretRef", "name"]],
    ["storageos", ["secretRef", "name"]],
];

function nameAt(o: unknown, path: string[]): string | undefined {
    let cur: unknown = o;
    for (const p of path) cur = isObject(cur) ? cur[p] : undefined;
    return typeof cur === "string" && cur !== "" ? cur : undefined;
}

/** Every Secret reference of a pod spec, in field order. Malformed entries and unknown names are skipped. */
export function secretRefs(pod: PodView, opts: { imagePullSecrets: boolean }): SecretRef[] {
    const out: SecretRef[] = [];
    const sp = pod.specPath ? `${pod.specPath}` : "spec";
    const spec = pod.spec;
    const vols = Array.isArray(spec.volumes) ? spec.volumes : [];
    vols.forEach((v: unknown, i: number) => {
        if (!isObject(v)) return;
        const at = `${sp}.volumes[${i}]`;
        const direct = nameAt(v, ["secret", "secretName"]);
        if (direct) out.push({ name: direct, field: `${at}.secret.secretName`, kind: "volume" });
        const sources = isObject(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
        sources.forEach((s: unknown, j: number) => {
            const n = nameAt(s, ["secret", "name"]);
            if (n) out.push({ name: n, field: `${at}.projected.sources[${j}].secret.name`, kind: "projected" });
        });
        for (const [source, path] of VOLUME_SECRET_FIELDS) {
            const n = nameAt(v[source], path);
            if (n) out.push({ name: n, field: `${at}.${source}.${path.join(".")}`, kind: "volume" });
        }
    });
    for (const c of containersOf(spec)) {
        const at = `${sp}.${c.kind}[${c.index}]`;
        const who = describeContainer(c);
        const env = Array.isArray(c.c.env) ? c.c.env : [];
        env.forEach((e: unknown, i: number) => {
            const n = isObject(e) ? nameAt(e.valueFrom, ["secretKeyRef", "name"]) : undefined;
            if (n) out.push({ name: n, field: `${at}.env[${i}].valueFrom.secretKeyRef.name`, container: who, kind: "env" });
        });
        const envFrom = Array.isArray(c.c.envFrom) ? c.c.envFrom : [];
        envFrom.forEach((e: unknown, i: number) => {
            const n = nameAt(e, ["secretRef", "name"]);
            if (n) out.push({ name: n, field: `${at}.envFrom[${i}].secretRef.name`, container: who, kind: "envFrom" });
        });
    }
    if (opts.imagePullSecrets) {
        const pulls = Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : [];
        pulls.forEach((p: unknown, i: number) => {
            const n = nameAt(p, ["name"]);
            if (n) out.push({ name: n, field: `${sp}.imagePullSecrets[${i}].name`, kind: "imagePullSecrets" });
        });
    }
    return out;
}

/** Glob match with `*` as the only wildcard (any run of characters, including none). */
export function globMatch(pattern: string, value: string): boolean {
    const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    return re.test(value);
}

/** Names listed in an annotation value: separated by commas and/or whitespace. */
export function annotationNames(v: unknown): string[] {
    return typeof v === "string" ? v.split(/[\s,]+/).filter((s) => s !== "") : [];
}
