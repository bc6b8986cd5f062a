// Precision II on charts in the shape of the most deployed upstream ones (a runtime-security agent,
// a monitoring stack, a secrets store with its injector, a policy engine), rendered by the real
// helm the tests use: every pattern that used to block them falsely has its false case passing
// and its true twin (test/fixtures/charts/twin-values.yaml) still reported. The last part holds
// the two-stack case: a platform stack of HardenedNamespaces and an application chart deployed into
// one of them, passing with the platform's namespace context and blocked without it.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { JsonReport } from "../../engine/report/json";
import { ROOT, runCli } from "../engine/helpers";
import { renderEnv } from "../helpers/render-tools";
import { drain, installMocks, recorded } from "../helpers/mocks";

const CHARTS = path.join(ROOT, "test", "fixtures", "charts");
const ALL = ["runtime-security", "monitoring", "vault", "policy-engine"].map((c) => path.join(CHARTS, c));

interface Finding {
    policy: string;
    level: string;
    object: string;
    message: string;
}

async function scan(args: string[]): Promise<{ findings: Finding[]; report: JsonReport[] }> {
    const r = await runCli(["scan", ...args, "--format", "json"], { env: renderEnv() });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const parsed = JSON.parse(r.stdout) as JsonReport | JsonReport[];
    const report = Array.isArray(parsed) ? parsed : [parsed];
    const findings = report.flatMap((rep) =>
        rep.violations
            .filter((v) => !v.waived)
            .map((v) => ({
                policy: v.policy,
                level: v.enforcementLevel,
                object: `${v.resource.type.split(":")[2]} ${v.resource.namespace ? `${v.resource.namespace}/` : ""}${v.resource.name.split("/").pop()}`,
                message: v.message.split("\n").pop()!,
            })),
    );
    return { findings, report };
}

const of = (fs: Finding[], policy: string, level?: string) => fs.filter((f) => f.policy === policy && (!level || f.level === level));

describe("precision II: upstream-shaped charts rendered with helm", function () {
    this.timeout(180_000);
    let defaults: Finding[];
    let twins: Finding[];
    before(async () => {
        const common = ["--namespace", "platform", "--release-name", "rel", "--pack", "aks"];
        [defaults, twins] = await Promise.all([
            scan([...ALL, ...common]).then((r) => r.findings),
            scan([...ALL, ...common, "--helm-values", path.join(CHARTS, "twin-values.yaml")]).then((r) => r.findings),
        ]);
    });

    it("socket mounts are judged as sockets: no read-only finding on the runtime sockets, the runtime-socket finding stays; a writable /etc is reported", () => {
        assert.deepEqual(of(defaults, "require-read-only-host-path"), []);
        assert.equal(of(defaults, "disallow-container-runtime-socket", "mandatory").length, 2);
        assert.deepEqual(of(twins, "require-read-only-host-path").map((f) => f.message), [`container "falco" (spec.template.spec.containers[0]) mounts hostPath volume "etc-fs" (/etc) writable: volumeMounts[3].readOnly must be true.`]);
    });

    it("Services with a selector may live in kube-system with the pods they select; a workload placed there is reported", () => {
        assert.deepEqual(of(defaults, "restrict-workload-namespaces"), []);
        assert.deepEqual(of(twins, "restrict-workload-namespaces").map((f) => f.object).sort(), ["Deployment kube-system/rel-kube-state-metrics", "ServiceAccount kube-system/rel-kube-state-metrics"]);
    });

    it("resourceNames scope Secret reads (list/watch too) and webhook configuration writes; unscoped ones are reported", () => {
        assert.deepEqual(of(defaults, "restrict-secrets-access"), []);
        assert.deepEqual(of(defaults, "restrict-cluster-control-permissions").map((f) => f.object), ["ClusterRole kyverno:admission-controller", "ClusterRole rel-operator"]);
        assert.match(of(twins, "restrict-secrets-access").find((f) => f.object === "Role platform/rel-agent-injector-certs")!.message, /grants get,list,watch on secrets/);
        assert.ok(of(twins, "restrict-cluster-control-permissions").some((f) => f.object === "ClusterRole rel-agent-injector-clusterrole"));
    });

    it("an aggregated ClusterRole is reported once, on the aggregate its controller is bound to, naming the member's rules", () => {
        const kyverno = of(defaults, "restrict-cluster-control-permissions").filter((f) => f.object.startsWith("ClusterRole kyverno"));
        assert.equal(kyverno.length, 1);
        assert.match(kyverno[0].message, /aggregated ClusterRole "kyverno:admission-controller:core" rules\[0\] grants create,update,patch,delete on admissionregistration\.k8s\.io/);
    });

    it("a ServiceAccount's mountable-Secrets list is no token; a service-account-token Secret is", () => {
        assert.deepEqual(of(defaults, "disallow-legacy-service-account-token-secrets"), []);
        assert.deepEqual(of(twins, "disallow-legacy-service-account-token-secrets").map((f) => f.object), ["Secret platform/rel-token"]);
    });

    it("controllers bound cluster-wide to roles of their own get no scope advice; built-in edit bound cluster-wide does", () => {
        assert.deepEqual(of(defaults, "restrict-cluster-role-binding-scope"), []);
        assert.deepEqual(of(twins, "restrict-cluster-role-binding-scope").map((f) => f.object), ["ClusterRoleBinding rel-operator-edit"]);
    });

    it("unconfigured registries are advice for every image (Docker Hub's falco included), never a block", () => {
        const registries = of(defaults, "restrict-image-registries");
        assert.ok(registries.length >= 5);
        assert.ok(registries.every((f) => f.level === "advisory"));
        assert.ok(registries.some((f) => /Docker Hub \(docker\.io\/falcosecurity\/falco\)/.test(f.message)));
    });

    it("ksl config --allowed-registries-from writes the registries the charts pull from; configured, the list blocks any other", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-registries-"));
        try {
            const config = path.join(dir, "registries.json");
            const r = await runCli(["config", "--platform", "aks", "--allowed-registries-from", ...ALL, "--output", config], { env: renderEnv() });
            assert.equal(r.code, 0, r.stderr);
            const allowed = JSON.parse(fs.readFileSync(config, "utf8"))["restrict-image-registries"].allowedRegistries;
            // Docker Hub by account (trusting all of it would trust every public account), other registries by host.
            assert.deepEqual(allowed, ["docker.io/falcosecurity", "docker.io/hashicorp", "ghcr.io", "quay.io", "registry.k8s.io"]);
            const trusted = await scan([...ALL, "--namespace", "platform", "--release-name", "rel", "--pack", "aks", "--config", config]);
            assert.deepEqual(of(trusted.findings, "restrict-image-registries"), []);
            fs.writeFileSync(config, JSON.stringify({ "restrict-image-registries": { allowedRegistries: ["ghcr.io", "quay.io", "registry.k8s.io", "docker.io/hashicorp"] } }));
            const narrowed = await scan([...ALL, "--namespace", "platform", "--release-name", "rel", "--pack", "aks", "--config", config]);
            assert.deepEqual(of(narrowed.findings, "restrict-image-registries").map((f) => `${f.level} ${f.object}`), ["mandatory DaemonSet platform/rel"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a dev-mode secrets store and its root token are reported; the configured server is not", () => {
        assert.deepEqual(of(defaults, "disallow-dev-mode-secret-stores"), []);
        assert.deepEqual(of(defaults, "disallow-literal-credentials-in-env"), []);
        assert.match(of(twins, "disallow-dev-mode-secret-stores")[0].message, /runs the server with -dev and sets a dev root token \(VAULT_DEV_ROOT_TOKEN_ID\)/);
        assert.match(of(twins, "disallow-literal-credentials-in-env")[0].message, /VAULT_DEV_ROOT_TOKEN_ID/);
        for (const f of twins) assert.ok(!/"root"|=root\b/.test(f.message), f.message);
    });

    it("a chart whose NetworkPolicies isolate every pod it creates passes default-deny; without them it is reported", async () => {
        const { findings } = await scan([path.join(CHARTS, "monitoring"), "--namespace", "monitoring", "--release-name", "kps", "--pack", "aks"]);
        assert.deepEqual(of(findings, "require-namespace-default-deny"), []);
        assert.ok(of(twins, "require-namespace-default-deny", "mandatory").length > 0);
    });

    it("a webhook server without a binding in the stack: advisory token finding; Azure's internal annotation passes on AKS only", async () => {
        const values = path.join(os.tmpdir(), `ksl-vault-values-${process.pid}.yaml`);
        fs.writeFileSync(values, `injector:\n  rbac:\n    create: false\nserver:\n  service:\n    type: LoadBalancer\n    annotations:\n      service.beta.kubernetes.io/azure-load-balancer-internal: "true"\n`);
        try {
            const { findings, report } = await scan([path.join(CHARTS, "vault"), "--helm-values", values, "--namespace", "vault", "--release-name", "vault", "--pack", "aks", "--pack", "onprem"]);
            const automount = of(findings, "disallow-automount-service-account-token");
            assert.deepEqual(automount.map((f) => `${f.level} ${f.object}`), ["advisory Deployment vault/vault-agent-injector", "advisory Deployment vault/vault-agent-injector"]);
            assert.match(automount[0].message, /serves an admission webhook \(MutatingWebhookConfiguration vault-agent-injector-cfg calls it through Service vault\/vault-agent-injector-svc\)/);
            const exposure = report.map((r) => r.violations.filter((v) => v.policy === "restrict-service-exposure").length);
            assert.deepEqual(exposure, [0, 1], "AKS: internal; on-prem: the annotation does nothing");
        } finally {
            fs.rmSync(values, { force: true });
        }
    });
});

describe("precision II: namespace context across stacks", function () {
    this.timeout(180_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-two-stack-"));
    const exportFile = path.join(dir, "platform-stack.json");
    const configFile = path.join(dir, "app-policy-config.json");
    const app = [path.join(ROOT, "test", "fixtures", "content", "helm-create-chart"), "--helm-values", path.join(ROOT, "test", "fixtures", "two-stack", "app-values.yaml"), "--namespace", "team-a", "--release-name", "web", "--pack", "aks"];
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    before(async () => {
        // The platform stack: HardenedNamespaces, exported as `pulumi stack export` writes a deployment.
        installMocks("platform", "prod");
        const { HardenedNamespace } = await import("../../components/hardened-namespace");
        new HardenedNamespace("team-a", { adminGroups: ["00000000-0000-0000-0000-0000000000a1"] });
        new HardenedNamespace("team-b", {});
        await drain();
        const resources = recorded
            .filter((r) => r.type.startsWith("kubernetes:"))
            .map((r) => ({ urn: `urn:pulumi:prod::platform::ksl:index:HardenedNamespace$${r.type}::${r.name}`, custom: true, id: `${r.name}-id`, type: r.type, inputs: r.inputs, outputs: r.inputs, parent: "urn:pulumi:prod::platform::ksl:index:HardenedNamespace::team-a" }));
        fs.writeFileSync(exportFile, JSON.stringify({ version: 3, deployment: { manifest: { time: "2026-12-07T00:00:00Z", magic: "", version: "v3.248.0" }, secrets_providers: { type: "passphrase" }, resources } }, null, 2));
    });

    it("ksl config --context-from writes the platform's namespaces into every policy that reads them", async () => {
        const r = await runCli(["config", "--platform", "aks", "--context-from", exportFile, "--output", configFile]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /namespace context for \d+ policies \(team-a: Pod Security enforce=restricted, LimitRange tenant-limits, ResourceQuota tenant-quota, NetworkPolicy default-deny, NetworkPolicy allow-dns-egress; team-b: /);
        const config = JSON.parse(fs.readFileSync(configFile, "utf8"));
        for (const p of ["require-namespace-default-deny", "require-workload-network-policy", "require-resource-quota", "require-limit-range", "pss-run-as-non-root"]) assert.ok(config[p]?.namespaceContext, p);
        const kinds = config["require-namespace-default-deny"].namespaceContext.objects.map((o: { kind: string }) => o.kind);
        assert.deepEqual([...new Set(kinds)].sort(), ["LimitRange", "Namespace", "NetworkPolicy", "ResourceQuota"]);
        assert.equal((await runCli(["config", "validate", configFile, "--platform", "aks"])).code, 0);
    });

    it("the app stack is blocked without the context and passes with it; the report says which facts came from context", async () => {
        const without = await runCli(["scan", ...app, "--format", "json"], { env: renderEnv() });
        assert.equal(without.code, 1, without.stderr);
        assert.deepEqual((JSON.parse(without.stdout) as JsonReport).violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy), ["require-namespace-default-deny"]);
        const withCtx = await runCli(["scan", ...app, "--config", configFile, "--format", "json"], { env: renderEnv() });
        assert.equal(withCtx.code, 0, withCtx.stderr);
        const report = JSON.parse(withCtx.stdout) as JsonReport;
        const policies = report.violations.map((v) => v.policy);
        for (const p of ["require-namespace-default-deny", "require-workload-network-policy", "require-resource-quota", "require-limit-range"]) assert.ok(!policies.includes(p), p);
        const notice = report.notices.find((n) => n.kind === "context");
        assert.ok(notice, JSON.stringify(report.notices));
        assert.match(notice!.message, /namespaces of another stack, used by \d+ policies as if they were in this stack: team-a: Pod Security enforce=restricted/);
        assert.match(notice!.subject, /stack export .*platform-stack\.json/);
    });

    it("context for another namespace decides nothing: a chart deployed into team-c is still blocked", async () => {
        const other = app.map((a) => (a === "team-a" ? "team-c" : a));
        const r = await runCli(["scan", ...other, "--config", configFile, "--format", "json"], { env: renderEnv() });
        assert.equal(r.code, 1, r.stderr);
    });
});
