import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { waiverEntry } from "../../policypacks/lib/waivers";
import * as rbac from "../../policypacks/policies/kubernetes/rbac";
import { messages, runResourcePolicy, runStackPolicy, StackResourceInput } from "../helpers/policy-harness";
import { ns, PSA } from "../namespace/fixtures";

const rule = (apiGroups: string[], resources: string[], verbs: string[], extra: any = {}) => ({ apiGroups, resources, verbs, ...extra });
const role = (name: string, rules: any[], namespace = "team", extra: any = {}): StackResourceInput => ({
    type: T.Role,
    name: `role-${name}`,
    props: { metadata: { name, namespace, ...(extra.metadata ?? {}) }, rules },
});
const clusterRole = (name: string, rules: any[], extra: any = {}): StackResourceInput => ({
    type: T.ClusterRole,
    name: `cr-${name}`,
    props: { metadata: { name, ...(extra.metadata ?? {}) }, rules, ...(extra.aggregationRule ? { aggregationRule: extra.aggregationRule } : {}) },
});
const group = (name: string) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
const sa = (name: string, namespace = "team") => ({ kind: "ServiceAccount", name, namespace });
const binding = (name: string, roleKind: string, roleName: string, subjects: any[], namespace?: string, annotations?: any): StackResourceInput => ({
    type: namespace ? T.RoleBinding : T.ClusterRoleBinding,
    name: `b-${name}`,
    props: { metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName }, subjects },
});

const reader = () => role("reader", [rule([""], ["configmaps", "pods"], ["get", "list", "watch"])]);

/** Each rule-based policy with a rule it must report. */
const ruleCases: Array<[string, any, any]> = [
    ["disallow-rbac-wildcards", rbac.disallowRbacWildcards, rule([""], ["*"], ["get"])],
    ["restrict-secrets-access", rbac.restrictSecretsAccess, rule([""], ["secrets"], ["list"])],
    ["restrict-pod-exec", rbac.restrictPodExec, rule([""], ["pods/exec"], ["create"])],
    ["disallow-privilege-escalation-verbs", rbac.disallowPrivilegeEscalationVerbs, rule(["rbac.authorization.k8s.io"], ["clusterroles"], ["bind"])],
    ["disallow-nodes-proxy", rbac.disallowNodesProxy, rule([""], ["nodes/proxy"], ["get"])],
    ["restrict-cluster-control-permissions", rbac.restrictClusterControlPermissions, rule(["admissionregistration.k8s.io"], ["mutatingwebhookconfigurations"], ["patch"])],
    ["restrict-workload-creation", rbac.restrictWorkloadCreation, rule(["apps"], ["deployments"], ["create"])],
];

describe("RBAC policies", () => {
    for (const [name, policy, bad] of ruleCases) {
        describe(`${name} (stack: Role, ClusterRole, RoleBinding, ClusterRoleBinding)`, () => {
            it("passes least-privilege roles and their bindings", () => {
                assert.deepEqual(
                    runStackPolicy(policy, [reader(), clusterRole("reader", [rule([""], ["configmaps"], ["get"])]), binding("rb", "Role", "reader", [group("g")], "team"), binding("crb", "ClusterRole", "reader", [group("g")])]),
                    [],
                );
            });
            it("reports the Role and the ClusterRole that grant it", () => {
                const vs = runStackPolicy(policy, [role("bad", [bad]), clusterRole("bad", [bad])]);
                assert.equal(vs.length, 2);
                assert.match(vs[0].message, /Role team\/bad: rules\[0\]/);
                assert.match(vs[1].message, /ClusterRole bad: rules\[0\]/);
            });
            it("reports the RoleBinding and ClusterRoleBinding of such a role, naming the role and subjects", () => {
                const vs = runStackPolicy(policy, [clusterRole("bad", [bad]), binding("rb", "ClusterRole", "bad", [group("devs")], "other"), binding("crb", "ClusterRole", "bad", [sa("bot")])]);
                const m = messages(vs);
                assert.equal(m.length, 3);
                assert.match(m[1], /RoleBinding other\/rb binds ClusterRole "bad" to Group "devs"/);
                assert.match(m[2], /ClusterRoleBinding crb binds ClusterRole "bad" to ServiceAccount "team\/bot"/);
            });
            it("a binding inherits a valid waiver on its role (reported once, as waived)", () => {
                process.env.KSL_TODAY = "2030-01-01";
                try {
                    const [k, v] = waiverEntry("k8s", name, "platform controller needs this access", "2030-06-01");
                    const r = clusterRole("bad", [bad], { metadata: { annotations: { [k]: v } } });
                    const vs = runStackPolicy(policy, [r, binding("crb", "ClusterRole", "bad", [group("ops")])]);
                    assert.equal(vs.length, 1);
                    assert.equal(vs[0].waived, true);
                } finally {
                    delete process.env.KSL_TODAY;
                }
            });
        });
    }

    it("built-in edit and admin are dangerous by name; view is not", () => {
        const stack = [binding("e", "ClusterRole", "edit", [group("g")], "team"), binding("a", "ClusterRole", "admin", [group("g")], "team"), binding("v", "ClusterRole", "view", [group("g")], "team")];
        assert.equal(runStackPolicy(rbac.restrictSecretsAccess, stack).length, 2);
        assert.equal(runStackPolicy(rbac.restrictPodExec, stack).length, 2);
        assert.match(messages(runStackPolicy(rbac.disallowPrivilegeEscalationVerbs, stack))[0], /built-in ClusterRole "edit" grants impersonate on serviceaccounts/);
    });

    it("aggregated ClusterRoles get the rules of the roles their selectors match", () => {
        const part = clusterRole("part", [rule([""], ["secrets"], ["get"])], { metadata: { labels: { "example.com/aggregate-to-monitoring": "true" } } });
        const agg = clusterRole("monitoring", [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate-to-monitoring": "true" } }] } });
        const m = messages(runStackPolicy(rbac.restrictSecretsAccess, [part, agg, binding("crb", "ClusterRole", "monitoring", [group("g")])]));
        assert.equal(m.length, 3);
        assert.match(m[1], /ClusterRole monitoring: aggregated ClusterRole "part" rules\[0\] grants get on secrets/);
        assert.match(m[2], /binds ClusterRole "monitoring"/);
    });

    it("a ClusterRole that aggregates into built-in view is called out", () => {
        const r = clusterRole("leaky", [rule([""], ["secrets"], ["list"])], { metadata: { labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } } });
        assert.match(messages(runStackPolicy(rbac.restrictSecretsAccess, [r]))[0], /aggregates into built-in ClusterRole "view"/);
    });

    it("restrict-secrets-access: resourceNames narrows get but not list/watch", () => {
        assert.deepEqual(runStackPolicy(rbac.restrictSecretsAccess, [role("one", [rule([""], ["secrets"], ["get"], { resourceNames: ["tls"] })])]), []);
        assert.equal(runStackPolicy(rbac.restrictSecretsAccess, [role("one", [rule([""], ["secrets"], ["list"], { resourceNames: ["tls"] })])]).length, 1);
    });

    it("restrict-workload-creation accepts Roles and RoleBindings in a PSA-restricted namespace of the stack", () => {
        const create = rule(["apps"], ["deployments"], ["create"]);
        const stack = [ns("team"), role("dev", [create]), binding("dev", "Role", "dev", [group("devs")], "team")];
        assert.deepEqual(runStackPolicy(rbac.restrictWorkloadCreation, stack), []);
        const baseline = [ns("team", PSA("baseline")), role("dev", [create]), binding("dev", "Role", "dev", [group("devs")], "team")];
        assert.equal(runStackPolicy(rbac.restrictWorkloadCreation, baseline).length, 2);
        assert.equal(runStackPolicy(rbac.restrictWorkloadCreation, stack, { exemptRestrictedNamespaces: false }).length, 2);
    });

    describe("disallow-cluster-admin-bindings (stack)", () => {
        it("passes a break-glass group and ordinary bindings", () => {
            assert.deepEqual(runStackPolicy(rbac.disallowClusterAdminBindings, [binding("bg", "ClusterRole", "cluster-admin", [group("breakglass")]), binding("v", "ClusterRole", "view", [group("g")], "team")], { breakGlassGroups: ["breakglass"] }), []);
        });
        it("reports cluster-admin bound to a user (ClusterRoleBinding and RoleBinding)", () => {
            const vs = runStackPolicy(rbac.disallowClusterAdminBindings, [
                binding("crb", "ClusterRole", "cluster-admin", [{ kind: "User", name: "alice@example.com" }]),
                binding("rb", "ClusterRole", "cluster-admin", [group("devs")], "team"),
            ]);
            assert.equal(vs.length, 2);
            assert.match(vs[0].message, /ClusterRoleBinding crb binds ClusterRole "cluster-admin" to User "alice@example.com"/);
            assert.equal(vs[0].enforcementLevel, "mandatory");
        });
        it("reports a binding to a home-made cluster-admin equivalent (Role and ClusterRole)", () => {
            const full = rule(["*"], ["*"], ["*"]);
            const vs = runStackPolicy(rbac.disallowClusterAdminBindings, [clusterRole("god", [full]), binding("crb", "ClusterRole", "god", [group("g")]), role("nsgod", [full]), binding("rb", "Role", "nsgod", [group("g")], "team")]);
            assert.equal(vs.length, 2);
            assert.match(vs[0].message, /equivalent to cluster-admin/);
        });
    });

    describe("disallow-system-group-bindings (RoleBinding, ClusterRoleBinding)", () => {
        for (const type of [T.RoleBinding, T.ClusterRoleBinding]) {
            it(`${type}: passes IdP groups, reports anonymous/unauthenticated/masters`, () => {
                const props = (subjects: any[]) => ({ metadata: { name: "b", namespace: "team" }, roleRef: { kind: "ClusterRole", name: "view" }, subjects });
                assert.deepEqual(runResourcePolicy(rbac.disallowSystemGroupBindings, { type, props: props([group("devs")]) }), []);
                const vs = runResourcePolicy(rbac.disallowSystemGroupBindings, { type, props: props([group("system:unauthenticated"), { kind: "User", name: "system:anonymous" }, group("system:masters")]) });
                assert.equal(vs.length, 3);
                assert.match(vs[0].message, /Group "system:unauthenticated"/);
            });
        }
        it("never throws on malformed subjects", () => {
            assert.deepEqual(runResourcePolicy(rbac.disallowSystemGroupBindings, { type: T.RoleBinding, props: { subjects: [null, 3, { kind: 1 }] } as any }), []);
        });
    });

    describe("disallow-default-service-account-bindings (RoleBinding, ClusterRoleBinding)", () => {
        for (const type of [T.RoleBinding, T.ClusterRoleBinding]) {
            it(`${type}: passes a dedicated account, reports default`, () => {
                const props = (subjects: any[]) => ({ roleRef: { kind: "Role", name: "r" }, subjects });
                assert.deepEqual(runResourcePolicy(rbac.disallowDefaultServiceAccountBindings, { type, props: props([sa("web")]) }), []);
                assert.match(messages(runResourcePolicy(rbac.disallowDefaultServiceAccountBindings, { type, props: props([sa("default")]) }))[0], /ServiceAccount "team\/default"/);
            });
        }
    });

    describe("restrict-cluster-role-binding-scope (stack)", () => {
        it("reports a ClusterRoleBinding of a namespaced-only ClusterRole to one namespace's accounts", () => {
            const cr = clusterRole("cm-reader", [rule([""], ["configmaps"], ["get"])]);
            const m = messages(runStackPolicy(rbac.restrictClusterRoleBindingScope, [cr, binding("crb", "ClusterRole", "cm-reader", [sa("a"), sa("b")])]));
            assert.equal(m.length, 1);
            assert.match(m[0], /a RoleBinding in "team" would do/);
            assert.equal(runStackPolicy(rbac.restrictClusterRoleBindingScope, [binding("crb", "ClusterRole", "edit", [sa("a")])]).length, 1);
        });
        it("passes cluster-scoped roles, multi-namespace subjects, groups and RoleBindings", () => {
            const nodes = clusterRole("node-reader", [rule([""], ["nodes"], ["get"])]);
            const cm = clusterRole("cm-reader", [rule([""], ["configmaps"], ["get"])]);
            assert.deepEqual(
                runStackPolicy(rbac.restrictClusterRoleBindingScope, [
                    nodes,
                    cm,
                    binding("a", "ClusterRole", "node-reader", [sa("a")]),
                    binding("b", "ClusterRole", "cm-reader", [sa("a", "x"), sa("b", "y")]),
                    binding("c", "ClusterRole", "cm-reader", [group("g")]),
                    binding("d", "ClusterRole", "cm-reader", [sa("a")], "team"),
                ]),
                [],
            );
        });
    });

    it("every RBAC stack policy tolerates malformed roles and bindings", () => {
        const junk: StackResourceInput[] = [
            { type: T.ClusterRole, name: "j1", props: { rules: "x", aggregationRule: { clusterRoleSelectors: [null, { matchExpressions: [{ key: 1 }] }] } } as any },
            { type: T.Role, name: "j2", props: { rules: [null, { verbs: "get" }] } as any },
            { type: T.RoleBinding, name: "j3", props: { roleRef: "x", subjects: {} } as any },
            { type: T.ClusterRoleBinding, name: "j4", props: { roleRef: { kind: "ClusterRole", name: "cluster-admin" }, subjects: [null] } as any },
        ];
        for (const p of rbac.rbacPolicies) {
            if ((p as any).validateStack) assert.doesNotThrow(() => runStackPolicy(p, junk), p.name);
            else for (const j of junk) assert.doesNotThrow(() => runResourcePolicy(p, { type: j.type, props: j.props }), p.name);
        }
    });
});
