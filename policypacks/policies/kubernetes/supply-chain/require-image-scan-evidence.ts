import { withCause } from "../../../lib/cause";
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { describeImage, imageCause, imagesOf, isDigestPinned, matchesRegistryEntry } from "./image-ref";
import { ageInDays, digestCovered, evidenceFor, SCAN_EVIDENCE } from "./evidence";

interface Config {
    maxAgeDays: number;
    maxCritical: number;
    maxHigh: number;
    acceptedScanners: string[];
    admissionScannedRegistries: string[];
}

function count(v: string | undefined): number | undefined {
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export const requireImageScanEvidence = resourcePolicy<Config>(
    {
        name: "require-image-scan-evidence",
        measure: "supply-chain.image-scanning",
        description:
            "Every image must be pinned by digest and carry vulnerability-scan evidence recorded by CI in the annotation `evidence.ksl.dev/scan` (pod template or resource; `evidence.ksl.dev/scan.<container>` for one container), written as `scanner=<tool>; scanned=YYYY-MM-DD; critical=<n>; high=<n>[; digests=sha256:...,...][; report=<url>]`. The scan must be at most maxAgeDays old, its critical and high counts within maxCritical and maxHigh (-1: no limit), its scanner among acceptedScanners when that is set, and, when digests is given, it must name the deployed digest. Images from admissionScannedRegistries are exempt from the annotation because a registry or admission gate enforces scan results there (Harbor's prevent-vulnerable-images, Defender for Containers gating, a Trivy/Kyverno attestation check). Preview time cannot reach the registry, so the evidence is taken as recorded; re-scanning running images belongs to Defender for Containers or the Trivy Operator.",
        severity: "medium",
        remediationSteps:
            "Scan the image in CI (e.g. `trivy image --exit-code 1 --severity CRITICAL <ref>@<digest>`), deploy it by digest, and record the result on the pod template: `evidence.ksl.dev/scan: \"scanner=trivy; scanned=<date>; critical=0; high=<n>; digests=<digest>\"`. Re-scan and redeploy before the evidence is older than maxAgeDays.",
        configSchema: {
            properties: {
                maxAgeDays: { type: "integer", minimum: 1, default: 30, description: "Oldest scan accepted, in days: an older scan misses vulnerabilities published since." },
                maxCritical: { type: "integer", minimum: -1, default: 0, description: "Most critical findings accepted in the scan evidence (-1: no limit)." },
                maxHigh: { type: "integer", minimum: -1, default: -1, description: "Most high findings accepted in the scan evidence (-1: no limit)." },
                acceptedScanners: { type: "array", items: { type: "string" }, default: [], description: "Scanners whose evidence is accepted (e.g. trivy, grype); empty accepts any." },
                admissionScannedRegistries: { type: "array", items: { type: "string" }, default: [], description: "Registry prefixes whose images are scanned at admission or in the registry (e.g. Harbor blocking vulnerable pulls): no scan evidence needed in the manifest." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            const c = ctx.config;
            const exempt = Array.isArray(c.admissionScannedRegistries) ? c.admissionScannedRegistries.filter((e) => typeof e === "string") : [];
            const scanners = Array.isArray(c.acceptedScanners) ? c.acceptedScanners.filter((e) => typeof e === "string").map((s) => s.toLowerCase()) : [];
            for (const u of imagesOf(ctx.type, props)) {
                if (u.image === undefined) continue;
                const who = describeImage(u);
                if (!u.ref || !isDigestPinned(u.ref)) {
                    report(withCause(`${who} is not pinned by digest, so no scan result can describe it.`, imageCause(u)));
                    continue;
                }
                if (exempt.some((e) => matchesRegistryEntry(u.ref!, e))) continue;
                const ev = evidenceFor(props, u, SCAN_EVIDENCE);
                if (!ev) {
                    report(withCause(`${who} has no scan evidence (annotation ${SCAN_EVIDENCE}).`, imageCause(u)));
                    continue;
                }
                const f = ev.fields;
                const problems: string[] = [];
                if (!f.scanner) problems.push("names no scanner");
                else if (scanners.length > 0 && !scanners.includes(f.scanner.toLowerCase())) problems.push(`scanner "${f.scanner}" is not in acceptedScanners`);
                const age = ageInDays(f.scanned);
                if (typeof age === "string") problems.push(`scanned= ${age}`);
                else if (age > c.maxAgeDays) problems.push(`scan from ${f.scanned} is older than ${c.maxAgeDays} days`);
                const critical = count(f.critical);
                const high = count(f.high);
                if (critical === undefined) problems.push("has no critical=<count>");
                else if (c.maxCritical >= 0 && critical > c.maxCritical) problems.push(`critical=${critical} exceeds maxCritical=${c.maxCritical}`);
                if (high === undefined && c.maxHigh >= 0) problems.push("has no high=<count>");
                else if (high !== undefined && c.maxHigh >= 0 && high > c.maxHigh) problems.push(`high=${high} exceeds maxHigh=${c.maxHigh}`);
                if (!digestCovered(f, u.ref.digest)) problems.push("does not list the deployed digest (stale evidence)");
                if (problems.length > 0) report(withCause(`${who}: scan evidence (${ev.source}) ${problems.join("; ")}.`, imageCause(u)));
            }
        },
    },
);
