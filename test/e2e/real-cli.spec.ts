// The packs under the real Pulumi CLI (`npm run test:e2e`; needs Go and the Go module proxy for the
// toolchain): each program is previewed by `pulumi preview --policy-pack` and, declared in
// TypeScript, by `ksl preview` with the same pack directory, and the two must agree on every
// finding (policy, resource URN, enforcement level) and on the verdict.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "../../engine/sources/program";
import { contextConfig } from "../../engine/commands/config";
import {
    cleanup,
    config,
    findingLines,
    installedPack,
    kslPreview,
    ProgramSpec,
    realPreview,
    ref,
    ROOT,
    runDir,
    secret,
    specValueOfWire,
    toolchainBin,
    writeTsProgram,
    writeYamlProgram,
} from "./harness";

/**
 * The Kubernetes objects of a sample stack, declared flat (the Node.js language host that would run
 * the stack itself is not available; see README): captured by ksl's program runner with every value
 * known, without the provider's own additions (auto-names), on the default provider.
 */
async function sampleStackSpec(stack: "aks" | "onprem" | "insecure", project: string): Promise<ProgramSpec> {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
    process.env.KUBECONFIG = path.join(runDir(), "no-kubeconfig");
    try {
        const runResult = await runProgram({ project: ROOT, stack, assumeKnown: true });
        const seen = new Set<string>();
        const resources = runResult.resources
            .filter((r) => r.custom && (r.type.startsWith("kubernetes:") || r.type.startsWith("azure-native:")) && !r.type.startsWith("kubernetes:helm.sh/"))
            .map((r) => {
                const props = JSON.parse(JSON.stringify(r.props));
                if (props.metadata?.annotations?.["pulumi.com/autonamed"] === "true") {
                    delete props.metadata.name;
                    delete props.metadata.annotations["pulumi.com/autonamed"];
                    if (Object.keys(props.metadata.annotations).length === 0) delete props.metadata.annotations;
                }
                return { name: r.name, type: r.type, props: specValueOfWire(props) as Record<string, unknown> };
            })
            .filter((r) => !seen.has(`${r.type}::${r.name}`) && seen.add(`${r.type}::${r.name}`));
        return { project, resources };
    } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
}

const labels = { app: "web" };
const plainDeployment = (name: string, extra: Record<string, unknown> = {}) => ({
    metadata: { labels },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: "nginx:1.27", ...extra }] } } },
});

const PROGRAMS: Record<string, () => Promise<ProgramSpec> | ProgramSpec> = {
    // kubernetes-guides style: objects placed by their Provider's namespace, and by the default
    // provider's kubeconfig context (which names none: "default").
    "provider-namespace": () => ({
        project: "provider-namespace",
        resources: [
            { name: "apps", type: "pulumi:providers:kubernetes", props: { namespace: "apps" } },
            { name: "apps-ns", type: "kubernetes:core/v1:Namespace", props: { metadata: { name: "apps" } } },
            { name: "web", type: "kubernetes:apps/v1:Deployment", props: plainDeployment("web"), provider: "apps" },
            { name: "web", type: "kubernetes:core/v1:Service", props: { spec: { selector: labels, ports: [{ port: 80 }] } }, provider: "apps" },
            { name: "reader", type: "kubernetes:rbac.authorization.k8s.io/v1:Role", props: { rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }] }, provider: "apps" },
            { name: "on-default", type: "kubernetes:apps/v1:Deployment", props: plainDeployment("on-default", { securityContext: { privileged: true } }) },
        ],
    }),
    // An application deployed into a namespace its platform stack created (namespace context).
    "app-in-platform-namespace": () => ({
        project: "app-in-platform-namespace",
        resources: [
            { name: "web", type: "kubernetes:apps/v1:Deployment", props: { ...plainDeployment("web"), metadata: { namespace: "team-a", labels } } },
            { name: "web", type: "kubernetes:core/v1:Service", props: { metadata: { namespace: "team-a" }, spec: { selector: labels, ports: [{ port: 80 }] } } },
        ],
    }),
    // Secret stack config, decrypted by both from the file the CLI wrote.
    "config-secrets": () => ({
        project: "config-secrets",
        config: { dbPassword: { value: "correct-horse-battery-staple", secret: true }, team: { value: "payments" } },
        resources: [
            { name: "payments", type: "kubernetes:core/v1:Namespace", props: { metadata: { name: "payments", labels: { team: config("team") } } } },
            { name: "db", type: "kubernetes:core/v1:Secret", props: { metadata: { namespace: "payments", name: "db" }, stringData: { password: config("dbPassword") } } },
            {
                name: "api",
                type: "kubernetes:apps/v1:Deployment",
                props: {
                    metadata: { namespace: "payments", labels },
                    spec: {
                        selector: { matchLabels: labels },
                        template: { metadata: { labels }, spec: { containers: [{ name: "api", image: "nginx:1.27", env: [{ name: "DB_PASSWORD", value: config("dbPassword") }, { name: "API_TOKEN", value: secret("tok-3f9a2c") }] }] } },
                    },
                },
            },
            { name: "settings", type: "kubernetes:core/v1:ConfigMap", props: { metadata: { namespace: ref("payments", "metadata", "name") }, data: { LOG_LEVEL: "info" } } },
        ],
    }),
    // The provider's content components, rendered without a cluster (render mode): a local chart,
    // a kustomization and a manifest file.
    content: () => ({
        project: "content",
        // Render mode is incompatible with a kubeconfig in the environment (pulumi-kubernetes#3498).
        env: { KUBECONFIG: undefined },
        files: {
            chart: path.join(ROOT, "test", "fixtures", "content", "helm-create-chart"),
            kustomize: path.join(ROOT, "test", "fixtures", "content", "kustomize"),
            "debug-pod.yaml": path.join(ROOT, "test", "fixtures", "content", "manifests", "debug-pod.yaml"),
        },
        resources: [
            { name: "render", type: "pulumi:providers:kubernetes", props: { renderYamlToDirectory: "rendered" } },
            { name: "web", type: "kubernetes:helm.sh/v4:Chart", props: { chart: "./chart", namespace: "web" }, provider: "render" },
            { name: "inspector", type: "kubernetes:kustomize/v2:Directory", props: { directory: "./kustomize/overlays/debug" }, provider: "render" },
            { name: "debug", type: "kubernetes:yaml/v2:ConfigFile", props: { file: "./debug-pod.yaml" }, provider: "render" },
        ],
    }),
    insecure: () => sampleStackSpec("insecure", "insecure-objects"),
    hardened: () => sampleStackSpec("onprem", "onprem-objects"),
    // The AKS sample's Azure and Kubernetes resources, through the azure-native test double (flattened, the
    // diagnostic setting no longer finds the cluster it names by id during preview: both report it).
    "aks-sample": () => sampleStackSpec("aks", "aks-objects"),
};

interface Both {
    real: ReturnType<typeof realPreview>;
    ksl: ReturnType<typeof kslPreview>;
}

describe("the packs under the real Pulumi CLI, against ksl preview", function () {
    this.timeout(30 * 60_000);
    const specs = new Map<string, ProgramSpec>();
    const previews = new Map<string, Both>();

    before(async () => {
        toolchainBin();
        for (const [name, make] of Object.entries(PROGRAMS)) specs.set(name, await make());
    });
    after(cleanup);

    /** Previews `program` with `platform`'s pack (and an optional pack config) both ways, once. */
    function both(program: string, platform: "aks" | "onprem", packConfig?: Record<string, unknown>): Both {
        const key = `${program}/${platform}/${JSON.stringify(packConfig ?? null)}`;
        const have = previews.get(key);
        if (have) return have;
        const spec = specs.get(program)!;
        const dir = path.join(runDir(), "programs", `${program}-${platform}-${previews.size}`);
        writeYamlProgram(path.join(dir, "yaml"), spec);
        writeTsProgram(path.join(dir, "ts"), spec);
        let configFile: string | undefined;
        if (packConfig) fs.writeFileSync((configFile = path.join(dir, "policy-config.json")), JSON.stringify(packConfig, null, 2));
        const pack = installedPack(platform);
        const real = realPreview(path.join(dir, "yaml"), spec, { pack, packConfig: configFile });
        const ksl = kslPreview(path.join(dir, "ts"), spec, { pack, packConfig: configFile, stackConfig: real.stackConfig });
        const result = { real, ksl };
        previews.set(key, result);
        return result;
    }

    function assertSameFindings(b: Both, what: string): void {
        const spec = specs.get(what.split("/")[0]);
        const declared = spec ? spec.resources.filter((r) => !r.type.startsWith("pulumi:providers:")).length : 1;
        assert.ok(b.real.analyzed.size >= declared, `${what}: the pack analyzed ${b.real.analyzed.size} resources under the CLI (${b.real.errors.join(" | ")})`);
        assert.deepEqual(findingLines(b.ksl.findings), findingLines(b.real.findings), `${what}: ksl preview and pulumi preview disagree`);
    }

    for (const program of Object.keys(PROGRAMS)) {
        for (const platform of ["onprem", "aks"] as const) {
            if (platform === "aks" && !["insecure", "hardened", "aks-sample"].includes(program)) continue;
            if (platform === "onprem" && program === "aks-sample") continue;
            it(`${program} through the ${platform} pack: the same findings, levels and verdict`, () => {
                const b = both(program, platform);
                assert.ok(b.ksl.code === 0 || b.ksl.code === 1, `ksl preview failed: ${b.ksl.stderr}`);
                assertSameFindings(b, `${program}/${platform}`);
                // The CLI fails a preview with a mandatory violation; ksl exits 1 then.
                const blocked = b.real.findings.some((f) => f.level === "mandatory");
                assert.equal(b.ksl.code, blocked ? 1 : 0);
                assert.equal(b.real.code !== 0, blocked, `pulumi preview exit ${b.real.code}: ${b.real.errors.join(" | ")}`);
            });
        }
    }

    it("the hardened stack's objects pass, the insecure ones are blocked by exactly the mandatory policies ksl names", () => {
        for (const platform of ["onprem", "aks"] as const) {
            const hardened = both("hardened", platform);
            assert.equal(hardened.real.code, 0, hardened.real.errors.join(" | "));
            assert.deepEqual(hardened.real.findings.filter((f) => f.level === "mandatory"), []);
            const insecure = both("insecure", platform);
            assert.notEqual(insecure.real.code, 0);
            const mandatory = (fs: Array<{ policy: string; level: string }>) => [...new Set(fs.filter((f) => f.level === "mandatory").map((f) => f.policy))].sort();
            assert.deepEqual(mandatory(insecure.ksl.findings), mandatory(insecure.real.findings));
            assert.ok(mandatory(insecure.real.findings).length >= 10, mandatory(insecure.real.findings).join(", "));
        }
    });

    it("the provider's Check places objects as ksl does: the Provider's namespace, the kubeconfig context's default", () => {
        const b = both("provider-namespace", "onprem");
        const ns = (urnEnd: string) => (b.real.inputs.get([...b.real.inputs.keys()].find((u) => u.endsWith(urnEnd))!)?.metadata as { namespace?: string })?.namespace;
        assert.equal(ns("Deployment::web"), "apps");
        assert.equal(ns("Deployment::on-default"), "default");
        const kslNs = (urnEnd: string) => b.ksl.report.violations.find((v: any) => v.resource.urn.endsWith(urnEnd))?.resource.namespace;
        assert.equal(kslNs("Deployment::web"), "apps");
        assert.equal(kslNs("Deployment::on-default"), "default");
    });

    it("--policy-pack-config: the README's example config and an exemption are applied alike", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const example = JSON.parse(/A config file is keyed by policy name[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]);
        const withExample = both("insecure", "aks", example);
        assertSameFindings(withExample, "insecure/README example config");
        assert.ok(withExample.real.findings.some((f) => f.policy === "pss-privileged" && f.level === "mandatory"));
        assert.ok(withExample.real.findings.filter((f) => f.policy !== "pss-privileged").some((f) => f.level === "advisory"));

        const exempt = both("insecure", "onprem", {
            "restrict-image-registries": { exemptions: [{ kind: "Deployment", name: "*", justification: "images mirrored by the platform team", expires: "2027-06-30" }] },
        });
        assertSameFindings(exempt, "insecure/exemption");
        const registries = exempt.real.findings.filter((f) => f.policy === "restrict-image-registries" && f.urn.includes(":Deployment::"));
        assert.ok(registries.length > 0 && registries.every((f) => f.level === "advisory" && /\[waived until 2027-06-30/.test(f.message)));
    });

    it("--policy-pack-config: a misspelt option fails the run in both, naming it", () => {
        const b = both("insecure", "onprem", { "restrict-image-registries": { allowedRegistry: ["registry.corp.example"] } });
        assert.notEqual(b.real.code, 0);
        assert.match(b.real.errors.join("\n"), /allowedRegistry/);
        assert.equal(b.ksl.code, 2);
        assert.match(b.ksl.stderr, /unknown option 'allowedRegistry' \(did you mean 'allowedRegistries'\?\)/);
    });

    it("--policy-pack-config: a namespace context from the platform's manifests is accepted by the CLI and decides as in ksl", async () => {
        const platform = path.join(runDir(), "platform-manifests.yaml");
        fs.copyFileSync(path.join(ROOT, "examples", "manifests", "hardened", "tenant.yaml"), platform);
        const { config } = await contextConfig("onprem", [platform]);
        const without = both("app-in-platform-namespace", "onprem");
        const withCtx = both("app-in-platform-namespace", "onprem", config);
        assertSameFindings(withCtx, "app-in-platform-namespace/context");
        const policies = (b: Both) => new Set(b.real.findings.map((f) => f.policy));
        for (const p of ["require-namespace-default-deny", "require-resource-quota", "require-limit-range"]) {
            assert.ok(policies(without).has(p), `${p} without context`);
            assert.ok(!policies(withCtx).has(p), `${p} with context`);
        }
    });

    it("a policy at remediate level changes the inputs the preview shows as ksl says", () => {
        const b = both("provider-namespace", "onprem", { "pss-seccomp-restricted": "remediate" });
        const remediated = b.ksl.report.remediations.filter((r: any) => r.policy === "pss-seccomp-restricted");
        assert.ok(remediated.length > 0, JSON.stringify(b.ksl.report.remediations));
        for (const r of remediated) {
            const shown = b.real.inputs.get(r.urn) as any;
            assert.deepEqual(shown?.spec?.template?.spec?.securityContext?.seccompProfile, { type: "RuntimeDefault" }, r.urn);
        }
        assertSameFindings(b, "provider-namespace/remediate");
        assert.ok(!b.real.findings.some((f) => f.policy === "pss-seccomp-restricted"));
    });
});
