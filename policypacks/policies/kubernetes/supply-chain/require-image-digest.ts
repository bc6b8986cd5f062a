import { withCause } from "../../../lib/cause";
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { describeImage, imageCause, imagesOf } from "./image-ref";

export const requireImageDigest = resourcePolicy(
    {
        name: "require-image-digest",
        measure: "supply-chain.image-digest-pinning",
        description:
            "Every container image must be pinned by a content digest (`@sha256:<64 hex>`). Even version tags can be re-pushed; only a digest guarantees that the image that was scanned and signed is the image that runs, and signature verification binds to digests.",
        severity: "medium",
        remediationSteps:
            "Append the digest to the reference (`registry/repo:1.4.2@sha256:<digest>`). Let CI resolve it (`crane digest`, `docker buildx imagetools inspect`, or the digest output of the Pulumi docker-build resource) and renovate/dependabot keep it current.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const u of imagesOf(ctx.type, props)) {
                if (u.image === undefined) continue;
                if (!u.ref) report(withCause(`${describeImage(u)} is not a valid image reference.`, imageCause(u)));
                else if (u.ref.digest !== undefined && !u.ref.digestValid) report(withCause(`${describeImage(u)} has a malformed digest; expected sha256:<64 hex characters>.`, imageCause(u)));
                else if (u.ref.digest === undefined) report(withCause(`${describeImage(u)} is not pinned by digest.`, imageCause(u)));
            }
        },
    },
);
