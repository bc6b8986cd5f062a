// RBAC as the cluster has it: bindings to Kubernetes' built-in ClusterRoles are judged by what the
// API server's bootstrap policy grants them (policypacks/lib/bootstrap-roles.json, from Kubernetes'
// own golden files), aggregation selectors resolve against the built-in roles' labels, and write
// access to Namespaces (their Pod Security labels) is an escalation. Fixtures are bindings as charts
// and operators ship them (test/fixtures/rbac/bootstrap-bindings.yaml).
import { strict as assert } from "assert";
import * as path from "path";
import { builtinRules } from "../../policypacks/lib/rbac-rules";
import { ROOT, runCli } from "../engine/helpers";

interface Finding {
    policy: string;
    enforcementLevel: string;
    message: string;
    resource: { name: string };
}

describe("RBAC with the real bootstrap roles", function () {
    this.timeout(60_000);
    let findings: Finding[];
    before(async () => {
        const r = await runCli(["scan", path.join(ROOT, "test", "fixtures", "rbac", "bootstrap-bindings.yaml"), "--pack", "onprem", "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        findings = JSON.parse(r.stdout).violations;
    });
    const on = (name: string, policy: string) => findings.filter((f) => f.resource.name === name && f.policy === policy && f.enforcementLevel === "mandatory");

    it("every default ClusterRole of the supported versions is known, aggregated ones with their members' rules", () => {
        for (const n of ["cluster-admin", "admin", "edit", "view", "system:kube-controller-manager", "system:kube-scheduler", "system:node", "system:controller:clusterrole-aggregation-controller", "system:controller:namespace-controller", "system:auth-delegator"]) {
            assert.ok(builtinRules(n)?.length, n);
        }
        assert.ok(builtinRules("admin")!.some((r) => r.origin.includes('(aggregating "system:aggregate-to-edit")') && r.resources.includes("secrets")));
        assert.equal(builtinRules("no-such-role"), undefined);
    });

    it("a binding to the aggregation controller's role hands out escalate on ClusterRoles", () => {
        assert.match(on("operator-aggregator", "disallow-privilege-escalation-verbs")[0]?.message ?? "", /system:controller:clusterrole-aggregation-controller.* grants escalate on rbac\.authorization\.k8s\.io\/clusterroles/);
    });

    it("a binding to kube-controller-manager's role mints tokens and reads Secrets", () => {
        assert.match(on("ci-controller-manager", "restrict-cluster-control-permissions")[0]?.message ?? "", /grants create on serviceaccounts\/token/);
        assert.equal(on("ci-controller-manager", "restrict-secrets-access").length, 1);
    });

    it("an aggregated ClusterRole selecting the bootstrap labels is cluster-admin", () => {
        assert.match(on("platform-everything", "disallow-cluster-admin-bindings")[0]?.message ?? "", /equivalent to cluster-admin/);
        assert.match(on("platform-everything", "disallow-rbac-wildcards")[0]?.message ?? "", /aggregated built-in ClusterRole "cluster-admin"/);
    });

    it("patch on namespaces is reported as a Pod Security escape", () => {
        assert.match(on("namespace-labeler", "restrict-cluster-control-permissions")[0]?.message ?? "", /rules\[0\] grants patch on namespaces/);
    });

    it("metrics-server's delegated-authentication bindings pass", () => {
        assert.deepEqual(findings.filter((f) => /metrics-server/.test(f.resource.name)).map((f) => `${f.policy}: ${f.message}`), []);
    });
});
