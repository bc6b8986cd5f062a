// disallow-automount-service-account-token follows Kubernetes' own rule (the pod's field, else its
// ServiceAccount's, else true), judges each token once (on the pod), and accepts a token that is
// needed: the account is bound to roles in the stack.
import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { disallowAutomountServiceAccountToken as policy } from "../../policypacks/policies/kubernetes/workload/disallow-automount-service-account-token";
import { runStackPolicy, StackResourceInput, UNKNOWN } from "../helpers/policy-harness";
import { hardened, POD_KINDS, shortKind } from "./kinds";

const sa = (name: string, automount?: unknown): StackResourceInput => ({
    type: T.ServiceAccount,
    name: `sa-${name}`,
    props: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: "apps" }, ...(automount === undefined ? {} : { automountServiceAccountToken: automount }) },
});
const roleBinding = (account: string): StackResourceInput => ({
    type: T.RoleBinding,
    name: `rb-${account}`,
    props: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: account, namespace: "apps" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "leader-election" },
        subjects: [{ kind: "ServiceAccount", name: account }],
    },
});
const clusterRoleBinding = (account: string): StackResourceInput => ({
    type: T.ClusterRoleBinding,
    name: `crb-${account}`,
    props: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: account },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects: [{ kind: "ServiceAccount", name: account, namespace: "apps" }],
    },
});
/** A hardened workload running as `account`, with the pod's automountServiceAccountToken as given (undefined: unset). */
const workload = (type: string, account: string, podField?: unknown): StackResourceInput => ({
    type,
    name: "w",
    props: hardened(type, (s) => {
        s.serviceAccountName = account;
        if (podField === undefined) delete s.automountServiceAccountToken;
        else s.automountServiceAccountToken = podField;
    }),
});

describe("disallow-automount-service-account-token", () => {
    for (const type of POD_KINDS) {
        describe(shortKind(type), () => {
            it("compliant: the pod sets false", () => {
                assert.deepEqual(runStackPolicy(policy, [sa("web"), workload(type, "web", false)]), []);
            });
            it("compliant: the pod leaves it unset and its ServiceAccount sets false (no token is mounted)", () => {
                assert.deepEqual(runStackPolicy(policy, [sa("web", false), workload(type, "web")]), []);
            });
            it("compliant: a token is mounted for an account bound to roles in the stack (a controller needs it)", () => {
                assert.deepEqual(runStackPolicy(policy, [sa("controller"), roleBinding("controller"), workload(type, "controller")]), []);
                assert.deepEqual(runStackPolicy(policy, [sa("controller", true), clusterRoleBinding("controller"), workload(type, "controller", true)]), []);
            });
            it("non-compliant: unset on pod and ServiceAccount, nothing binds the account - once, on the pod", () => {
                const vs = runStackPolicy(policy, [sa("web"), workload(type, "web")]);
                assert.equal(vs.length, 1);
                assert.match(vs[0].message, /gets a token for ServiceAccount "web" \(.*automountServiceAccountToken is unset and ServiceAccount "web" leaves it unset \(defaults to true\)\), but no RoleBinding or ClusterRoleBinding/);
            });
            it("non-compliant: the pod sets true for an unbound account, even if the ServiceAccount says false", () => {
                const vs = runStackPolicy(policy, [sa("web", false), workload(type, "web", true)]);
                assert.equal(vs.length, 1);
                assert.match(vs[0].message, /automountServiceAccountToken=true/);
            });
        });
    }

    it("the ServiceAccount is not reported on its own (one finding per mounted token)", () => {
        assert.deepEqual(runStackPolicy(policy, [sa("lonely", true)]), []);
    });

    it("the default account, absent from the stack, mounts a token", () => {
        const vs = runStackPolicy(policy, [workload(T.Deployment, "")]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /ServiceAccount "default" is not in the stack/);
    });

    describe("a webhook server (rendered in the shape of a policy engine's chart: Service + ValidatingWebhookConfiguration)", () => {
        const server = (): StackResourceInput => ({
            type: T.Deployment,
            name: "webhook",
            props: hardened(T.Deployment, (s) => {
                s.serviceAccountName = "webhook";
                delete s.automountServiceAccountToken;
            }),
        });
        const labels = () => (server().props as any).spec.template.metadata.labels;
        const service = (selector: Record<string, string>): StackResourceInput => ({
            type: T.Service,
            name: "svc",
            props: { apiVersion: "v1", kind: "Service", metadata: { name: "webhook", namespace: "apps" }, spec: { selector, ports: [{ port: 443, targetPort: 9443 }] } },
        });
        const config: StackResourceInput = {
            type: T.ValidatingWebhookConfiguration,
            name: "vwc",
            props: {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "ValidatingWebhookConfiguration",
                metadata: { name: "policy-engine" },
                webhooks: [{ name: "validate.example.com", admissionReviewVersions: ["v1"], sideEffects: "None", clientConfig: { service: { name: "webhook", namespace: "apps", path: "/validate", port: 443 } }, rules: [{ apiGroups: ["*"], apiVersions: ["*"], operations: ["CREATE"], resources: ["pods"] }] }],
            },
        };
        it("its unbound token is advisory (it builds its API client from the token), naming the webhook", () => {
            const vs = runStackPolicy(policy, [sa("webhook"), server(), service(labels()), config]);
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "advisory");
            assert.match(vs[0].message, /serves an admission webhook \(ValidatingWebhookConfiguration policy-engine calls it through Service apps\/webhook\)/);
        });
        it("its true twin: the same Deployment when the Service selects other pods stays blocking", () => {
            const vs = runStackPolicy(policy, [sa("webhook"), server(), service({ app: "other" }), config]);
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "mandatory");
        });
    });

    it("an account bound through the group of its namespace's accounts (or of every account) needs its token", () => {
        const groupBinding = (group: string): StackResourceInput => ({
            type: T.ClusterRoleBinding,
            name: "crb-group",
            props: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "g" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: group }] },
        });
        assert.deepEqual(runStackPolicy(policy, [sa("web"), workload(T.Deployment, "web"), groupBinding("system:serviceaccounts:apps")]), []);
        assert.deepEqual(runStackPolicy(policy, [sa("web"), workload(T.Deployment, "web"), groupBinding("system:serviceaccounts")]), []);
        assert.equal(runStackPolicy(policy, [sa("web"), workload(T.Deployment, "web"), groupBinding("system:serviceaccounts:other")]).length, 1);
    });

    it("an unknown ServiceAccount field during preview is not checkable, never a silent pass", () => {
        const vs = runStackPolicy(policy, [sa("web", UNKNOWN), workload(T.Deployment, "web")]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /can't run policy .* during preview/);
        assert.equal(vs[0].enforcementLevel, "advisory");
    });
});
