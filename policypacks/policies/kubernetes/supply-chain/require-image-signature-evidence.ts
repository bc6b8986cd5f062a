import { withCause } from "../../../lib/cause";
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { describeImage, imageCause, imagesOf, isDigestPinned, matchesRegistryEntry } from "./image-ref";
import { ageInDays, digestCovered, evidenceFor, SIGNATURE_EVIDENCE } from "./evidence";

interface Config {
    admissionVerifiedRegistries: string[];
    trustedSigners: string[];
    maxAgeDays: number;
}

function signerTrusted(signer: string, trusted: string[]): boolean {
    return trusted.some((t) => (t.endsWith("*") ? signer.startsWith(t.slice(0, -1)) : signer === t));
}

export const requireImageSignatureEvidence = resourcePolicy<Config>(
    {
        name: "require-image-signature-evidence",
        measure: "supply-chain.image-signatures",
        description:
            "Every image must be pinned by digest (signatures sign digests, never tags) and its signature must be verified somewhere the pack can see: either the image comes from one of admissionVerifiedRegistries, registries for which the cluster's admission verifier enforces signatures (AKS: Image Integrity / Ratify with the Azure Policy add-on; on-prem: Kyverno verifyImages, Sigstore policy-controller or Connaisseur), or CI recorded the verification in the annotation `evidence.ksl.dev/signature` (pod template or resource; `.<container>` suffix for one container) as `verifier=<tool>; verified=YYYY-MM-DD; signer=<identity>[; digests=sha256:...]`. The verification must be at most maxAgeDays old when that is set (default 0: no limit, because a verified digest stays verified; set it to force re-verification after key rotation), its signer in trustedSigners when that is set (a trailing * matches a prefix), and, when digests is given, it must name the deployed digest. Preview time cannot fetch or check signatures; the cryptographic check belongs to the admission verifier.",
        severity: "medium",
        remediationSteps:
            "Sign images in CI (cosign sign / notation sign) and deploy them by digest. Enforce verification at admission (AKS: Image Integrity; on-prem: Kyverno verifyImages or policy-controller) and list those registries in admissionVerifiedRegistries, or record CI's `cosign verify` result in the evidence.ksl.dev/signature annotation.",
        configSchema: {
            properties: {
                admissionVerifiedRegistries: { type: "array", items: { type: "string" }, default: [], description: "Registry prefixes whose images an admission controller verifies (Kyverno, Ratify): no signature evidence needed in the manifest." },
                trustedSigners: { type: "array", items: { type: "string" }, default: [], description: "Signer identities accepted in the signature evidence (e.g. a CI workflow URL); empty accepts any recorded signer." },
                maxAgeDays: { type: "integer", minimum: 0, default: 0, description: "Maximum age of the recorded verification in days; 0: no limit (a verified digest stays verified unless the key is revoked)." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            const c = ctx.config;
            const verified = Array.isArray(c.admissionVerifiedRegistries) ? c.admissionVerifiedRegistries.filter((e) => typeof e === "string") : [];
            const signers = Array.isArray(c.trustedSigners) ? c.trustedSigners.filter((e) => typeof e === "string") : [];
            for (const u of imagesOf(ctx.type, props)) {
                if (u.image === undefined) continue;
                const who = describeImage(u);
                if (!u.ref || !isDigestPinned(u.ref)) {
                    report(withCause(`${who} is not pinned by digest, so no signature can be bound to it.`, imageCause(u)));
                    continue;
                }
                if (verified.some((e) => matchesRegistryEntry(u.ref!, e))) continue;
                const ev = evidenceFor(props, u, SIGNATURE_EVIDENCE);
                if (!ev) {
                    report(withCause(`${who} comes from "${u.ref.registry}", which is not in admissionVerifiedRegistries, and has no signature evidence (annotation ${SIGNATURE_EVIDENCE}).`, imageCause(u)));
                    continue;
                }
                const f = ev.fields;
                const problems: string[] = [];
                if (!f.verifier) problems.push("names no verifier");
                const age = ageInDays(f.verified);
                if (typeof age === "string") problems.push(`verified= ${age}`);
                else if (typeof c.maxAgeDays === "number" && c.maxAgeDays > 0 && age > c.maxAgeDays) problems.push(`verification from ${f.verified} is older than ${c.maxAgeDays} days`);
                if (signers.length > 0 && (!f.signer || !signerTrusted(f.signer, signers))) problems.push(`signer ${f.signer ? `"${f.signer}"` : "(none)"} is not in trustedSigners`);
                if (!digestCovered(f, u.ref.digest)) problems.push("does not list the deployed digest (stale evidence)");
                if (problems.length > 0) report(withCause(`${who}: signature evidence (${ev.source}) ${problems.join("; ")}.`, imageCause(u)));
            }
        },
    },
);
