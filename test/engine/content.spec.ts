// What Helm, YAML and kustomize components deploy reaches the packs (ksl preview renders them as
// the provider does, with real helm and kubectl), and what cannot be seen is reported, never passed.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { JsonReport } from "../../engine/report/json";
import { downgradeResourceReferences, runProgram } from "../../engine/sources/program";
import { noRenderEnv, renderEnv } from "../helpers/render-tools";
import { ROOT, runCli } from "./helpers";

const CONTENT = path.join(ROOT, "test", "fixtures", "content");
const PROGRAM = path.join(CONTENT, "program");

interface Run {
    code: number | null;
    report: JsonReport;
    stderr: string;
}

async function ksl(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
    const r = await runCli([...args, "--format", "json"], { env, cwd });
    let report: JsonReport;
    try {
        report = JSON.parse(r.stdout);
    } catch {
        throw new Error(`ksl ${args.join(" ")} exited ${r.code} without a JSON report: ${r.stderr}`);
    }
    return { code: r.code, report, stderr: r.stderr };
}

const preview = (stack: string, env: NodeJS.ProcessEnv, extra: string[] = []) => ksl(["preview", "--project", PROGRAM, "--stack", stack, "--pack", "aks", ...extra], env);

/** The component type a rendered child's URN names first in its type chain. */
const componentOf = (urn: string) => urn.split("::")[2].split("$")[0];

describe("engine: content components (yaml, kustomize, helm) in ksl preview", function () {
    this.timeout(240_000);
    let rendered: Run;
    let unrendered: Run;
    let mandatoryConfig: string;
    before(async () => {
        mandatoryConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ksl-content-")), "config.json");
        fs.writeFileSync(mandatoryConfig, JSON.stringify({ "require-rendered-content": "mandatory" }));
        [rendered, unrendered] = await Promise.all([preview("content", renderEnv()), preview("content", noRenderEnv(), ["--config", mandatoryConfig])]);
    });

    const privilegedBy = (run: Run) => new Set(run.report.violations.filter((v) => v.policy === "pss-privileged" && v.enforcementLevel === "mandatory").map((v) => componentOf(v.resource.urn)));

    it("blocks a privileged container delivered by every content component, on the rendered object", () => {
        assert.equal(rendered.code, 1, rendered.stderr);
        assert.deepEqual([...privilegedBy(rendered)].sort(), [
            "kubernetes:helm.sh/v3:Chart",
            "kubernetes:helm.sh/v4:Chart",
            "kubernetes:kustomize/v2:Directory",
            "kubernetes:kustomize:Directory",
            "kubernetes:yaml/v2:ConfigFile",
            "kubernetes:yaml/v2:ConfigGroup",
            "kubernetes:yaml:ConfigFile",
            "kubernetes:yaml:ConfigGroup",
        ]);
    });

    it("names provider-side children as the provider does (<prefix>:<namespace>/<name>) and renders chart values and value files", () => {
        const urns = rendered.report.violations.filter((v) => v.policy === "pss-privileged").map((v) => v.resource.urn);
        assert.ok(urns.includes("urn:pulumi:content::ksl-content-program::kubernetes:helm.sh/v4:Chart$kubernetes:apps/v1:Deployment::edge-v4:ingress/edge-v4-controller"), urns.join("\n"));
        assert.ok(urns.includes("urn:pulumi:content::ksl-content-program::kubernetes:kustomize/v2:Directory$kubernetes:apps/v1:Deployment::inspector-v2:tools/node-inspector"));
        // The admission-webhook Job is a Helm hook: rendered and checked like any object.
        assert.ok(rendered.report.violations.some((v) => v.resource.urn.endsWith("Job::edge-v4:ingress/edge-v4-admission-create")));
    });

    it("reports helm.v3.Release as not checked (advisory by default), never a silent pass", () => {
        const release = rendered.report.violations.filter((v) => v.policy === "require-rendered-content");
        assert.deepEqual(release.map((v) => [v.resource.type, v.resource.name, v.enforcementLevel]), [["kubernetes:helm.sh/v3:Release", "monitoring", "advisory"]]);
        assert.match(release[0].message, /never reach a policy pack.*helm template monitoring/);
        assert.equal(rendered.report.summary.notChecked, 1);
    });

    it("previews a component whose argument is a resource (sent as its ID, as the CLI does)", async () => {
        const [run, update, prev] = await Promise.all([runProgram({ project: PROGRAM, stack: "web" }), runProgram({ project: PROGRAM, stack: "web", assumeKnown: true }), preview("web", renderEnv())]);
        const nsOf = (r: typeof run) => (r.resources.find((x) => x.type === "example:index:App")!.props as { namespace?: unknown }).namespace;
        // During preview the Namespace being created has no id yet; in the update pass it has.
        assert.equal(nsOf(run), "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        assert.match(String(nsOf(update)), /^apps-[0-9a-f]{8}$/);
        assert.ok(prev.code === 0 || prev.code === 1, prev.stderr);
        assert.ok(!/Error validating resource/.test(prev.stderr));
    });

    it("without helm and kubectl, each chart and kustomization gets the not-checked finding, at the configured level", () => {
        assert.equal(unrendered.code, 1, unrendered.stderr);
        const notChecked = unrendered.report.violations.filter((v) => v.policy === "require-rendered-content");
        assert.deepEqual(notChecked.map((v) => v.resource.name).sort(), ["edge-v3", "edge-v4", "inspector-v1", "inspector-v2", "monitoring"]);
        assert.ok(notChecked.every((v) => v.enforcementLevel === "mandatory"));
        assert.equal(unrendered.report.summary.notChecked, 5);
        // The report says why, per component.
        const notices = unrendered.report.notices.map((n) => `${n.subject}: ${n.message}`);
        assert.equal(notices.length, 4, notices.join("\n"));
        assert.ok(notices.some((n) => /helm\.sh\/v3:Chart 'edge-v3': not rendered: KSL_HELM=.* does not exist/.test(n)), notices.join("\n"));
        assert.ok(notices.some((n) => /kustomize\/v2:Directory 'inspector-v2': not rendered: KSL_KUBECTL=/.test(n)));
        // YAML needs no binary: still rendered and checked.
        assert.deepEqual([...privilegedBy(unrendered)].sort(), ["kubernetes:yaml/v2:ConfigFile", "kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml:ConfigFile", "kubernetes:yaml:ConfigGroup"]);
    });
});

describe("engine: ksl scan of charts and kustomizations finds what a preview of the same content finds", function () {
    this.timeout(240_000);

    /** A violation as a user reads it, independent of how the object reached the pack. */
    const key = (v: JsonReport["violations"][number]) => {
        const name = v.resource.name.split(":").pop()!.split("/").pop();
        return `${v.policy} ${v.enforcementLevel} ${v.resource.type} ${v.resource.namespace}/${name}: ${v.message}`;
    };
    const objectFindings = (r: Run) => r.report.violations.filter((v) => !v.resource.type.startsWith("pulumi:") && !v.resource.type.startsWith("kubernetes:helm.sh") && !v.resource.type.startsWith("kubernetes:kustomize")).map(key).sort();

    it("a chart directory with values, release name and namespace", async () => {
        const [scan, prev] = await Promise.all([
            ksl(["scan", "ingress-chart", "--helm-values", "ingress-chart-debug-values.yaml", "--release-name", "edge-v4", "--namespace", "ingress", "--pack", "aks"], renderEnv(), CONTENT),
            preview("chart", renderEnv()),
        ]);
        assert.equal(scan.code, 1, scan.stderr);
        assert.ok(objectFindings(scan).some((k) => k.startsWith("pss-privileged mandatory kubernetes:apps/v1:Deployment ingress/edge-v4-controller")));
        assert.deepEqual(objectFindings(scan), objectFindings(prev));
        // Located at the template that produced the object.
        const priv = scan.report.violations.find((v) => v.policy === "pss-privileged")!;
        assert.equal(priv.resource.source, path.join("ingress-chart", "templates", "controller-deployment.yaml") + ":1");
        assert.deepEqual(scan.report.notices.map((n) => n.kind), ["rendered"]);
    });

    it("a kustomization directory (an overlay patching its base)", async () => {
        const [scan, prev] = await Promise.all([
            ksl(["scan", "kustomize/overlays/debug", "--pack", "aks"], renderEnv(), CONTENT),
            preview("kustomization", renderEnv()),
        ]);
        assert.equal(scan.code, 1, scan.stderr);
        assert.ok(objectFindings(scan).some((k) => k.startsWith("pss-privileged mandatory kubernetes:apps/v1:Deployment tools/node-inspector")));
        assert.deepEqual(objectFindings(scan), objectFindings(prev));
    });

    it("a directory of manifests, a Helm values file, app config and a kustomization: notices, no kustomization resource", async () => {
        const r = await ksl(["scan", "mixed", "--pack", "aks"], renderEnv(), CONTENT);
        assert.equal(r.code, 1, r.stderr);
        assert.deepEqual(
            r.report.notices.map((n) => [n.kind, n.subject]),
            [
                ["rendered", path.join("mixed", "overlay")],
                ["skipped", path.join("mixed", "settings.json")],
                ["skipped", path.join("mixed", "values.yaml")],
            ],
        );
        assert.equal(r.report.summary.skippedFiles, 2);
        assert.equal(r.report.resources, 2); // the ConfigMap and the kustomization's Pod
        assert.ok(!r.report.violations.some((v) => /Kustomization/.test(v.resource.type)));
        assert.ok(r.report.violations.some((v) => v.policy === "pss-privileged" && v.resource.name === "worker" && v.resource.namespace === "shop"));
    });

    it("a kustomization directory: the files and nested kustomizations it never names are reported as not checked", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-kustomize-"));
        const write = (rel: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), text);
        };
        const deployment = (name: string, privileged: boolean) =>
            `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          securityContext: {privileged: ${privileged}}\n`;
        write("kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - deployment.yaml\n  - ./rbac\npatches:\n  - path: patches/replicas.yaml\nconfigMapGenerator:\n  - name: app-config\n    files: [config/app.properties]\n");
        write("deployment.yaml", deployment("web", false));
        write("patches/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n");
        write("config/app.properties", "mode=prod\n");
        write("rbac/kustomization.yaml", "resources: [role.yaml]\n");
        write("rbac/role.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader}\nrules: []\n");
        // Left behind: a privileged Deployment the kustomization no longer lists, and a retired overlay.
        write("old-deployment.yaml", deployment("legacy", true));
        write("legacy/kustomization.yaml", "resources: [pod.yaml]\n");
        write("legacy/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: a, image: a}]}\n");
        try {
            const r = await ksl(["scan", dir, "--pack", "aks"], renderEnv());
            assert.ok(r.code === 0 || r.code === 1, r.stderr);
            assert.deepEqual(
                r.report.notices.map((n) => [n.kind, n.subject]),
                [
                    ["rendered", dir],
                    ["not-checked", path.join(dir, "legacy")],
                    ["not-checked", path.join(dir, "old-deployment.yaml")],
                ],
            );
            assert.match(r.report.notices[2].message, /never named by it .*kubectl apply -k does not deploy it, so it was not checked; scan it by its own path/);
            assert.ok(!r.report.violations.some((v) => v.resource.name === "legacy"), "what kubectl apply -k does not deploy is not judged");
            assert.equal(r.report.summary.skippedFiles, 0);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a chart that cannot be rendered is an error naming it, never a pass", async () => {
        const r = await runCli(["scan", "ingress-chart", "--pack", "aks"], { env: noRenderEnv(), cwd: CONTENT });
        assert.equal(r.code, 2);
        assert.match(r.stderr.trim(), /^ksl: ingress-chart: KSL_HELM=.* does not exist; install helm or set KSL_HELM/);
        assert.equal(r.stderr.trim().split("\n").length, 1);
    });

    it("malformed YAML in a manifest inside a scanned directory still exits 2 naming file and line", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-mixed-"));
        fs.writeFileSync(path.join(dir, "values.yaml"), "replicaCount: 2\n");
        fs.writeFileSync(path.join(dir, "broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n");
        const r = await runCli(["scan", dir, "--pack", "aks"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /broken\.yaml:\d+:\d+: malformed YAML/);
    });
});

describe("engine: resource references in inputs", () => {
    it("are sent as the CLI sends them to analyzers: a custom resource as its ID, a component as its URN", () => {
        const sig = "4dabf18193072939515e22adb298388d";
        const ref = "5cf8f73096256a8f31e491e813e4eb8e";
        const out = downgradeResourceReferences({
            namespace: { [sig]: ref, urn: "urn:pulumi:s::p::kubernetes:core/v1:Namespace::apps", id: "apps-1234" },
            parentApp: { [sig]: ref, urn: "urn:pulumi:s::p::example:index:App::web", packageVersion: "" },
            nested: [{ provider: { [sig]: ref, urn: "urn:pulumi:s::p::pulumi:providers:kubernetes::k", id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } }],
        });
        assert.deepEqual(out, {
            namespace: "apps-1234",
            parentApp: "urn:pulumi:s::p::example:index:App::web",
            nested: [{ provider: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }],
        });
    });
});
