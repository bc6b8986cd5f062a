import { strict as assert } from "assert";
import { disallowLatestTag } from "../../policypacks/policies/kubernetes/supply-chain/disallow-latest-tag";
import { requireImageDigest } from "../../policypacks/policies/kubernetes/supply-chain/require-image-digest";
import { requireImagePullPolicyAlways } from "../../policypacks/policies/kubernetes/supply-chain/require-image-pull-policy-always";
import { restrictImageRegistries } from "../../policypacks/policies/kubernetes/supply-chain/restrict-image-registries";
import { requireImageScanEvidence } from "../../policypacks/policies/kubernetes/supply-chain/require-image-scan-evidence";
import { requireImageSignatureEvidence } from "../../policypacks/policies/kubernetes/supply-chain/require-image-signature-evidence";
import { T } from "../../policypacks/lib/k8s";
import { podCases, run } from "../workload/cases";
import { DIGEST, hardened } from "../workload/kinds";

const image = (ref: string, pull?: string) => (s: any) => {
    s.containers[0].image = ref;
    if (pull === undefined) delete s.containers[0].imagePullPolicy;
    else s.containers[0].imagePullPolicy = pull;
};
const scan = (v: string) => ({ podMeta: { annotations: { "evidence.ksl.dev/scan": v } } });
const sig = (v: string) => ({ podMeta: { annotations: { "evidence.ksl.dev/signature": v } } });

podCases(disallowLatestTag, [
    { title: "a version tag with digest", fires: 0 },
    { title: "a version tag", mutate: image("ghcr.io/acme/web:1.4.2"), fires: 0 },
    { title: ":latest pinned by digest", mutate: image(`ghcr.io/acme/web:latest@${DIGEST}`), fires: 0 },
    { title: "no tag", mutate: image("ghcr.io/acme/web"), fires: 1, match: /image="ghcr\.io\/acme\/web"\) has no tag, so it pulls :latest/ },
    { title: ":latest", mutate: image("nginx:latest"), fires: 1, match: /uses the mutable tag :latest/ },
    { title: ":LATEST", mutate: image("nginx:LATEST"), fires: 1 },
    { title: "a registry port without tag", mutate: image("registry.local:5000/app"), fires: 1, match: /has no tag/ },
    { title: "a configured mutable tag", mutate: image("ghcr.io/acme/web:stable"), config: { mutableTags: ["latest", "stable"] }, fires: 1 },
    { title: "an invalid reference", mutate: image("ghcr.io/acme/web 1.0"), fires: 1, match: /is not a valid image reference/ },
    { title: ":latest in an init container", mutate: (s) => (s.initContainers = [{ name: "init", image: "busybox:latest" }]), fires: 1, match: /initContainer "init"/ },
]);

podCases(requireImageDigest, [
    { title: "a digest", fires: 0 },
    { title: "a tag only", mutate: image("ghcr.io/acme/web:1.4.2"), fires: 1, match: /is not pinned by digest/ },
    { title: "a malformed digest", mutate: image("ghcr.io/acme/web@sha256:1234"), fires: 1, match: /malformed digest/ },
    { title: "an ephemeral container by tag", mutate: (s) => (s.ephemeralContainers = [{ name: "dbg", image: "ghcr.io/acme/debug:1" }]), fires: 1, match: /ephemeralContainer "dbg"/ },
]);

podCases(requireImagePullPolicyAlways, [
    { title: "a digest with Always", fires: 0 },
    { title: "a digest with IfNotPresent", mutate: image(`ghcr.io/acme/web:1@${DIGEST}`, "IfNotPresent"), fires: 0 },
    { title: "a tag with Always", mutate: image("ghcr.io/acme/web:1.4.2", "Always"), fires: 0 },
    { title: "a tag with IfNotPresent", mutate: image("ghcr.io/acme/web:1.4.2", "IfNotPresent"), fires: 1, match: /imagePullPolicy=IfNotPresent and is not pinned by digest/ },
    { title: "a tag with Never", mutate: image("ghcr.io/acme/web:1.4.2", "Never"), fires: 1 },
    { title: "a tag with the default policy", mutate: image("ghcr.io/acme/web:1.4.2"), fires: 1, match: /unset \(defaults to IfNotPresent\)/ },
    { title: ":latest with the default policy (defaults to Always)", mutate: image("ghcr.io/acme/web:latest"), fires: 0 },
]);

// Unconfigured, no registry is more trusted than another: every image is named with its registry, as advice.
podCases(restrictImageRegistries, [
    { title: "an explicit registry, none configured", fires: 1, match: /comes from registry "ghcr\.io"; allowedRegistries is not configured/ },
    { title: "an implicit Docker Hub image, none configured", mutate: image("nginx:1.27"), fires: 1, match: /comes from Docker Hub \(docker\.io\/library\/nginx, implicitly\); allowedRegistries is not configured/ },
    { title: "docker.io/bitnami/redis, none configured", mutate: image("docker.io/bitnami/redis:7.2"), fires: 1, match: /comes from Docker Hub \(docker\.io\/bitnami\/redis\)/ },
    // The same image however it is spelt: one verdict.
    { title: "library/nginx outside the list", mutate: image("library/nginx:1.27"), config: { allowedRegistries: ["ghcr.io"] }, fires: 1, match: /registry "docker\.io", which is not in allowedRegistries/ },
    { title: "bitnami/redis outside the list", mutate: image("bitnami/redis:7.2"), config: { allowedRegistries: ["ghcr.io"] }, fires: 1 },
    { title: "index.docker.io/bitnami/redis outside the list", mutate: image("index.docker.io/bitnami/redis:7.2"), config: { allowedRegistries: ["ghcr.io"] }, fires: 1 },
    { title: "docker.io allowed explicitly", mutate: image("bitnami/redis:7.2"), config: { allowedRegistries: ["docker.io/bitnami"] }, fires: 0 },
    { title: "localhost:5000 allowed", mutate: image("localhost:5000/app:1"), config: { allowedRegistries: ["localhost:5000"] }, fires: 0 },
    { title: "an allowed registry", config: { allowedRegistries: ["ghcr.io/acme"] }, fires: 0 },
    { title: "a wildcard-allowed registry", mutate: image("myacr.azurecr.io/web:1"), config: { allowedRegistries: ["*.azurecr.io"] }, fires: 0 },
    { title: "a registry outside the list", mutate: image("quay.io/evil/miner:1"), config: { allowedRegistries: ["*.azurecr.io", "ghcr.io/acme"] }, fires: 1, match: /comes from registry "quay\.io", which is not in allowedRegistries/ },
]);

describe("restrict-image-registries: the level follows the user's list", () => {
    it("unconfigured: advisory for every registry (Docker Hub included); configured: the policy's level", () => {
        for (const img of ["nginx:1.27", "quay.io/jetstack/cert-manager-controller:v1.16.2", "registry.k8s.io/ingress-nginx/controller:v1.12.0"]) {
            const vs = run(restrictImageRegistries, T.Deployment, hardened(T.Deployment, image(img)));
            assert.deepEqual(vs.map((v) => v.enforcementLevel), ["advisory"], img);
        }
        const vs = run(restrictImageRegistries, T.Deployment, hardened(T.Deployment, image("nginx:1.27")), { allowedRegistries: ["ghcr.io"] });
        assert.deepEqual(vs.map((v) => v.enforcementLevel), ["mandatory"]);
    });
});

const good = `scanner=trivy; scanned=2026-05-28; critical=0; high=1; digests=${DIGEST}`;
podCases(requireImageScanEvidence, [
    { title: "fresh evidence for the digest", fires: 0 },
    { title: "a per-container annotation", opts: { podMeta: { annotations: { "evidence.ksl.dev/scan": "bogus", "evidence.ksl.dev/scan.app": good } } }, fires: 0 },
    { title: "a tag-only image", mutate: image("ghcr.io/acme/web:1.4.2", "Always"), fires: 1, match: /not pinned by digest, so no scan result/ },
    { title: "no evidence", opts: scan(""), fires: 1, match: /names no scanner/ },
    { title: "stale evidence", opts: scan(`scanner=trivy; scanned=2026-01-01; critical=0; high=0`), fires: 1, match: /older than 30 days/ },
    { title: "a future date", opts: scan(`scanner=trivy; scanned=2027-01-01; critical=0; high=0`), fires: 1, match: /in the future/ },
    { title: "a malformed date", opts: scan(`scanner=trivy; scanned=yesterday; critical=0`), fires: 1, match: /no valid date/ },
    { title: "critical findings", opts: scan(`scanner=trivy; scanned=2026-05-30; critical=2; high=0`), fires: 1, match: /critical=2 exceeds maxCritical=0/ },
    { title: "high findings over a configured limit", opts: scan(`scanner=trivy; scanned=2026-05-30; critical=0; high=9`), config: { maxHigh: 5 }, fires: 1, match: /high=9 exceeds maxHigh=5/ },
    { title: "evidence for another digest", opts: scan(`scanner=trivy; scanned=2026-05-30; critical=0; digests=sha256:${"b".repeat(64)}`), fires: 1, match: /stale evidence/ },
    { title: "a scanner outside acceptedScanners", config: { acceptedScanners: ["grype"] }, fires: 1, match: /not in acceptedScanners/ },
    { title: "an image from an admission-scanned registry without evidence", opts: scan("x"), config: { admissionScannedRegistries: ["ghcr.io"] }, fires: 0 },
]);

const goodSig = `verifier=cosign; verified=2026-05-28; signer=https://github.com/acme/web/.github/workflows/release.yml@refs/heads/main; digests=${DIGEST}`;
podCases(requireImageSignatureEvidence, [
    { title: "fresh signature evidence", fires: 0 },
    { title: "a per-container annotation", opts: { podMeta: { annotations: { "evidence.ksl.dev/signature": "bad", "evidence.ksl.dev/signature.app": goodSig } } }, fires: 0 },
    { title: "an image from an admission-verified registry", opts: sig(""), config: { admissionVerifiedRegistries: ["ghcr.io/acme"] }, fires: 0 },
    { title: "a tag-only image", mutate: image("ghcr.io/acme/web:1.4.2", "Always"), fires: 1, match: /not pinned by digest, so no signature/ },
    { title: "evidence without a verifier", opts: sig("verified=2026-05-28"), fires: 1, match: /names no verifier/ },
    { title: "old verification with maxAgeDays set", opts: sig("verifier=cosign; verified=2025-01-01"), config: { maxAgeDays: 90 }, fires: 1, match: /older than 90 days/ },
    { title: "old verification without an age limit (default)", opts: sig("verifier=cosign; verified=2025-01-01"), fires: 0 },
    { title: "an untrusted signer", config: { trustedSigners: ["https://github.com/other/*"] }, fires: 1, match: /not in trustedSigners/ },
    { title: "a trusted signer prefix", config: { trustedSigners: ["https://github.com/acme/*"] }, fires: 0 },
]);

describe("supply-chain evidence: missing annotations", () => {
    before(() => (process.env.KSL_TODAY = "2026-06-01"));
    after(() => delete process.env.KSL_TODAY);
    it("reports a missing scan annotation", () => {
        const p = hardened(T.Deployment);
        delete p.spec.template.metadata.annotations["evidence.ksl.dev/scan"];
        const vs = run(requireImageScanEvidence, T.Deployment, p);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /has no scan evidence \(annotation evidence\.ksl\.dev\/scan\)/);
    });
    it("reads evidence from the resource's own metadata", () => {
        const p = hardened(T.Deployment);
        const ann = p.spec.template.metadata.annotations;
        p.metadata.annotations = { "evidence.ksl.dev/signature": ann["evidence.ksl.dev/signature"] };
        delete ann["evidence.ksl.dev/signature"];
        assert.equal(run(requireImageSignatureEvidence, T.Deployment, p).length, 0);
    });
    it("reports a missing signature annotation with the registry", () => {
        const p = hardened(T.Deployment);
        delete p.spec.template.metadata.annotations["evidence.ksl.dev/signature"];
        const vs = run(requireImageSignatureEvidence, T.Deployment, p);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /comes from "ghcr\.io", which is not in admissionVerifiedRegistries, and has no signature evidence/);
    });
    it("defaults: registries mandatory, tags mandatory, digest/evidence advisory", () => {
        assert.equal(restrictImageRegistries.enforcementLevel, "mandatory");
        assert.equal(disallowLatestTag.enforcementLevel, "mandatory");
        for (const p of [requireImageDigest, requireImagePullPolicyAlways, requireImageScanEvidence, requireImageSignatureEvidence]) assert.equal(p.enforcementLevel, "advisory", p.name);
    });
});
