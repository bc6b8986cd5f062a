// Pods wherever they live: custom resources of widely deployed controllers (in the shape of their
// projects' docs and examples), a custom operator's resource with a pod template, Crossplane's
// embedded manifests, Pulumi's server-side-apply Patch kinds and apiextensions.CustomResource. The
// insecure variant of each is blocked at the path that is wrong; its hardened twin passes every pod
// policy. Containers in a shape that is no pod spec, GitOps objects and dynamic resources are
// reported as not checked (require-rendered-content), never passed in silence.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { packPolicies } from "../../policypacks/packs";
import { POD_CARRIER_TYPES } from "../../policypacks/lib/pod-specs";
import { tmpProject } from "../helpers/tmp-project";
import { ROOT, runCli } from "../engine/helpers";

const FIXTURES = path.join(ROOT, "test", "fixtures", "custom-resources");

interface Finding {
    policy: string;
    enforcementLevel: string;
    message: string;
    resource: { name: string; type: string };
}

async function scan(file: string): Promise<Finding[]> {
    const r = await runCli(["scan", path.join(FIXTURES, file), "--pack", "onprem", "--format", "json"]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout).violations;
}

/** Policies that read pods wherever they are. */
const POD_POLICIES = new Set(packPolicies("onprem").filter((p) => p.ksl.types.join() === POD_CARRIER_TYPES.join()).map((p) => p.name));

describe("pods inside custom resources", function () {
    this.timeout(120_000);
    let insecure: Finding[];
    let secure: Finding[];
    before(async () => {
        [insecure, secure] = await Promise.all([scan("insecure.yaml"), scan("secure.yaml")]);
    });

    const cases: Array<{ name: string; kind: string; policy: string; at: RegExp }> = [
        { name: "rollouts-demo", kind: "Rollout", policy: "pss-privileged", at: /container "rollouts-demo" must not set securityContext\.privileged=true\) at spec\.template\.spec / },
        { name: "pod-spec-patch", kind: "Workflow", policy: "pss-privileged", at: /container "main" must not set securityContext\.privileged=true\) at spec\.templates\[2\] \(with podSpecPatch\) / },
        { name: "pod-spec-patch", kind: "Workflow", policy: "pss-host-namespaces", at: /hostNetwork=true\) at spec\.templates\[1\] / },
        { name: "pod-spec-patch", kind: "Workflow", policy: "disallow-dangerous-capabilities", at: /container "a" \(spec\.templates\[3\]\.containerSet\.containers\[0\]\) adds SYS_ADMIN/ },
        { name: "hello-world", kind: "CronWorkflow", policy: "pss-host-namespaces", at: /hostPID=true\) at spec\.workflowSpec\.templates\[0\] \(with podSpecPatch\)/ },
        { name: "hello", kind: "Service", policy: "disallow-sensitive-host-mounts", at: /spec\.template\.spec\.volumes\[0\]\.hostPath\.path="\/"/ },
        { name: "rabbitmq-consumer", kind: "ScaledJob", policy: "pss-host-namespaces", at: /hostPID=true\) at spec\.jobTargetRef\.template\.spec / },
        { name: "hello-run", kind: "TaskRun", policy: "pss-privileged", at: /container "build" must not set securityContext\.privileged=true\) at spec\.taskSpec / },
        { name: "hello-run", kind: "TaskRun", policy: "pss-host-namespaces", at: /hostNetwork=true\) at spec\.taskSpec / },
        { name: "node-agent", kind: "Object", policy: "pss-privileged", at: /container "agent" .* at spec\.forProvider\.manifest\.spec\.template\.spec / },
        { name: "storefront", kind: "WebApp", policy: "pss-privileged", at: /container "web" .* at spec\.template\.spec / },
    ];
    for (const c of cases) {
        it(`${c.kind} ${c.name}: ${c.policy} blocks it at the path`, () => {
            const hits = insecure.filter((f) => f.resource.name === c.name && f.resource.type.endsWith(`:${c.kind}`) && f.policy === c.policy);
            assert.ok(hits.some((f) => f.enforcementLevel === "mandatory" && c.at.test(f.message)), JSON.stringify(hits.map((f) => f.message)));
        });
    }

    it("a custom resource whose containers are no pod spec is reported as not checked, naming the path", () => {
        const f = insecure.find((v) => v.resource.name === "nightly" && v.policy === "require-rendered-content");
        assert.match(f?.message ?? "", /ci\.example\.com\/BuildRun 'nightly' holds a list of containers the packs cannot read as part of a pod spec at spec\.steps/);
    });

    it("every hardened twin passes every pod policy (no mandatory finding, no not-checked one)", () => {
        const names = new Set(cases.map((c) => c.name));
        assert.ok(secure.some((f) => names.has(f.resource.name)), "the secure twins were analyzed");
        const bad = secure.filter((f) => names.has(f.resource.name) && ((POD_POLICIES.has(f.policy) && f.enforcementLevel === "mandatory") || f.policy === "require-rendered-content"));
        assert.deepEqual(bad.map((f) => `${f.policy} ${f.resource.name}: ${f.message}`), []);
        // The twins are really read as pods: each is a workload the namespace policies hold to account.
        for (const name of names) assert.ok(secure.some((f) => f.resource.name === name && f.policy === "require-workload-network-policy"), name);
    });

    it("GitOps objects say what their controller deploys out of the pack's sight, and how to scan it", async () => {
        const gitops = await scan("gitops.yaml");
        const msg = (name: string) => gitops.find((f) => f.resource.name === name && f.policy === "require-rendered-content")?.message ?? "";
        assert.match(msg("podinfo"), /HelmRelease 'podinfo': Flux's helm-controller installs chart podinfo 6\.5\.\* from HelmRepository podinfo in the cluster/);
        assert.ok(gitops.some((f) => f.resource.type.endsWith(":Kustomization") && /applies path \.\/kustomize of GitRepository podinfo/.test(f.message)));
        assert.match(msg("guestbook"), /Argo CD deploys https:\/\/github\.com\/argoproj\/argocd-example-apps\.git path guestbook at HEAD in the cluster/);
    });

    it("a Pulumi program's DeploymentPatch, apiextensions.CustomResource and dynamic resource are judged or reported", async () => {
        const dir = tmpProject("crs", {
            "index.ts": [
                'import * as pulumi from "@pulumi/pulumi";',
                'import * as k8s from "@pulumi/kubernetes";',
                'new k8s.apps.v1.DeploymentPatch("web", { metadata: { name: "web", namespace: "apps" }, spec: { template: { spec: { containers: [{ name: "web", securityContext: { privileged: true } }] } } } });',
                "new k8s.apiextensions.CustomResource(\"canary\", { apiVersion: \"argoproj.io/v1alpha1\", kind: \"Rollout\", metadata: { namespace: \"apps\" }, spec: { selector: { matchLabels: { app: \"c\" } }, template: { metadata: { labels: { app: \"c\" } }, spec: { hostPID: true, containers: [{ name: \"c\", image: \"ghcr.io/acme/c:1\" }] } } } });",
                "const provider: pulumi.dynamic.ResourceProvider = { async create() { return { id: \"x\", outs: {} }; } };",
                'new pulumi.dynamic.Resource(provider, "installer", {});',
                "",
            ].join("\n"),
        });
        try {
            const r = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "onprem", "--format", "json"]);
            assert.equal(r.code, 1, r.stderr);
            const v: Finding[] = JSON.parse(r.stdout).violations;
            assert.ok(v.some((f) => f.policy === "pss-privileged" && f.resource.type === "kubernetes:apps/v1:DeploymentPatch" && f.enforcementLevel === "mandatory"));
            assert.ok(v.some((f) => f.policy === "pss-host-namespaces" && f.resource.type === "kubernetes:argoproj.io/v1alpha1:Rollout" && /hostPID=true\) at spec\.template\.spec/.test(f.message)));
            assert.ok(v.some((f) => f.policy === "require-rendered-content" && /dynamic resource 'installer'/.test(f.message)));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
