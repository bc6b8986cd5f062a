// Supply-chain evidence annotations: what CI records on a workload after it scanned or verified
// the exact image digests it deploys. Preview time cannot reach a registry, so the pack checks
// that the evidence exists, is fresh, binds to the deployed digests and meets the thresholds;
// cryptographic verification stays with the admission verifier (see the policy descriptions).
//
//   evidence.ksl.dev/scan:      "scanner=trivy; scanned=2026-01-10; critical=0; high=2; digests=sha256:...,sha256:..."
//   evidence.ksl.dev/signature: "verifier=cosign; verified=2026-01-10; signer=https://github.com/org/repo/...; digests=sha256:..."
//
// On the pod template (preferred: it reaches the pods, where admission controllers and auditors
// see it) or the resource's own metadata. `<key>.<container-name>` overrides the pod-wide value
// for one container.
import { isObject } from "../../../lib/k8s";
import { today } from "../../../lib/waivers";
import type { ImageUse } from "./image-ref";

export const SCAN_EVIDENCE = "evidence.ksl.dev/scan";
export const SIGNATURE_EVIDENCE = "evidence.ksl.dev/signature";

export function parseEvidence(value: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const part of value.split(";")) {
        const i = part.indexOf("=");
        if (i < 0) continue;
        const k = part.slice(0, i).trim().toLowerCase();
        if (k !== "") out[k] = part.slice(i + 1).trim();
    }
    return out;
}

function annotation(meta: any, key: string): string | undefined {
    const a = isObject(meta) && isObject(meta.annotations) ? meta.annotations[key] : undefined;
    return typeof a === "string" ? a : undefined;
}

/** The evidence annotation that covers one container, container-specific first; and where it was found. */
export function evidenceFor(props: any, u: ImageUse, key: string): { fields: Record<string, string>; source: string } | undefined {
    const candidates: Array<[any, string]> = [
        [u.pod.metadata, `${key}.${u.container.name}`],
        [props?.metadata, `${key}.${u.container.name}`],
        [u.pod.metadata, key],
        [props?.metadata, key],
    ];
    for (const [meta, k] of candidates) {
        const v = annotation(meta, k);
        if (v !== undefined) return { fields: parseEvidence(v), source: k };
    }
    return undefined;
}

/** Age in days of a YYYY-MM-DD date relative to today(), or an error text. */
export function ageInDays(date: string | undefined): number | string {
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || isNaN(Date.parse(date))) return "has no valid date (YYYY-MM-DD)";
    const days = (Date.parse(today()) - Date.parse(date)) / 86_400_000;
    if (days < 0) return `is dated in the future (${date})`;
    return days;
}

/** When the evidence lists digests, the image's digest must be among them (stale evidence otherwise). */
export function digestCovered(fields: Record<string, string>, digest: string | undefined): boolean {
    if (fields.digests === undefined) return true;
    const list = fields.digests.split(",").map((d) => d.trim().toLowerCase()).filter(Boolean);
    return digest !== undefined && list.includes(digest.toLowerCase());
}
