// ksl preview does what the Pulumi CLI, its Node.js runtime and the Kubernetes provider do to a
// program before the packs see it (found by running both on the same programs):
// - the provider's Check puts namespaced objects into its default namespace (a Provider's
//   `namespace`, else its kubeconfig context's) and auto-names them; a provider whose config is
//   unknown during preview is not checked at all;
// - helm.v3.Chart's `namespace` is given to every namespaced object it renders (the provider's
//   decodeYaml), so the chart's resources are found under it;
// - content that cannot be fetched, and stack references, are named with their cause;
// - a program without tsconfig.json compiles with the runtime's own compiler options, and is
//   type-checked unless PULUMI_NODEJS_TRANSPILE_ONLY=true;
// - an invalid PulumiPolicy.yaml fails the run, as the CLI refuses to load the pack.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderEnv } from "../helpers/render-tools";
import { tmpProject } from "../helpers/tmp-project";
import { scratchPath } from "../helpers/scratch";
import { ROOT, runCli } from "./helpers";

const CHART = path.join(ROOT, "test", "fixtures", "content", "helm-create-chart");

interface JsonReport {
    violations: Array<{ policy: string; enforcementLevel: string; resource: { urn: string; namespace: string | null } }>;
    notices: Array<{ kind: string; subject: string; message: string }>;
}

async function previewJson(dir: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<{ code: number | null; report?: JsonReport; stderr: string }> {
    const r = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "onprem", "--format", "json", ...extra], { env });
    return { code: r.code, stderr: r.stderr, report: r.code === 2 ? undefined : JSON.parse(r.stdout) };
}

const deployment = (name: string, opts = "") =>
    `new k8s.apps.v1.Deployment("${name}", { spec: { selector: { matchLabels: { app: "${name}" } }, template: { metadata: { labels: { app: "${name}" } }, spec: { containers: [{ name: "${name}", image: "nginx:1.27" }] } } } }${opts});`;

function namespacesOf(report: JsonReport, urnPart: string): Set<string | null> {
    return new Set(report.violations.filter((v) => v.resource.urn.endsWith(urnPart)).map((v) => v.resource.namespace));
}

describe("engine: ksl preview as the Pulumi CLI and the Kubernetes provider do it", function () {
    this.timeout(180_000);
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const project = (name: string, files: Record<string, string>) => {
        const dir = tmpProject(name, files);
        dirs.push(dir);
        return dir;
    };

    it("a Provider's namespace (and its kubeconfig context's) is where namespace-less objects go; unknown provider config leaves them as declared", async () => {
        const kubeconfig = scratchPath("parity", "kubeconfig");
        fs.writeFileSync(kubeconfig, [
            "apiVersion: v1", "kind: Config",
            "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]",
            "users: [{name: u, user: {token: t}}]",
            "contexts: [{name: team, context: {cluster: c, user: u, namespace: team-a}}, {name: bare, context: {cluster: c, user: u}}]",
            "current-context: team", "",
        ].join("\n"));
        const dir = project("provns", {
            "index.ts": [
                'import * as pulumi from "@pulumi/pulumi";',
                'import * as k8s from "@pulumi/kubernetes";',
                'const apps = new k8s.Provider("apps", { namespace: "apps" });',
                'const team = new k8s.Provider("team", { kubeconfig: process.env.TEAM_KUBECONFIG! });',
                'const bare = new k8s.Provider("bare", { kubeconfig: process.env.TEAM_KUBECONFIG!, context: "bare" });',
                // A kubeconfig only known once another resource exists: Check is not called in preview.
                'const later = new k8s.Provider("later", { kubeconfig: new k8s.core.v1.ConfigMap("kc", { metadata: { namespace: "x" } }).metadata.uid });',
                deployment("in-apps", ", { provider: apps }"),
                deployment("in-team", ", { provider: team }"),
                deployment("in-default", ", { provider: bare }"),
                deployment("unchecked", ", { provider: later }"),
                'new k8s.rbac.v1.ClusterRole("reader", { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] }, { provider: apps });',
                "",
            ].join("\n"),
        });
        const r = await previewJson(dir, { TEAM_KUBECONFIG: kubeconfig });
        assert.equal(r.code, 1, r.stderr);
        assert.deepEqual(namespacesOf(r.report!, "Deployment::in-apps"), new Set(["apps"]));
        assert.deepEqual(namespacesOf(r.report!, "Deployment::in-team"), new Set(["team-a"]));
        assert.deepEqual(namespacesOf(r.report!, "Deployment::in-default"), new Set(["default"]));
        assert.deepEqual(namespacesOf(r.report!, "Deployment::unchecked"), new Set([null]));
        // A namespace-less object is reported as landing in the provider's default namespace only when it has none.
        const unplaced = r.report!.violations.filter((v) => v.policy === "restrict-workload-namespaces").map((v) => v.resource.urn.split("::").pop());
        assert.deepEqual(unplaced.sort(), ["in-default", "unchecked"]);
    });

    it("the provider's Check auto-names objects and folds a Secret's stringData into data, as the packs then see them", async () => {
        const { checkedKubernetesInputs, kubeProviderConfig } = await import("../../engine/sources/kube-check");
        const cfg = kubeProviderConfig({ namespace: "apps" }, {}, {});
        const deploymentInputs = checkedKubernetesInputs("kubernetes:apps/v1:Deployment", "web", { apiVersion: "apps/v1", kind: "Deployment", metadata: { uid: "x", labels: { a: "b" } } }, cfg, new Map());
        assert.match((deploymentInputs.metadata as any).name, /^web-[0-9a-f]{8}$/);
        assert.deepEqual((deploymentInputs.metadata as any).annotations, { "pulumi.com/autonamed": "true" });
        assert.equal((deploymentInputs.metadata as any).namespace, "apps");
        assert.equal((deploymentInputs.metadata as any).uid, undefined);
        const ns = checkedKubernetesInputs("kubernetes:core/v1:Namespace", "team", { metadata: { name: "team" } }, cfg, new Map());
        assert.deepEqual(ns.metadata, { name: "team" });
        const secret = checkedKubernetesInputs("kubernetes:core/v1:Secret", "db", { metadata: { name: "db" }, stringData: { password: "hunter2" } }, cfg, new Map());
        assert.equal(secret.stringData, undefined);
        assert.deepEqual((secret.data as any).value, { password: Buffer.from("hunter2").toString("base64") });
        // Server-side apply off: the managed-by label Check adds for client-side apply.
        const csa = checkedKubernetesInputs("kubernetes:core/v1:ConfigMap", "c", { metadata: { name: "c" } }, kubeProviderConfig({ enableServerSideApply: false }, {}, {}), new Map());
        assert.deepEqual((csa.metadata as any).labels, { "app.kubernetes.io/managed-by": "pulumi" });
        // A custom kind whose CRD is in the program follows its scope; one without is taken as namespaced.
        const scopes = new Map([["example.com/Widget", "Cluster"]]);
        assert.equal((checkedKubernetesInputs("kubernetes:example.com/v1:Widget", "w", { metadata: { name: "w" } }, cfg, scopes).metadata as any).namespace, undefined);
        assert.equal((checkedKubernetesInputs("kubernetes:example.com/v1:Gadget", "g", { metadata: { name: "g" } }, cfg, scopes).metadata as any).namespace, "apps");
    });

    it("helm.v3.Chart's namespace reaches every object it renders, so the program finds them by it", async () => {
        const dir = project("chartns", {
            "index.ts": [
                'import * as k8s from "@pulumi/kubernetes";',
                `const chart = new k8s.helm.v3.Chart("web", { path: ${JSON.stringify(CHART)}, namespace: "edge" });`,
                // kubernetes-guides style: read a rendered object back; it is keyed by the namespace.
                'export const serviceType = chart.getResource("v1/Service", "edge", "web").spec.type;',
                "",
            ].join("\n"),
        });
        const r = await previewJson(dir, renderEnv());
        assert.notEqual(r.code, 2, r.stderr);
        assert.deepEqual(namespacesOf(r.report!, "Deployment::edge/web"), new Set(["edge"]));
    });

    it("a provider whose config is unknown during preview renders no SDK component (a notice says so); --assume-known renders it", async () => {
        const dir = project("unconfigured", {
            "index.ts": [
                'import * as k8s from "@pulumi/kubernetes";',
                'const kubeconfig = new k8s.core.v1.ConfigMap("kc", { metadata: { namespace: "x" } }).metadata.uid;',
                'const later = new k8s.Provider("later", { kubeconfig });',
                `new k8s.helm.v3.Chart("web", { path: ${JSON.stringify(CHART)}, namespace: "edge" }, { provider: later });`,
                "",
            ].join("\n"),
        });
        const preview = await previewJson(dir, renderEnv());
        assert.notEqual(preview.code, 2, preview.stderr);
        assert.match(preview.report!.notices.find((n) => n.subject === "kubernetes:helm.sh/v3:Chart 'web'")?.message ?? "", /provider's configuration is not known during preview/);
        assert.ok(preview.report!.violations.some((v) => v.policy === "require-rendered-content" && v.resource.urn.endsWith("Chart::web")));
        const update = await previewJson(dir, renderEnv(), ["--assume-known"]);
        assert.ok(update.report!.violations.some((v) => v.resource.urn.endsWith("Deployment::edge/web")), JSON.stringify(update.report!.notices));
    });

    it("helm.v4.Chart's postRenderer rewrites what is checked, as the provider deploys it; one that fails leaves the chart not checked", async () => {
        const dir = project("postrender", {
            // A post-renderer that turns every empty securityContext the chart renders privileged,
            // run from the program's directory as the provider runs it.
            "postrender.js": 'process.stdout.write(require("fs").readFileSync(0, "utf8").replace(/^( *)\\{\\}$/gm, "$1{privileged: true}"));\n',
            "index.ts": [
                'import * as k8s from "@pulumi/kubernetes";',
                `new k8s.helm.v4.Chart("web", { chart: ${JSON.stringify(CHART)}, namespace: "edge", postRenderer: { command: "node", args: ["postrender.js"] } });`,
                `new k8s.helm.v4.Chart("broken", { chart: ${JSON.stringify(CHART)}, namespace: "edge", postRenderer: { command: "ksl-no-such-post-renderer" } });`,
                "",
            ].join("\n"),
        });
        const r = await previewJson(dir, renderEnv());
        assert.equal(r.code, 1, r.stderr);
        assert.ok(r.report!.violations.some((v) => v.policy === "pss-privileged" && v.resource.urn.endsWith("Chart$kubernetes:apps/v1:Deployment::web:edge/web")), JSON.stringify(r.report!.violations.filter((v) => v.policy.startsWith("pss")).map((v) => v.resource.urn)));
        assert.match(r.report!.notices.find((n) => n.subject === "kubernetes:helm.sh/v4:Chart 'broken'")?.message ?? "", /post-renderer of chart .* \(ksl-no-such-post-renderer\) failed: ksl-no-such-post-renderer not found/);
        assert.ok(r.report!.violations.some((v) => v.policy === "require-rendered-content" && v.resource.urn.endsWith("Chart::broken")));
    });

    it("resources created inside an apply that does not run during preview are counted as not checked", async () => {
        const dir = project("applies", {
            "index.ts": [
                'import * as k8s from "@pulumi/kubernetes";',
                'const ns = new k8s.core.v1.Namespace("apps", {});',
                "// The uid is assigned by the cluster: unknown during preview, so this callback never runs there.",
                'ns.metadata.uid.apply((uid) => new k8s.core.v1.Pod("debug", { metadata: { namespace: "apps", labels: { owner: uid } }, spec: { containers: [{ name: "c", image: "nginx:1.27", securityContext: { privileged: true } }] } }));',
                'export const name = ns.metadata.name.apply((n) => n.toUpperCase());',
                "",
            ].join("\n"),
        });
        const preview = await previewJson(dir);
        assert.match(preview.report!.notices.find((n) => n.subject === "program")?.message ?? "", /^1 apply callback \(index\.ts:4\) did not run: their inputs are not known during preview/);
        assert.ok(!preview.report!.violations.some((v) => v.resource.urn.endsWith("Pod::debug")));
        const update = await previewJson(dir, {}, ["--assume-known"]);
        assert.ok(update.report!.violations.some((v) => v.policy === "pss-privileged" && v.resource.urn.endsWith("Pod::debug")));
        assert.equal(update.report!.notices.find((n) => n.subject === "program"), undefined);
    });

    it("content that cannot be fetched, and a stack reference, are named with their cause; a program reading unrendered content says what was missing", async () => {
        const dir = project("fetch", {
            "index.ts": [
                'import * as pulumi from "@pulumi/pulumi";',
                'import * as k8s from "@pulumi/kubernetes";',
                'new k8s.yaml.ConfigFile("guestbook", { file: "https://ksl.invalid/guestbook-all-in-one.yaml" });',
                'const platform = new pulumi.StackReference("acme/platform/prod");',
                'new k8s.core.v1.ConfigMap("settings", { metadata: { namespace: platform.getOutput("appsNamespace") }, data: { LOG_LEVEL: "info" } });',
                "",
            ].join("\n"),
        });
        const r = await previewJson(dir);
        assert.notEqual(r.code, 2, r.stderr);
        const guestbook = r.report!.notices.find((n) => n.subject === "kubernetes:yaml:ConfigFile 'guestbook'");
        assert.match(guestbook?.message ?? "", /https:\/\/ksl\.invalid\/guestbook-all-in-one\.yaml cannot be fetched \((ENOTFOUND|EAI_AGAIN|ECONNREFUSED)/);
        assert.ok(r.report!.violations.some((v) => v.policy === "require-rendered-content" && v.resource.urn.endsWith("ConfigFile::guestbook")));
        const ref = r.report!.notices.find((n) => n.subject === "StackReference 'acme/platform/prod'");
        assert.equal(ref?.kind, "not-checked");
        // Pulumi's unknown-value marker is never shown as a namespace.
        assert.ok(r.report!.violations.every((v) => v.resource.namespace === null || /^[a-z0-9-]+$/.test(v.resource.namespace)));

        const crash = project("crash", {
            "index.ts": [
                'import * as k8s from "@pulumi/kubernetes";',
                'const chart = new k8s.helm.v3.Chart("nginx", { chart: "ingress-nginx", fetchOpts: { repo: "https://ksl.invalid/charts" }, namespace: "ingress" });',
                'chart.resources.apply((r) => (r["v1/Service::ingress/nginx-ingress-nginx-controller"] as any).spec);',
                "",
            ].join("\n"),
        });
        const c = await previewJson(crash, renderEnv());
        assert.equal(c.code, 2);
        assert.match(c.stderr, /reading 'spec'.*after kubernetes:helm\.sh\/v3:Chart 'nginx' was not rendered: helm could not render chart ingress-nginx/);
    });

    it("a program without tsconfig.json compiles with the runtime's options and is type-checked unless PULUMI_NODEJS_TRANSPILE_ONLY=true", async () => {
        const dir = project("notsconfig", {
            "index.ts": ['import * as k8s from "@pulumi/kubernetes";', 'const replicas: number = "two" as any;', deployment("web"), ""].join("\n"),
        });
        fs.rmSync(path.join(dir, "tsconfig.json"));
        const ok = await previewJson(dir);
        assert.equal(ok.code, 1, ok.stderr);
        fs.writeFileSync(path.join(dir, "index.ts"), ['import * as k8s from "@pulumi/kubernetes";', 'const replicas: number = "two";', deployment("web"), ""].join("\n"));
        const checked = await previewJson(dir, { PULUMI_NODEJS_TRANSPILE_ONLY: "" });
        assert.equal(checked.code, 2);
        assert.match(checked.stderr, /TypeScript: index\.ts\(2,7\): error TS2322: Type 'string' is not assignable to type 'number'/);
        const transpiled = await previewJson(dir, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
        assert.equal(transpiled.code, 1, transpiled.stderr);
    });

    it("a pack whose PulumiPolicy.yaml the CLI cannot load is refused", async () => {
        const pack = scratchPath("parity", "bad-pack", "PulumiPolicy.yaml");
        fs.writeFileSync(pack, "runtime: nodejs\ndescription: Packs for AKS: workloads and clusters\n");
        fs.writeFileSync(path.join(path.dirname(pack), "package.json"), JSON.stringify({ name: "bad", version: "0.1.0" }));
        const r = await runCli(["scan", path.join(ROOT, "test", "fixtures", "content", "manifests"), "--pack", path.dirname(pack)]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^ksl: failed to load Pulumi policy project located at .*bad-pack: invalid YAML file: /);
        for (const platform of ["aks", "onprem"]) {
            const YAML = await import("yaml");
            assert.equal(YAML.parse(fs.readFileSync(path.join(ROOT, "policypacks", platform, "PulumiPolicy.yaml"), "utf8")).runtime, "nodejs");
        }
    });
});
