import { withCause } from "../../../lib/cause";
import { resourcePolicy } from "../../../lib/policy";
import { cloneProps } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES, builtInPodSpec } from "../../../lib/pod-specs";
import { describeImage, imageCause, ImageUse, imagesOf, isDigestPinned } from "./image-ref";

/** The pull policy the API server defaults to: Always for :latest or untagged images, else IfNotPresent. */
function effectivePullPolicy(u: ImageUse): string {
    const explicit = u.container.c.imagePullPolicy;
    if (typeof explicit === "string" && explicit !== "") return explicit;
    return u.ref && !isDigestPinned(u.ref) && (u.ref.tag === undefined || u.ref.tag === "latest") ? "Always" : "IfNotPresent";
}

function offenders(type: string, props: any): ImageUse[] {
    return imagesOf(type, props).filter((u) => u.ref !== undefined && !isDigestPinned(u.ref) && effectivePullPolicy(u) !== "Always");
}

export const requireImagePullPolicyAlways = resourcePolicy(
    {
        name: "require-image-pull-policy-always",
        measure: "supply-chain.image-pull-policy",
        description:
            "Containers whose image is not pinned by digest must use imagePullPolicy: Always. With IfNotPresent or Never, a pod can start from whatever image a node cached under that tag, including one pulled by another tenant with different registry credentials, and private-registry authorisation is skipped. Digest-pinned images are exempt: the digest already fixes the content. Remediation sets imagePullPolicy: Always on those containers.",
        severity: "low",
        remediationSteps: "Set imagePullPolicy: Always on each container, or pin the image by digest.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const u of offenders(ctx.type, props)) {
                const explicit = typeof u.container.c.imagePullPolicy === "string" && u.container.c.imagePullPolicy !== "";
                report(withCause(`${describeImage(u)} has imagePullPolicy=${explicit ? u.container.c.imagePullPolicy : "unset (defaults to IfNotPresent)"} and is not pinned by digest; use Always.`, imageCause(u)));
            }
        },
        remediate: (props, ctx) => {
            // Remediation rewrites only the kinds whose shape it knows (the built-in pod kinds).
            if (!POD_SPEC_TYPES.includes(ctx.type)) return undefined;
            const bad = offenders(ctx.type, props);
            if (bad.length === 0) return undefined;
            const out = cloneProps(props);
            const spec = builtInPodSpec(ctx.type, out);
            for (const u of bad) spec[u.container.kind][u.container.index].imagePullPolicy = "Always";
            return out;
        },
    },
);
