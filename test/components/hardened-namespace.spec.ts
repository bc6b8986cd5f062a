import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { kubernetesPoliciesFor } from "../../policypacks/packs";
import { namespacePolicies } from "../../policypacks/policies/kubernetes/namespace";
import { networkPoliciesFor } from "../../policypacks/policies/kubernetes/network";
import { PLATFORMS } from "../../policypacks/catalog/platforms";
import { rbacPolicies } from "../../policypacks/policies/kubernetes/rbac";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { Recorded, byName, byType, drain, installMocks, recorded, valueOf } from "../helpers/mocks";
import { StackResourceInput, Violation, runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";

function asStack(rs: Recorded[]): StackResourceInput[] {
    return rs.filter((r) => r.type.startsWith("kubernetes:")).map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
}

/** Every policy (resource and stack) over a stack; violations that are not waived. */
function runAll(policies: readonly KslPolicy[], stack: StackResourceInput[], configs: Record<string, Record<string, unknown>> = {}): Violation[] {
    const out: Violation[] = [];
    for (const p of policies) {
        if ((p as any).validateStack) out.push(...runStackPolicy(p, stack, configs[p.name]));
        else for (const r of stack) out.push(...runResourcePolicy(p, { type: r.type, props: r.props, name: r.name, config: configs[p.name] }));
    }
    return out;
}

const mine = [...namespacePolicies, ...rbacPolicies, ...PLATFORMS.flatMap((p) => networkPoliciesFor(p))];

describe("HardenedNamespace", function () {
    let mod: typeof import("../../components/hardened-namespace");
    before(async () => {
        installMocks();
        mod = await import("../../components/hardened-namespace");
    });
    beforeEach(() => {
        recorded.length = 0;
    });

    it("creates a PSA-labelled Namespace, default-deny + DNS policies, quota, limits, roles, group bindings and the default SA", async () => {
        const ns = new mod.HardenedNamespace("team-x", { adminGroups: ["00000000-0000-0000-0000-0000000000a1"], viewGroups: ["readers"] });
        assert.equal(await valueOf(ns.namespaceName), "team-x");
        await drain();
        const nsIn = byName("team-x-namespace")!.inputs;
        assert.equal(nsIn.metadata.name, "team-x");
        assert.equal(nsIn.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.equal(nsIn.metadata.labels["pod-security.kubernetes.io/enforce-version"], mod.DEFAULT_PSA_VERSION);
        assert.equal(nsIn.metadata.labels["pod-security.kubernetes.io/audit"], "restricted");
        assert.equal(nsIn.metadata.labels["pod-security.kubernetes.io/warn"], "restricted");

        const deny = byName("team-x-default-deny")!.inputs;
        assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        assert.equal(deny.metadata.namespace, "team-x");
        const dns = byName("team-x-allow-dns")!.inputs.spec;
        assert.deepEqual(dns.egress[0].to[0].podSelector, { matchLabels: { "k8s-app": "kube-dns" } });
        assert.deepEqual(dns.egress[0].ports, [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }]);
        assert.equal(byName("team-x-allow-same-namespace"), undefined, "same-namespace traffic is opt-in");

        const hard = byName("team-x-quota")!.inputs.spec.hard;
        assert.equal(hard["services.loadbalancers"], "0");
        assert.equal(hard["services.nodeports"], "0");
        for (const k of ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "pods", "services", "secrets", "configmaps", "persistentvolumeclaims"]) assert.ok(hard[k], k);
        const lr = byName("team-x-limits")!.inputs.spec.limits[0];
        assert.equal(lr.type, "Container");
        assert.ok(lr.default.cpu && lr.defaultRequest.memory);

        const roles = byType(T.Role);
        assert.deepEqual(roles.map((r) => r.inputs.metadata.name).sort(), ["tenant-admin", "tenant-edit", "tenant-view"]);
        for (const r of roles) {
            for (const rule of r.inputs.rules) {
                assert.ok(!rule.verbs.some((v: string) => ["escalate", "bind", "impersonate", "*"].includes(v)), r.name);
                assert.ok(!rule.resources.includes("*"));
                if (rule.resources.includes("secrets")) assert.ok(!rule.verbs.some((v: string) => ["get", "list", "watch", "patch"].includes(v)));
                assert.ok(!rule.resources.includes("pods/exec"), "exec is opt-in");
            }
        }
        const bindings = byType(T.RoleBinding);
        assert.deepEqual(bindings.map((b) => b.name).sort(), ["team-x-admin-binding", "team-x-view-binding"], "no binding for a role without groups");
        const admin = byName("team-x-admin-binding")!.inputs;
        assert.deepEqual(admin.subjects, [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "00000000-0000-0000-0000-0000000000a1" }]);
        assert.deepEqual(admin.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant-admin" });

        const sa = byName("team-x-default-sa")!.inputs;
        assert.equal(sa.metadata.name, "default");
        assert.equal(sa.automountServiceAccountToken, false);
    });

    it("adds same-namespace, ingress-controller and peer allowances when asked, with custom quota", async () => {
        new mod.HardenedNamespace("team-y", {
            allowSameNamespace: true,
            ingressControllerNamespace: "ingress-nginx",
            allowIngressFromNamespaces: ["monitoring"],
            allowEgressToNamespaces: ["shared-db"],
            quota: { pods: "5", loadBalancers: "1" },
            podSecurityVersion: "v1.31",
        });
        await drain();
        assert.deepEqual(byName("team-y-allow-ingress-controller")!.inputs.spec.ingress[0].from[0].namespaceSelector, { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } });
        assert.deepEqual(byName("team-y-allow-peer-ingress")!.inputs.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values, ["monitoring"]);
        assert.deepEqual(byName("team-y-allow-peer-egress")!.inputs.spec.egress[0].to[0].namespaceSelector.matchExpressions[0].values, ["shared-db"]);
        assert.ok(byName("team-y-allow-same-namespace"));
        assert.equal(byName("team-y-quota")!.inputs.spec.hard.pods, "5");
        assert.equal(byName("team-y-quota")!.inputs.spec.hard["services.loadbalancers"], "1");
        assert.equal(byName("team-y-namespace")!.inputs.metadata.labels["pod-security.kubernetes.io/enforce-version"], "v1.31");
    });

    it("records opt-outs as waiver annotations, which the packs report as waived", async () => {
        process.env.KSL_TODAY = "2030-01-01";
        try {
            new mod.HardenedNamespace("legacy", {
                podSecurityLevel: "baseline",
                allowPodExec: true,
                adminGroups: ["ops"],
                waivers: [
                    { policy: "require-pod-security-labels", justification: "vendor image runs as root until v5", expires: "2030-03-31" },
                    { policy: "restrict-pod-exec", justification: "on-call debugging during migration", expires: "2030-02-28" },
                ],
            });
            await drain();
            const nsIn = byName("legacy-namespace")!.inputs;
            assert.equal(nsIn.metadata.labels["pod-security.kubernetes.io/enforce"], "baseline");
            assert.equal(nsIn.metadata.labels["pod-security.kubernetes.io/warn"], "restricted");
            assert.equal(nsIn.metadata.annotations["waivers.ksl.dev/require-pod-security-labels"], "expires=2030-03-31; justification=vendor image runs as root until v5");
            const admin = byName("legacy-admin")!.inputs;
            assert.match(admin.metadata.annotations["waivers.ksl.dev/restrict-pod-exec"], /expires=2030-02-28/);
            assert.ok(admin.rules.some((r: any) => r.resources.includes("pods/exec")));

            const stack = asStack(recorded);
            const psa = runAll(namespacePolicies.filter((p) => p.name === "require-pod-security-labels"), stack);
            assert.equal(psa.length, 1);
            assert.equal(psa[0].waived, true);
            const exec = runAll(rbacPolicies.filter((p) => p.name === "restrict-pod-exec"), stack);
            assert.equal(exec.length, 1, "the binding inherits the role's waiver");
            assert.equal(exec[0].waived, true);
        } finally {
            delete process.env.KSL_TODAY;
        }
    });

    it("throws ResourceError for bad args and for opt-outs without a waiver", () => {
        const pulumi = require("@pulumi/pulumi");
        const bad: Array<[any, RegExp]> = [
            [{ podSecurityLevel: "strict" }, /podSecurityLevel "strict"/],
            [{ podSecurityVersion: "latest" }, /pinned/],
            [{ quota: { pods: "0" } }, /quota.pods/],
            [{ quota: { requestsCpu: "lots" } }, /quota.requestsCpu/],
            [{ namespaceName: "Team_A" }, /DNS label/],
            [{ podSecurityLevel: "privileged" }, /waivers: \[\{ policy: "require-pod-security-labels"/],
            [{ allowPodExec: true }, /restrict-pod-exec/],
            [{ adminGroups: ["system:masters"] }, /system: group/],
            [{ podSecurityLevel: "baseline", waivers: [{ policy: "require-pod-security-labels", justification: "short", expires: "2030-01-01" }] }, /justification/],
            // The packs' own rule (waiver-valid): at most 366 days ahead.
            [{ podSecurityLevel: "baseline", waivers: [{ policy: "require-pod-security-labels", justification: "vendor image runs as root", expires: new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10) }] }, /more than 366 days ahead/],
        ];
        bad.forEach(([args, re], i) => {
            assert.throws(
                () => new mod.HardenedNamespace(`bad-${i}`, args),
                (e: any) => e instanceof pulumi.ResourceError && re.test(e.message),
                JSON.stringify(args),
            );
        });
    });

    describe("tenant sample against the packs", () => {
        let tenantStack: StackResourceInput[];
        before(async () => {
            recorded.length = 0;
            const { createTenants } = await import("../../stacks/shared/tenant");
            createTenants();
            await drain();
            tenantStack = asStack(recorded);
        });

        it("HardenedNamespaces + the sample workload: zero violations from every namespace, RBAC and network policy", () => {
            assert.ok(tenantStack.some((r) => r.type === T.Deployment));
            assert.deepEqual(runAll(mine, tenantStack).map((v) => `${v.policy}: ${v.message.split("\n").pop()}`), []);
        });

        it("the sample workload passes every Kubernetes policy of both packs", () => {
            // The platform team names the registry it trusts (the sample pulls from Microsoft's).
            const trusted = { "restrict-image-registries": { allowedRegistries: ["mcr.microsoft.com"] } };
            const vs = runAll(PLATFORMS.flatMap((p) => kubernetesPoliciesFor(p)), tenantStack, trusted).filter((v) => !v.waived);
            assert.deepEqual(vs.map((v) => `${v.policy}: ${v.message.split("\n").pop()}`), []);
        });

        it("the same workload with plain Namespaces and an edit binding: the namespace, network and RBAC violations", () => {
            const app = tenantStack.filter((r) => !r.name.startsWith("team-a-") || r.name.startsWith("team-a-web"));
            const plain: StackResourceInput[] = [
                ...app.filter((r) => !r.name.startsWith("team-b-")),
                { type: T.Namespace, name: "team-a-plain", props: { metadata: { name: "team-a" } } },
                { type: T.RoleBinding, name: "devs-edit", props: { metadata: { name: "devs", namespace: "team-a" }, roleRef: { kind: "ClusterRole", name: "edit" }, subjects: [{ kind: "Group", name: "devs" }] } },
            ];
            const got = new Set(runAll(mine, plain).filter((v) => !v.waived).map((v) => v.policy));
            for (const p of [
                "require-pod-security-labels",
                "require-namespace-default-deny",
                "require-resource-quota",
                "require-limit-range",
                "restrict-secrets-access",
                "restrict-pod-exec",
                "disallow-privilege-escalation-verbs",
                "restrict-workload-creation",
            ]) {
                assert.ok(got.has(p), `expected ${p}, got ${[...got].join(", ")}`);
            }
            // The app's own NetworkPolicy isolates its ingress only: without the namespace's default-deny its egress is open.
            const isolation = runAll(mine, plain).filter((v) => v.policy === "require-workload-network-policy" && !v.waived);
            assert.ok(isolation.length > 0 && isolation.every((v) => /its egress is not isolated/.test(v.message)), JSON.stringify(isolation));
        });
    });
});
