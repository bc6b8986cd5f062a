import type { Measure } from "../types";

// The supply-chain layer: where images come from and what is known about them. Order within the
// file does not set significance: see ../significance.ts.
export const supply_chainMeasures: Measure[] = [
    {
        id: "supply-chain.trusted-registries",
        title: "Images only from trusted registries (provenance)",
        layer: "supply-chain",
        exploitability: 4,
        hexad: ["integrity", "authenticity"],
        phase: "operate",
        summary:
            "Containers run images only from the organisation's approved registries (its ACR or Harbor and vetted mirrors). Image provenance ensures that what runs is what was scanned and approved; public registries serve typosquatted and backdoored images.",
        platforms: {
            aks: { applies: true, how: "Pod-spec check of every image reference against an allowlist of registries (e.g. `<name>.azurecr.io`); at admission the Azure Policy built-in 'Kubernetes cluster containers should only use allowed images' does the same." },
            kubernetes: { applies: true, how: "Pod-spec check of every image reference against an allowlist (e.g. the Harbor host); containerd mirrors in `/etc/containerd/certs.d` point only at approved registries." },
        },
        components: [],
        guidance:
            "Images created outside Pulumi (operators, Helm hooks) are held to the same allowlist at admission by the policy controller (cluster.policy-controller).",
        references: {
            cisKubernetes: ["5.5.1"],
            cisAks: ["5.1.4"],
            nsaCisa: ["Kubernetes Pod security: building secure container images"],
            mcsb: ["AM-2", "DS-6"],
            other: ["Kyverno restrict-image-registries", "kubescape C-0001", "kubescape C-0078"],
        },
        covers: ["kubernetes:registry-allow-deny-list", "seed:image provenance / trusted registries"],
    },
    {
        id: "supply-chain.image-tag-pinning",
        title: "Images pinned to a version tag, never :latest",
        layer: "supply-chain",
        exploitability: 3,
        hexad: ["integrity", "availability"],
        phase: "build",
        summary:
            "Every image reference names an explicit version tag, never `:latest` or no tag. A floating tag changes what runs without any change to the deployment, so reviews, scans and rollbacks no longer refer to the running code.",
        platforms: {
            kubernetes: { applies: true, how: "Pod-spec check: every `image` has a tag other than `latest` (or a digest)." },
        },
        components: [],
        references: {
            nsaCisa: ["Kubernetes Pod security: building secure container images"],
            other: ["CKV_K8S_14", "kubescape C-0075", "kube-linter latest-tag"],
        },
        covers: ["kubernetes:latest-or-no-tag"],
    },
    {
        id: "supply-chain.image-digest-pinning",
        title: "Images pinned by digest",
        layer: "supply-chain",
        exploitability: 3,
        hexad: ["integrity", "authenticity"],
        phase: "build",
        summary:
            "Image references carry a `@sha256:` digest. Tags are mutable; a digest binds the image that runs to the exact artifact that was scanned, signed and approved, which is what supply-chain security rests on.",
        platforms: {
            kubernetes: { applies: true, how: "Pod-spec check: every `image` contains `@sha256:<64 hex>`." },
        },
        components: [],
        references: {
            nsaCisa: ["Kubernetes Pod security: building secure container images"],
            other: ["CKV_K8S_43", "kubescape C-0306", "Kyverno require-image-checksum"],
        },
        covers: ["kubernetes:digest-pinning", "seed:supply-chain security"],
    },
    {
        id: "supply-chain.image-pull-policy",
        title: "imagePullPolicy Always",
        layer: "supply-chain",
        exploitability: 2,
        hexad: ["integrity", "authenticity", "confidentiality"],
        phase: "build",
        summary:
            "Containers use `imagePullPolicy: Always` (unless pinned by digest), so the kubelet checks registry credentials on every start. Otherwise a pod can run a private image cached on the node by another tenant without having access to it.",
        platforms: {
            aks: { applies: true, how: "Pod-spec check: `imagePullPolicy: Always` for images without a digest; AKS cannot enable the AlwaysPullImages admission plugin, so this check is the control." },
            kubernetes: { applies: true, how: "Pod-spec check: `imagePullPolicy: Always` for images without a digest; the AlwaysPullImages admission plugin enforces it cluster-wide (cluster.admission-plugins)." },
        },
        components: [],
        references: {
            cisKubernetes: ["1.2.11"],
            other: ["CKV_K8S_15", "Kyverno imagepullpolicy-always", "Polaris pullPolicyNotAlways"],
        },
        covers: ["kubernetes:imagepullpolicy-always"],
    },
    {
        id: "supply-chain.image-signatures",
        title: "Signed images verified at admission",
        layer: "supply-chain",
        exploitability: 3,
        hexad: ["authenticity", "integrity"],
        phase: "operate",
        summary:
            "Images are signed in the build pipeline (Notation or cosign) and the signature and attestations are verified before a pod is admitted. Signatures prove who built an image and that it was not changed since; a compromised registry or mirror cannot slip in its own image.",
        platforms: {
            aks: { applies: true, how: "Verified at admission by the Azure Policy add-on with Ratify (Image Integrity, Notation signatures in ACR); needs `addonProfiles.azurepolicy.enabled = true` and workload identity for Ratify." },
            kubernetes: { applies: true, how: "Verified at admission by Kyverno `verifyImages` rules or the Sigstore policy-controller against the organisation's signing keys or keyless identities." },
        },
        components: [],
        guidance:
            "Signatures are stored in the registry and checked against keys at admission time; a preview has neither the registry nor the keys, so the packs can only require digests (supply-chain.image-digest-pinning). Enforce verification in the admission controller.",
        references: {
            cisKubernetes: ["5.5.1"],
            nsaCisa: ["Kubernetes Pod security: building secure container images"],
            mcsb: ["DS-6"],
            other: ["Kyverno verify-image", "kubescape C-0236", "kubescape C-0237", "SLSA"],
        },
        covers: ["kubernetes:image-signature-attestation", "seed:signed images", "aks:image-integrity"],
    },
    {
        id: "supply-chain.image-scanning",
        title: "Vulnerability scanning evidence",
        layer: "supply-chain",
        exploitability: 3,
        hexad: ["integrity", "availability"],
        phase: "build",
        summary:
            "Images are scanned for known vulnerabilities in CI and continuously in the registry, and images with critical, fixable findings are not deployed. Scanning tells you whether what you run has published exploits; the evidence must exist before deployment.",
        platforms: {
            aks: { applies: true, how: "Defender for Containers scans ACR images and running images (`security.Pricing` Containers Standard); CI runs Trivy or Microsoft Defender CLI and records the result as an attestation." },
            kubernetes: { applies: true, how: "Harbor's built-in Trivy scanner scans on push and blocks pulls of vulnerable images (project setting 'prevent vulnerable images from running'); CI runs Trivy and attaches the report as an attestation." },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "Scan results live in the registry or CI and change daily as new CVEs are published; a preview cannot query them. Gate deployments in CI on the scan, block vulnerable pulls in the registry, and verify scan attestations at admission (Kyverno verifyImages attestations, Ratify).",
        references: {
            cisAks: ["5.1.1"],
            nsaCisa: ["Kubernetes Pod security: building secure container images"],
            mcsb: ["PV-5", "DS-6"],
            other: ["Azure Policy a1840de2"],
        },
        covers: ["seed:image scanning evidence"],
    },
    {
        id: "supply-chain.registry-access",
        title: "Read-only, authenticated registry access",
        layer: "supply-chain",
        exploitability: 2,
        hexad: ["possession", "integrity"],
        phase: "build",
        summary:
            "Nodes pull images with a read-only identity, and only the build pipeline may push. If the cluster's credentials could push, a compromised node could replace the images every other cluster runs.",
        platforms: {
            aks: { applies: true, how: "An `authorization.RoleAssignment` of AcrPull (not AcrPush or Contributor) to `identityProfile.kubeletidentity.objectId` on the registry." },
            kubernetes: { applies: true, how: "A Harbor robot account with pull-only permission per project, configured as containerd registry credentials or `imagePullSecrets`." },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem the robot account's permissions live in Harbor, not in the Kubernetes objects a preview sees; review them in the registry.",
        references: {
            cisAks: ["5.1.2", "5.1.3"],
            mcsb: ["PA-7"],
        },
        covers: ["aks:read-only-acr-pull", "aks:acr-admin-user-disabled"],
    },
    {
        id: "supply-chain.image-cleanup",
        title: "Stale vulnerable images removed from nodes",
        layer: "supply-chain",
        exploitability: 1,
        hexad: ["integrity"],
        phase: "operate",
        summary:
            "Unused images, many with known vulnerabilities, are removed from nodes regularly. Cached images can be started again without a pull and add to the node's attack surface and disk use.",
        platforms: {
            aks: { applies: true, how: "Set `securityProfile.imageCleaner = {enabled: true, intervalHours: 24…168}`." },
            kubernetes: { applies: true, how: "Tune the kubelet's `imageGCHighThresholdPercent`/`imageGCLowThresholdPercent` and `imageMaximumGCAge` in KubeletConfiguration, or run Eraser." },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "On-prem, cleanup is kubelet garbage collection or an in-cluster Eraser installation; which images remain on a node is runtime state that a preview cannot see.",
        references: {
            other: ["Azure Policy af3c26b2", "Azure Policy 7e49285c", "Eraser"],
        },
        covers: ["aks:image-cleaner"],
    },
];
