import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { waiverEntry } from "../../policypacks/lib/waivers";
import * as rbac from "../../policypacks/policies/kubernetes/rbac";
import { messages, runResourcePolicy, runStackPolicy, StackResourceInput, UNKNOWN, Violation, assertNotCheckable } from "../helpers/policy-harness";
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

/** Reports saying the policy cannot run during preview (the SDK's advisory for an unknown value). */
const notCheckable = (vs: Violation[]) => vs.filter((v) => /^can't run policy '[a-z-]+' during preview: .* value at \..* can't be known during preview$/.test(v.message));
/** Each rule-based policy with a rule whose unknown parts cannot matter: a known verb outside its concern. */
const decidedRule = rule(UNKNOWN as any, UNKNOWN as any, ["deletecollection"]);

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
                if (name === "disallow-nodes-proxy") {
                    // nodes are cluster-scoped: a namespaced Role cannot grant nodes/proxy.
                    assert.equal(vs.length, 1);
                    assert.match(vs[0].message, /(^|\n)ClusterRole bad: rules\[0\]/);
                    return;
                }
                assert.equal(vs.length, 2);
                assert.match(vs[0].message, /Role team\/bad: rules\[0\]/);
                assert.match(vs[1].message, /ClusterRole bad: rules\[0\]/);
            });
            it("reports such a role once, naming the bindings and subjects that activate it", () => {
                const vs = runStackPolicy(policy, [clusterRole("bad", [bad]), binding("rb", "ClusterRole", "bad", [group("devs")], "other"), binding("crb", "ClusterRole", "bad", [sa("bot")])]);
                const m = messages(vs);
                assert.equal(m.length, 1);
                assert.match(m[0], /(^|\n)ClusterRole bad: rules\[0\].* - bound to /);
                if (name !== "disallow-nodes-proxy") assert.match(m[0], /Group "devs" by RoleBinding other\/rb/);
                assert.match(m[0], /ServiceAccount "team\/bot" by ClusterRoleBinding crb/);
            });
            it("a role's waiver covers the role, not a new binding to it: that binding is its own finding unless it waives too", () => {
                process.env.KSL_TODAY = "2030-01-01";
                try {
                    const [k, v] = waiverEntry("k8s", name, "platform controller needs this access", "2030-06-01");
                    const r = clusterRole("bad", [bad], { metadata: { annotations: { [k]: v } } });
                    const added = runStackPolicy(policy, [r, binding("crb", "ClusterRole", "bad", [group("ops")])]);
                    assert.equal(added.length, 2);
                    assert.equal(added.find((x) => /ClusterRole bad: rules/.test(x.message))?.waived, true);
                    const grant = added.find((x) => /ClusterRoleBinding crb binds ClusterRole bad to Group "ops": .*the role's waiver of .* does not cover new bindings/.test(x.message));
                    assert.equal(grant?.waived, false, JSON.stringify(added.map((x) => x.message)));
                    // The controller's own binding, waived with it, stays one waived finding.
                    const own = runStackPolicy(policy, [r, binding("crb", "ClusterRole", "bad", [group("ops")], undefined, { [k]: v })]);
                    assert.equal(own.length, 1);
                    assert.equal(own[0].waived, true);
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
        assert.match(messages(runStackPolicy(rbac.disallowPrivilegeEscalationVerbs, stack))[0], /built-in ClusterRole "edit" \(aggregating "system:aggregate-to-edit"\) rules\[\d+\] grants impersonate on serviceaccounts/);
    });

    it("aggregated ClusterRoles get the rules of the roles their selectors match", () => {
        const part = clusterRole("part", [rule([""], ["secrets"], ["get"])], { metadata: { labels: { "example.com/aggregate-to-monitoring": "true" } } });
        const agg = clusterRole("monitoring", [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate-to-monitoring": "true" } }] } });
        const m = messages(runStackPolicy(rbac.restrictSecretsAccess, [part, agg, binding("crb", "ClusterRole", "monitoring", [group("g")])]));
        // The unbound member is judged through the aggregate that binds it, once, not again on its own.
        assert.equal(m.length, 1);
        assert.match(m[0], /ClusterRole monitoring: aggregated ClusterRole "part" rules\[0\] grants get on secrets - bound to Group "g" by ClusterRoleBinding crb/);
    });

    it("a ClusterRole that aggregates into built-in view is called out", () => {
        const r = clusterRole("leaky", [rule([""], ["secrets"], ["list"])], { metadata: { labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } } });
        assert.match(messages(runStackPolicy(rbac.restrictSecretsAccess, [r]))[0], /aggregates into built-in ClusterRole "view"/);
    });

    it("restrict-secrets-access: resourceNames narrows get, list and watch (authorized by a metadata.name field selector)", () => {
        assert.deepEqual(runStackPolicy(rbac.restrictSecretsAccess, [role("one", [rule([""], ["secrets"], ["get"], { resourceNames: ["tls"] })])]), []);
        // A controller that reads and watches its own Secret only (cert-manager's cainjector, an operator's leader lease).
        assert.deepEqual(runStackPolicy(rbac.restrictSecretsAccess, [role("one", [rule([""], ["secrets"], ["get", "list", "watch"], { resourceNames: ["tls"] })])]), []);
        // Its true twin: the same verbs on every Secret.
        assert.equal(runStackPolicy(rbac.restrictSecretsAccess, [role("one", [rule([""], ["secrets"], ["get", "list", "watch"])])]).length, 1);
    });

    it("restrict-cluster-control-permissions: a webhook server patching its own named configurations passes; create is never scoped", () => {
        const own = rule(["admissionregistration.k8s.io"], ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"], ["get", "update", "patch"], { resourceNames: ["kyverno-resource-validating-webhook-cfg", "kyverno-resource-mutating-webhook-cfg"] });
        assert.deepEqual(runStackPolicy(rbac.restrictClusterControlPermissions, [clusterRole("kyverno:webhook", [own])]), []);
        const create = rule(["admissionregistration.k8s.io"], ["validatingwebhookconfigurations"], ["create", "patch"], { resourceNames: ["kyverno-resource-validating-webhook-cfg"] });
        assert.match(messages(runStackPolicy(rbac.restrictClusterControlPermissions, [clusterRole("kyverno:webhook", [create])]))[0], /grants create on admissionregistration\.k8s\.io\/validatingwebhookconfigurations/);
        const any = rule(["admissionregistration.k8s.io"], ["validatingwebhookconfigurations"], ["patch"]);
        assert.equal(runStackPolicy(rbac.restrictClusterControlPermissions, [clusterRole("kyverno:webhook", [any])]).length, 1);
    });

    it("restrict-secrets-access: create on secrets is never scoped by name; with a named get it mints and reads any account's token", () => {
        const vs = runStackPolicy(rbac.restrictSecretsAccess, [role("one", [rule([""], ["secrets"], ["create"]), rule([""], ["secrets"], ["get"], { resourceNames: ["minted"] })])]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /rules\[0\] grants create on secrets \(which no resourceNames can scope\) and rules\[1\] get on secrets: it can create a service-account-token Secret for any ServiceAccount in its scope/);
        assert.deepEqual(runStackPolicy(rbac.restrictSecretsAccess, [role("one", [rule([""], ["secrets"], ["create"])])]), []);
    });

    it("restrict-workload-creation accepts Roles and RoleBindings in a PSA-restricted namespace of the stack", () => {
        const create = rule(["apps"], ["deployments"], ["create"]);
        const stack = [ns("team"), role("dev", [create]), binding("dev", "Role", "dev", [group("devs")], "team")];
        assert.deepEqual(runStackPolicy(rbac.restrictWorkloadCreation, stack), []);
        const baseline = [ns("team", PSA("baseline")), role("dev", [create]), binding("dev", "Role", "dev", [group("devs")], "team")];
        // One finding: the Role, naming the RoleBinding that activates it.
        assert.equal(runStackPolicy(rbac.restrictWorkloadCreation, baseline).length, 1);
        assert.equal(runStackPolicy(rbac.restrictWorkloadCreation, stack, { exemptRestrictedNamespaces: false }).length, 1);
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
        it("reports built-in admin and edit, and roles aggregated into them, bound cluster-wide", () => {
            const m = messages(runStackPolicy(rbac.restrictClusterRoleBindingScope, [binding("crb", "ClusterRole", "edit", [group("devs")])]));
            assert.equal(m.length, 1);
            assert.match(m[0], /ClusterRoleBinding crb grants built-in ClusterRole "edit" in every namespace/);
            assert.equal(runStackPolicy(rbac.restrictClusterRoleBindingScope, [binding("crb", "ClusterRole", "admin", [sa("ci")])]).length, 1);
            const member = clusterRole("cert-manager-edit", [rule(["cert-manager.io"], ["certificates"], ["create", "update"])], { metadata: { labels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } } });
            assert.match(messages(runStackPolicy(rbac.restrictClusterRoleBindingScope, [member, binding("crb", "ClusterRole", "cert-manager-edit", [group("devs")])]))[0], /aggregated into built-in "edit"/);
        });
        it("passes a controller bound cluster-wide to a role of its own, whatever its subjects' namespace (acting on every namespace is its duty)", () => {
            // In the shape of ingress-nginx's and cert-manager's charts: one ServiceAccount, one namespace, a role over namespaced kinds.
            const ingress = clusterRole("ingress-nginx", [rule([""], ["configmaps", "endpoints", "pods", "secrets", "namespaces"], ["list", "watch"]), rule(["networking.k8s.io"], ["ingresses"], ["get", "list", "watch"]), rule(["networking.k8s.io"], ["ingresses/status"], ["update"])]);
            const nodes = clusterRole("node-reader", [rule([""], ["nodes"], ["get"])]);
            assert.deepEqual(
                runStackPolicy(rbac.restrictClusterRoleBindingScope, [
                    ingress,
                    nodes,
                    binding("a", "ClusterRole", "ingress-nginx", [sa("ingress-nginx", "ingress-nginx")]),
                    binding("b", "ClusterRole", "node-reader", [sa("a")]),
                    binding("c", "ClusterRole", "view", [sa("dashboard", "monitoring")]),
                    binding("d", "ClusterRole", "edit", [sa("a")], "team"),
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

    describe("values unknown during preview: known parts judged, unknown relevant parts reported as not checkable", () => {
        for (const [name, policy, bad] of ruleCases) {
            describe(name, () => {
                it("a role's unknown rules → advisory naming the role and field", () => {
                    const vs = runStackPolicy(policy, [clusterRole("unk", UNKNOWN as any)]);
                    assert.equal(vs.length, 1);
                    assertNotCheckable(vs, new RegExp(`can't run policy '${name}'.*value at \\.<ClusterRole unk>\\.rules can't be known`));
                });
                // nodes/proxy is cluster-scoped: only ClusterRoles can grant it.
                const namespaced = name !== "disallow-nodes-proxy";
                it("an unknown rule next to a known violation → both the violation and the advisory", () => {
                    const vs = runStackPolicy(policy, [namespaced ? role("bad", [bad]) : clusterRole("bad", [bad]), clusterRole("unk", [rule([""], ["configmaps"], ["get"]), UNKNOWN])]);
                    assert.equal(vs.length, 2, JSON.stringify(vs));
                    assert.match(vs[0].message, namespaced ? /Role team\/bad: rules\[0\]/ : /ClusterRole bad: rules\[0\]/);
                    assert.notEqual(vs[0].enforcementLevel, undefined);
                    assertNotCheckable(vs, /<ClusterRole unk>\.rules\[1\] can't be known/);
                });
                it("an unknown verb list, resource list or API group list is reported", () => {
                    // The other fields known to match (for wildcards: a known "*" would decide, so none).
                    const base = name === "disallow-rbac-wildcards" ? rule([""], ["configmaps"], ["get"]) : bad;
                    for (const f of ["verbs", "resources", "apiGroups"]) {
                        const r = { ...base, [f]: UNKNOWN };
                        assertNotCheckable(runStackPolicy(policy, [namespaced ? role("r", [r]) : clusterRole("r", [r])]), new RegExp(`<${namespaced ? "Role team/r" : "ClusterRole r"}>\\.rules\\[0\\]\\.${f} can't be known`));
                    }
                });
                it("a binding with an unknown roleRef (or roleRef.name) → advisory naming the binding", () => {
                    assertNotCheckable(runStackPolicy(policy, [{ ...binding("crb", "ClusterRole", "x", [group("g")]), props: { metadata: { name: "crb" }, roleRef: UNKNOWN, subjects: [group("g")] } }]), /<ClusterRoleBinding crb>\.roleRef can't/);
                    if (namespaced) assertNotCheckable(runStackPolicy(policy, [binding("rb", "ClusterRole", UNKNOWN, [group("g")], "team")]), /<RoleBinding team\/rb>\.roleRef\.name can't/);
                });
                it("a known field that decides the verdict leaves the rest unread (no advisory)", () => {
                    if (name === "disallow-rbac-wildcards") {
                        // A known "*" decides: a violation, whatever the unknown fields hold.
                        const vs = runStackPolicy(policy, [role("r", [rule(UNKNOWN as any, UNKNOWN as any, ["*"])])]);
                        assert.equal(vs.length, 1);
                        assert.equal(notCheckable(vs).length, 0);
                        assert.match(vs[0].message, /rules\[0\] uses "\*" in verbs/);
                    } else {
                        assert.deepEqual(runStackPolicy(policy, [role("r", [decidedRule]), binding("rb", "ClusterRole", "view", UNKNOWN as any, "team")]), []);
                    }
                });
                it("an aggregated ClusterRole with unknown selectors, or selecting a role with unknown labels, is not checkable", () => {
                    const agg = (sel: any) => clusterRole("agg", [], { aggregationRule: { clusterRoleSelectors: sel } });
                    assertNotCheckable(runStackPolicy(policy, [agg(UNKNOWN)]), /<ClusterRole agg>\.aggregationRule\.clusterRoleSelectors can't/);
                    assertNotCheckable(runStackPolicy(policy, [agg([{ matchLabels: { "example.com/x": UNKNOWN } }])]), /<ClusterRole agg>\.aggregationRule\.clusterRoleSelectors\[0\] can't/);
                    // The part is known bad (reported); whether the aggregate gets it depends on its unknown labels.
                    const part = clusterRole("part", [bad], { metadata: { labels: UNKNOWN } });
                    const vs = runStackPolicy(policy, [part, agg([{ matchLabels: { "example.com/x": "true" } }])]);
                    assert.equal(vs.length, 2, JSON.stringify(vs));
                    assert.match(vs[0].message, /ClusterRole part: rules\[0\]/);
                    assertNotCheckable(vs, /<ClusterRole part>\.metadata\.labels can't/);
                });
            });
        }

        it("restrict-secrets-access: unknown resourceNames decide every read verb", () => {
            const p = rbac.restrictSecretsAccess;
            assertNotCheckable(runStackPolicy(p, [role("one", [rule([""], ["secrets"], ["get"], { resourceNames: UNKNOWN })])]), /<Role team\/one>\.rules\[0\]\.resourceNames can't/);
            assertNotCheckable(runStackPolicy(p, [role("one", [rule([""], ["secrets"], ["get", "list"], { resourceNames: UNKNOWN })])]), /resourceNames can't/);
            assert.deepEqual(runStackPolicy(p, [role("one", [rule([""], ["secrets"], ["get"], { resourceNames: ["tls", UNKNOWN] })])]), []);
        });

        it("restrict-workload-creation: unknown labels of the role's namespace → advisory, not a violation", () => {
            const create = rule(["apps"], ["deployments"], ["create"]);
            const team = { ...ns("team"), props: { metadata: { name: "team", labels: UNKNOWN } } };
            const vs = runStackPolicy(rbac.restrictWorkloadCreation, [team, role("dev", [create])]);
            assert.equal(vs.length, 1);
            assertNotCheckable(vs, /<Namespace team>\.metadata\.labels can't/);
            // A ClusterRole is never exempt: the unknown namespace labels do not matter to it.
            assert.equal(notCheckable(runStackPolicy(rbac.restrictWorkloadCreation, [team, clusterRole("dev", [create])])).length, 0);
            // A Role whose namespace is unknown may sit in the restricted namespace of the stack.
            const unkNs = { ...role("dev", [create]), props: { metadata: { name: "dev", namespace: UNKNOWN }, rules: [create] } };
            assertNotCheckable(runStackPolicy(rbac.restrictWorkloadCreation, [ns("team"), unkNs]), /<Role dev>\.metadata\.namespace can't/);
            assert.equal(runStackPolicy(rbac.restrictWorkloadCreation, [ns("team", PSA("baseline")), unkNs]).length, 1);
        });

        describe("disallow-cluster-admin-bindings", () => {
            const p = rbac.disallowClusterAdminBindings;
            it("unknown roleRef name or unknown subjects of cluster-admin → advisory", () => {
                assertNotCheckable(runStackPolicy(p, [binding("crb", "ClusterRole", UNKNOWN, [group("devs")])]), /<ClusterRoleBinding crb>\.roleRef\.name can't/);
                assertNotCheckable(runStackPolicy(p, [binding("crb", "ClusterRole", "cluster-admin", UNKNOWN as any)]), /<ClusterRoleBinding crb>\.subjects can't/);
                const bg = runStackPolicy(p, [binding("crb", "ClusterRole", "cluster-admin", [group("breakglass"), { kind: "Group", name: UNKNOWN }])], { breakGlassGroups: ["breakglass"] });
                assert.equal(bg.length, 1);
                assertNotCheckable(bg, /<ClusterRoleBinding crb>\.subjects\[1\]\.name can't/);
            });
            it("a known offending subject next to an unknown one → the violation and the advisory", () => {
                const vs = runStackPolicy(p, [binding("crb", "ClusterRole", "cluster-admin", [{ kind: "User", name: "alice@example.com" }, UNKNOWN])]);
                assert.equal(vs.length, 2, JSON.stringify(vs));
                assert.match(vs[0].message, /binds ClusterRole "cluster-admin" to User "alice@example.com"/);
                assert.equal(vs[0].enforcementLevel, "mandatory");
                assertNotCheckable(vs, /<ClusterRoleBinding crb>\.subjects\[1\] can't/);
            });
            it("a subject whose known kind rules out a break-glass group is a violation, though its name is unknown", () => {
                const vs = runStackPolicy(p, [binding("crb", "ClusterRole", "cluster-admin", [{ kind: "User", name: UNKNOWN }])], { breakGlassGroups: ["breakglass"] });
                assert.equal(vs.length, 1);
                assert.match(vs[0].message, /to subjects not known during preview, which is not a configured break-glass group/);
            });
            it("a role with unknown rules, or a stack role of unknown name the roleRef may name, is not checkable", () => {
                assertNotCheckable(runStackPolicy(p, [clusterRole("maybe", UNKNOWN as any), binding("crb", "ClusterRole", "maybe", [group("g")])]), /<ClusterRole maybe>\.rules can't/);
                const unnamed = { type: T.ClusterRole, name: "cr-god", props: { metadata: { name: UNKNOWN }, rules: [rule(["*"], ["*"], ["*"])] } };
                assertNotCheckable(runStackPolicy(p, [unnamed, binding("crb", "ClusterRole", "god", [group("g")])]), /<ClusterRole cr-god>\.metadata\.name can't/);
            });
            it("a known roleRef that is not cluster-admin decides: unknown subjects are not read", () => {
                assert.deepEqual(runStackPolicy(p, [binding("v", "ClusterRole", "view", UNKNOWN as any, "team"), clusterRole("ro", [rule([""], ["pods"], UNKNOWN as any)]), binding("ro", "ClusterRole", "ro", UNKNOWN as any)]), []);
            });
        });

        describe("restrict-cluster-role-binding-scope", () => {
            const p = rbac.restrictClusterRoleBindingScope;
            it("unknown roleRef or aggregation labels of the bound role → advisory", () => {
                assertNotCheckable(runStackPolicy(p, [binding("crb", "ClusterRole", UNKNOWN, [sa("a")])]), /<ClusterRoleBinding crb>\.roleRef\.name can't/);
                assertNotCheckable(runStackPolicy(p, [clusterRole("r", [], { metadata: { labels: UNKNOWN } }), binding("crb", "ClusterRole", "r", [sa("a")])]), /<ClusterRole r>\.metadata\.labels can't/);
            });
            it("a known violation next to an unknown binding → both", () => {
                const vs = runStackPolicy(p, [binding("known", "ClusterRole", "admin", [sa("a")]), binding("unk", "ClusterRole", UNKNOWN, [sa("a")])]);
                assert.equal(vs.length, 2, JSON.stringify(vs));
                assert.match(vs[0].message, /ClusterRoleBinding known grants built-in ClusterRole "admin"/);
                assertNotCheckable(vs, /<ClusterRoleBinding unk>\.roleRef\.name can't/);
            });
            it("a known role that is not a namespace administration role leaves unknown subjects unread", () => {
                assert.deepEqual(runStackPolicy(p, [binding("a", "ClusterRole", "view", UNKNOWN as any), binding("b", "ClusterRole", "system:auth-delegator", [UNKNOWN])]), []);
            });
        });

        describe("disallow-system-group-bindings and disallow-default-service-account-bindings (RoleBinding, ClusterRoleBinding)", () => {
            const props = (subjects: any) => ({ metadata: { name: "b", namespace: "team" }, roleRef: { kind: "ClusterRole", name: "view" }, subjects });
            const cases: Array<[any, any, any, RegExp]> = [
                [rbac.disallowSystemGroupBindings, group("system:masters"), { kind: "ServiceAccount", name: UNKNOWN, namespace: "team" }, /Group "system:masters"/],
                [rbac.disallowDefaultServiceAccountBindings, sa("default"), { kind: "Group", name: UNKNOWN }, /ServiceAccount "team\/default"/],
            ];
            for (const [policy, badSubject, decided, badMessage] of cases) {
                for (const type of [T.RoleBinding, T.ClusterRoleBinding]) {
                    it(`${policy.name} ${type}: unknown subjects → advisory; a known bad subject next to an unknown one → both`, () => {
                        const all = runResourcePolicy(policy, { type, props: props(UNKNOWN) });
                        assert.equal(all.length, 1);
                        assertNotCheckable(all, /value at \.subjects can't/);
                        const vs = runResourcePolicy(policy, { type, props: props([badSubject, UNKNOWN]) });
                        assert.equal(vs.length, 2, JSON.stringify(vs));
                        assert.match(vs[0].message, badMessage);
                        assertNotCheckable(vs, /value at \.subjects\[1\] can't/);
                        const kindUnknown = runResourcePolicy(policy, { type, props: props([{ ...badSubject, kind: UNKNOWN }]) });
                        assertNotCheckable(kindUnknown, /value at \.subjects\[0\]\.kind can't/);
                    });
                    it(`${policy.name} ${type}: a known kind or name that rules a subject out decides (no advisory)`, () => {
                        assert.deepEqual(runResourcePolicy(policy, { type, props: props([decided, { kind: UNKNOWN, name: "web" }]) }), []);
                    });
                }
            }
            it("disallow-default-service-account-bindings: default account of an unknown namespace is still reported", () => {
                const vs = runResourcePolicy(rbac.disallowDefaultServiceAccountBindings, { type: T.RoleBinding, props: props([{ kind: "ServiceAccount", name: "default", namespace: UNKNOWN }]) });
                assert.equal(vs.length, 1);
                assert.match(vs[0].message, /ServiceAccount "default" \(namespace not known during preview\)/);
            });
        });
    });
});

describe("disallow-unresolved-role-references (stack: RoleBinding, ClusterRoleBinding)", () => {
    const policy = rbac.disallowUnresolvedRoleReferences;
    it("compliant: bindings to roles of the stack and to built-in roles", () => {
        assert.deepEqual(
            runStackPolicy(policy, [
                role("reader", [rule([""], ["configmaps"], ["get"])]),
                binding("rb", "Role", "reader", [group("g")], "team"),
                binding("view", "ClusterRole", "view", [group("g")], "team"),
                binding("delegator", "ClusterRole", "system:auth-delegator", [sa("adapter", "monitoring")]),
                binding("auth-reader", "Role", "extension-apiserver-authentication-reader", [sa("adapter", "monitoring")], "kube-system"),
            ]),
            [],
        );
    });
    it("non-compliant: a ClusterRoleBinding to a ClusterRole nobody defines", () => {
        const vs = runStackPolicy(policy, [binding("crb", "ClusterRole", "argocd-server", [sa("argocd-server", "argocd")])]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /ClusterRoleBinding crb binds ClusterRole "argocd-server" to ServiceAccount "argocd\/argocd-server", but that ClusterRole is neither in the stack nor built into Kubernetes/);
    });
    it("non-compliant: a RoleBinding to a Role of another namespace (Roles resolve in the binding's namespace)", () => {
        const vs = runStackPolicy(policy, [role("reader", [rule([""], ["configmaps"], ["get"])], "other"), binding("rb", "Role", "reader", [group("g")], "team")]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /RoleBinding team\/rb binds Role "reader"/);
    });
    it("a stack role whose name is unknown at preview may be the one meant: not reported", () => {
        assert.deepEqual(runStackPolicy(policy, [{ ...clusterRole("x", []), props: { metadata: { name: UNKNOWN }, rules: [] } }, binding("crb", "ClusterRole", "mystery", [group("g")])]), []);
    });
});
