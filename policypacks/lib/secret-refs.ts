// Which Secrets a pod spec references, and where: shared by restrict-secret-references and
// require-secrets-in-stack (measure data.secret-scope). Reads plain snapshots (lib/props.ts): a
// value unknown at preview is noted (the policy is then reported as not checkable), never guessed.
import { asArray, describeContainer, isObject } from "./k8s";
import type { PodView } from "./pod-specs";
import { knownContainers, Path, Unknowns } from "./preview-unknowns";

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

function isName(v: unknown): v is string {
    return typeof v === "string" && v !== "";
}

/**
 * Every Secret reference of a pod spec, in field order. Malformed entries are skipped; values
 * unknown at preview are noted in `u` (see ./preview-unknowns.ts) and skipped.
 */
export function secretRefs(pod: PodView, opts: { imagePullSecrets: boolean }, u: Unknowns = new Unknowns()): SecretRef[] {
    const out: SecretRef[] = [];
    const sp = pod.specPath;
    const base: Path = sp.split(".");
    const spec = pod.spec;
    const vols = u.get(spec, ["volumes"], base);
    asArray(vols).forEach((v: unknown, i: number) => {
        const vb: Path = [...base, "volumes", i];
        if (u.get(v, [], vb) === undefined || !isObject(v)) return;
        const at = `${sp}.volumes[${i}]`;
        const direct = u.get(v, ["secret", "secretName"], vb);
        if (isName(direct)) out.push({ name: direct, field: `${at}.secret.secretName`, kind: "volume" });
        asArray(u.get(v, ["projected", "sources"], vb)).forEach((src: unknown, j: number) => {
            const n = u.get(src, ["secret", "name"], [...vb, "projected", "sources", j]);
            if (isName(n)) out.push({ name: n, field: `${at}.projected.sources[${j}].secret.name`, kind: "projected" });
        });
        for (const [source, path] of VOLUME_SECRET_FIELDS) {
            const n = u.get(v, [source, ...path], vb);
            if (isName(n)) out.push({ name: n, field: `${at}.${source}.${path.join(".")}`, kind: "volume" });
        }
    });
    for (const c of knownContainers(u, spec, base)) {
        const cb: Path = [...base, c.kind, c.index];
        const at = `${sp}.${c.kind}[${c.index}]`;
        const who = describeContainer(c);
        asArray(u.get(c.c, ["env"], cb)).forEach((e: unknown, i: number) => {
            const n = u.get(e, ["valueFrom", "secretKeyRef", "name"], [...cb, "env", i]);
            if (isName(n)) out.push({ name: n, field: `${at}.env[${i}].valueFrom.secretKeyRef.name`, container: who, kind: "env" });
        });
        asArray(u.get(c.c, ["envFrom"], cb)).forEach((e: unknown, i: number) => {
            const n = u.get(e, ["secretRef", "name"], [...cb, "envFrom", i]);
            if (isName(n)) out.push({ name: n, field: `${at}.envFrom[${i}].secretRef.name`, container: who, kind: "envFrom" });
        });
    }
    if (opts.imagePullSecrets) {
        asArray(u.get(spec, ["imagePullSecrets"], base)).forEach((p: unknown, i: number) => {
            const n = u.get(p, ["name"], [...base, "imagePullSecrets", i]);
            if (isName(n)) out.push({ name: n, field: `${sp}.imagePullSecrets[${i}].name`, kind: "imagePullSecrets" });
        });
    }
    return out;
}

/** Glob match with `*` as the only wildcard (any run of characters, including none). */
/**
 * True when `name` in namespace `ns` matches a configured pattern: `namespace/name` patterns need a
 * known namespace, bare patterns match the name in any namespace (`*` wildcard in both).
 */
export function matchesNamePattern(patterns: readonly string[], ns: string | undefined, name: string): boolean {
    return patterns.some((p) => (p.includes("/") ? ns !== undefined && globMatch(p, `${ns}/${name}`) : globMatch(p, name)));
}

/**
 * `*` matches any run of characters. Matched segment by segment (the first segment anchored at the
 * start, the last at the end, the middle ones leftmost): linear in the value, unlike a regular
 * expression of `.*`s, which backtracks exponentially on long names.
 */
export function globMatch(pattern: string, value: string): boolean {
    const parts = pattern.split("*");
    if (parts.length === 1) return pattern === value;
    const first = parts[0];
    const last = parts[parts.length - 1];
    if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
    let at = first.length;
    const end = value.length - last.length;
    for (const mid of parts.slice(1, -1)) {
        const i = value.indexOf(mid, at);
        if (i < 0 || i + mid.length > end) return false;
        at = i + mid.length;
    }
    return true;
}

/** Names listed in an annotation value: separated by commas and/or whitespace. */
export function annotationNames(v: unknown): string[] {
    return typeof v === "string" ? v.split(/[\s,]+/).filter((s) => s !== "") : [];
}
