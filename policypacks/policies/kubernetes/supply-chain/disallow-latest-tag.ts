import { withCause } from "../../../lib/cause";
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { describeImage, imageCause, imagesOf, isDigestPinned } from "./image-ref";

interface Config {
    mutableTags: string[];
}

export const disallowLatestTag = resourcePolicy<Config>(
    {
        name: "disallow-latest-tag",
        measure: "supply-chain.image-tag-pinning",
        description:
            "Every container image must name a version tag or a digest; an image without a tag (which means :latest) or with a mutable tag from mutableTags (default: latest) is rejected. A moving tag makes the running code depend on when a node pulled it: rollbacks, audits and vulnerability reports no longer describe what runs. An image pinned by digest passes whatever its tag says.",
        severity: "high",
        remediationSteps: "Reference images by an immutable version tag (e.g. `myacr.azurecr.io/web:1.4.2`), preferably with its digest (`...:1.4.2@sha256:<digest>`).",
        configSchema: {
            properties: {
                mutableTags: { type: "array", items: { type: "string" }, default: ["latest"], description: "Tags treated as moving (case-insensitive)." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            const mutable = new Set((Array.isArray(ctx.config.mutableTags) ? ctx.config.mutableTags : ["latest"]).filter((t) => typeof t === "string").map((t) => t.toLowerCase()));
            for (const u of imagesOf(ctx.type, props)) {
                if (u.image === undefined) continue;
                if (!u.ref) {
                    report(withCause(`${describeImage(u)} is not a valid image reference.`, imageCause(u)));
                    continue;
                }
                if (isDigestPinned(u.ref)) continue;
                if (u.ref.tag === undefined) report(withCause(`${describeImage(u)} has no tag, so it pulls :latest; pin a version tag or digest.`, imageCause(u)));
                else if (mutable.has(u.ref.tag.toLowerCase())) report(withCause(`${describeImage(u)} uses the mutable tag :${u.ref.tag}; pin a version tag or digest.`, imageCause(u)));
            }
        },
    },
);
