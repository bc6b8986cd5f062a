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

    it("an unknown ServiceAccount field during preview is not checkable, never a silent pass", () => {
        const vs = runStackPolicy(policy, [sa("web", UNKNOWN), workload(T.Deployment, "web")]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /can't run policy .* during preview/);
        assert.equal(vs[0].enforcementLevel, "advisory");
    });
});
