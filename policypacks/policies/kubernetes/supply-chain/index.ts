// supply-chain policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import { restrictImageRegistries } from "./restrict-image-registries";
import { disallowLatestTag } from "./disallow-latest-tag";
import { requireImageDigest } from "./require-image-digest";
import { requireImagePullPolicyAlways } from "./require-image-pull-policy-always";
import { requireImageSignatureEvidence } from "./require-image-signature-evidence";
import { requireImageScanEvidence } from "./require-image-scan-evidence";

export const supplyChainPolicies: KslPolicy[] = [
    restrictImageRegistries,
    disallowLatestTag,
    requireImageDigest,
    requireImagePullPolicyAlways,
    requireImageSignatureEvidence,
    requireImageScanEvidence,
];
