// Precision on manifests in the shape of well-hardened upstream projects (an ingress controller
// with admission jobs, a monitoring stack with Roles in kube-system and default and a metrics
// adapter, a GitOps controller shipped without namespaces): every remaining mandatory finding is a
// real weakness, and this test says which. A new false positive, or a lost true one, fails it.
import { strict as assert } from "assert";
import * as path from "path";
import type { JsonReport } from "../../engine/report/json";
import { ROOT, runCli } from "../engine/helpers";

const UPSTREAM = path.join(ROOT, "test", "fixtures", "upstream");

async function mandatoryFindings(args: string[]): Promise<{ findings: string[]; report: JsonReport }> {
    const r = await runCli(["scan", ...args, "--pack", "aks", "--format", "json"]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const findings = report.violations
        .filter((v) => v.enforcementLevel === "mandatory" && !v.waived)
        .map((v) => `${v.policy} ${v.resource.type.split(":")[2]} ${v.resource.namespace ? `${v.resource.namespace}/` : ""}${v.resource.name}`)
        .sort();
    return { findings, report };
}

describe("precision on upstream-shaped manifests", function () {
    this.timeout(120_000);

    it("ingress controller: RBAC in its namespace, admission jobs, tokens it needs - only real weaknesses block", async () => {
        const { findings } = await mandatoryFindings([path.join(UPSTREAM, "ingress-controller.yaml")]);
        assert.deepEqual(findings, [
            // No namespace default-deny: every pod of the namespace accepts and sends anything.
            "require-namespace-default-deny Namespace ingress-nginx",
            // No Pod Security labels: the API server admits privileged pods into the namespace.
            "require-pod-security-labels Namespace ingress-nginx",
            // The admission ClusterRole may rewrite validating webhooks: it can switch admission off.
            "restrict-cluster-control-permissions ClusterRole ingress-nginx-admission",
            // The controller lists and watches every Secret of the cluster (the exposure CVE-2025-1974 used).
            "restrict-secrets-access ClusterRole ingress-nginx",
            "restrict-secrets-access Role ingress-nginx/ingress-nginx",
            // The certgen job may read any Secret of the namespace (no resourceNames).
            "restrict-secrets-access Role ingress-nginx/ingress-nginx-admission",
            // A public LoadBalancer: intended for an ingress controller, still an exposure to decide on (exempt it).
            "restrict-service-exposure Service ingress-nginx/ingress-nginx-controller",
        ]);
    });

    it("monitoring stack: Roles in kube-system and default and the metrics adapter's bindings pass; the exposed dashboard and node-exporter's host access do not", async () => {
        const { findings, report } = await mandatoryFindings([path.join(UPSTREAM, "monitoring.yaml")]);
        assert.deepEqual(findings, [
            // /: mounting the host's root exposes the container runtime socket.
            "disallow-container-runtime-socket DaemonSet monitoring/node-exporter",
            // SYS_TIME lets the container set the node's clock.
            "disallow-dangerous-capabilities DaemonSet monitoring/node-exporter",
            // Grafana open to anonymous users as Admin.
            "disallow-exposed-dashboards Deployment monitoring/grafana",
            // / and /sys of the node, read-only but sensitive.
            "disallow-sensitive-host-mounts DaemonSet monitoring/node-exporter",
            "disallow-sensitive-host-mounts DaemonSet monitoring/node-exporter",
            // The same host access, as Pod Security Admission judges it (baseline controls violated).
            "pss-capabilities-restricted DaemonSet monitoring/node-exporter",
            "pss-host-namespaces DaemonSet monitoring/node-exporter",
            "pss-restricted-volumes DaemonSet monitoring/node-exporter",
            "require-namespace-default-deny Namespace monitoring",
            "require-pod-security-labels Namespace monitoring",
        ]);
        // grafana/grafana comes from Docker Hub: with no allowedRegistries configured that is
        // advice to set the list, not a block.
        assert.ok(report.violations.some((v) => v.policy === "restrict-image-registries" && v.enforcementLevel === "advisory" && v.resource.name === "grafana"));
        // Not among them: the Roles and RoleBindings in kube-system and default, the adapter's token
        // (its account is bound), kube-system/extension-apiserver-authentication-reader.
        assert.ok(!report.violations.some((v) => v.policy === "restrict-workload-namespaces"));
        assert.ok(!report.violations.some((v) => v.policy === "disallow-unresolved-role-references"));
        assert.ok(!report.violations.some((v) => v.policy === "disallow-automount-service-account-token" && /prometheus-adapter/.test(v.resource.name)));
    });

    it("GitOps controller shipped without namespaces, scanned with --namespace argocd: one cluster-admin role, one root cause", async () => {
        const { findings, report } = await mandatoryFindings([path.join(UPSTREAM, "gitops"), "--namespace", "argocd"]);
        assert.deepEqual(findings, [
            // The application controller's ClusterRole is "*" on "*": cluster-admin by another name.
            // Every rule policy reports it, as one root cause.
            "disallow-cluster-admin-bindings ClusterRoleBinding argocd-application-controller",
            "disallow-nodes-proxy ClusterRole argocd-application-controller",
            "disallow-privilege-escalation-verbs ClusterRole argocd-application-controller",
            "disallow-rbac-wildcards ClusterRole argocd-application-controller",
            "require-namespace-default-deny StatefulSet argocd/argocd-application-controller",
            "restrict-cluster-control-permissions ClusterRole argocd-application-controller",
            "restrict-pod-exec ClusterRole argocd-application-controller",
            "restrict-secrets-access ClusterRole argocd-application-controller",
            // It reads every Secret of its namespace (cluster credentials live there).
            "restrict-secrets-access Role argocd/argocd-application-controller",
        ]);
        assert.equal(report.summary.causes.mandatory, 3, JSON.stringify(report.causes));
        const role = report.causes.find((c) => c.cause === "the rules of ClusterRole argocd-application-controller")!;
        assert.equal(role.policies.length, 8);
        // Argo CD ships an Ingress-only NetworkPolicy for its controller: egress stays open (advisory, medium).
        const isolation = report.violations.filter((v) => v.policy === "require-workload-network-policy" && v.resource.name === "argocd-application-controller");
        assert.equal(isolation.length, 1);
        assert.match(isolation[0].message, /selected only by Ingress NetworkPolicies \("argocd-application-controller-network-policy"\).*its egress is not isolated/);
        // Namespaced objects went to argocd; nothing is "in the default namespace".
        assert.ok(!report.violations.some((v) => v.policy === "restrict-workload-namespaces"));
        assert.ok(report.violations.filter((v) => v.resource.type.endsWith(":ServiceAccount")).every((v) => v.resource.namespace === "argocd"));
    });

    it("removed API versions in an old chart are checked as their current versions and reported themselves", async () => {
        const { findings } = await mandatoryFindings([path.join(UPSTREAM, "legacy")]);
        for (const f of [
            "disallow-removed-api-versions Deployment legacy/web",
            "pss-privileged Deployment legacy/web",
            "pss-host-namespaces DaemonSet legacy/agent",
            "pss-restricted-volumes CronJob legacy/cleanup",
            "require-ingress-tls Ingress legacy/web",
            "disallow-rbac-wildcards ClusterRole legacy-operator",
        ]) {
            assert.ok(findings.includes(f), `${f} missing from ${findings.join("\n")}`);
        }
    });
});
