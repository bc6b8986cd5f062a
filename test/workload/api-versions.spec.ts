// Every served and formerly served API version of a kind is checked, read as the current version,
// and a removed version is itself a finding naming the release that removed it.
import { strict as assert } from "assert";
import { FORMER_API_VERSIONS } from "../../policypacks/lib/kube-api";
import { canonicalProps } from "../../policypacks/lib/type-tokens";
import { T } from "../../policypacks/lib/k8s";
import { pssPrivileged } from "../../policypacks/policies/kubernetes/workload/pss-privileged";
import { disallowRemovedApiVersions } from "../../policypacks/policies/kubernetes/workload/disallow-removed-api-versions";
import { requireIngressTls } from "../../policypacks/policies/kubernetes/network/require-ingress-tls";
import { requireWorkloadNetworkPolicy } from "../../policypacks/policies/kubernetes/network/require-workload-network-policy";
import { disallowRbacWildcards } from "../../policypacks/policies/kubernetes/rbac/disallow-rbac-wildcards";
import { runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";
import { hardened } from "./kinds";

const privileged = (type: string) => hardened(type, (s) => (s.containers[0].securityContext.privileged = true));

describe("removed API versions", () => {
    const formerPodKinds: Array<[string, string]> = [
        ["kubernetes:extensions/v1beta1:Deployment", T.Deployment],
        ["kubernetes:extensions/v1beta1:DaemonSet", T.DaemonSet],
        ["kubernetes:extensions/v1beta1:ReplicaSet", T.ReplicaSet],
        ["kubernetes:apps/v1beta1:Deployment", T.Deployment],
        ["kubernetes:apps/v1beta1:StatefulSet", T.StatefulSet],
        ["kubernetes:apps/v1beta2:Deployment", T.Deployment],
        ["kubernetes:apps/v1beta2:DaemonSet", T.DaemonSet],
        ["kubernetes:apps/v1beta2:ReplicaSet", T.ReplicaSet],
        ["kubernetes:apps/v1beta2:StatefulSet", T.StatefulSet],
        ["kubernetes:batch/v1beta1:CronJob", T.CronJob],
        ["kubernetes:batch/v2alpha1:CronJob", T.CronJob],
    ];
    for (const [old, current] of formerPodKinds) {
        it(`${old.split(":")[1]} ${old.split(":")[2]} is checked as ${current.split(":")[1]} (pss-privileged)`, () => {
            const vs = runResourcePolicy(pssPrivileged, { type: old, props: privileged(current) });
            assert.equal(vs.length, 1);
            assert.equal(runResourcePolicy(pssPrivileged, { type: old, props: hardened(current) }).length, 0);
        });
    }

    it("every removed version is itself a finding, naming the release that removed it and the version to use", () => {
        for (const [type, former] of FORMER_API_VERSIONS) {
            const vs = runResourcePolicy(disallowRemovedApiVersions, { type, props: { metadata: { name: "x" } } });
            assert.equal(vs.length, 1, type);
            assert.match(vs[0].message, new RegExp(`was removed in Kubernetes ${former.removedIn.replace(".", "\\.")}`));
            assert.equal(vs[0].enforcementLevel, "mandatory");
        }
        const [v] = runResourcePolicy(disallowRemovedApiVersions, { type: "kubernetes:batch/v1beta1:CronJob", props: {} });
        assert.match(v.message, /batch\/v1beta1 CronJob was removed in Kubernetes 1\.25: .*; use batch\/v1 CronJob\./);
        const [psp] = runResourcePolicy(disallowRemovedApiVersions, { type: "kubernetes:policy/v1beta1:PodSecurityPolicy", props: {} });
        assert.match(psp.message, /it has no successor API/);
    });

    it("current versions are not reported", () => {
        for (const type of [T.Deployment, T.CronJob, T.Ingress, T.ClusterRole]) assert.deepEqual(runResourcePolicy(disallowRemovedApiVersions, { type, props: {} }), []);
    });

    it("a v1beta1 Ingress is read in v1's shape (backends, pathType) and checked (require-ingress-tls)", () => {
        const old = {
            apiVersion: "networking.k8s.io/v1beta1",
            kind: "Ingress",
            metadata: { name: "web", namespace: "legacy" },
            spec: { backend: { serviceName: "web", servicePort: 80 }, rules: [{ host: "legacy.example.com", http: { paths: [{ path: "/", backend: { serviceName: "web", servicePort: "http" } }] } }] },
        };
        const v1 = canonicalProps("kubernetes:networking.k8s.io/v1beta1:Ingress", old);
        assert.deepEqual(v1.spec.defaultBackend, { service: { name: "web", port: { number: 80 } } });
        assert.deepEqual(v1.spec.rules[0].http.paths[0], { pathType: "ImplementationSpecific", path: "/", backend: { service: { name: "web", port: { name: "http" } } } });
        for (const type of ["kubernetes:networking.k8s.io/v1beta1:Ingress", "kubernetes:extensions/v1beta1:Ingress"]) {
            assert.equal(runResourcePolicy(requireIngressTls, { type, props: old }).length, 1, type);
        }
    });

    it("RBAC and NetworkPolicy of removed versions are read by the stack policies", () => {
        const role = { type: "kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRole", name: "op", props: { metadata: { name: "op" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] } };
        assert.equal(runStackPolicy(disallowRbacWildcards, [role]).length, 1);
        const deploy = { type: "kubernetes:apps/v1beta2:Deployment", name: "web", props: hardened(T.Deployment) };
        const deny = { type: "kubernetes:extensions/v1beta1:NetworkPolicy", name: "deny", props: { metadata: { name: "deny", namespace: "apps" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } } };
        assert.deepEqual(runStackPolicy(requireWorkloadNetworkPolicy, [deploy, deny]), []);
        assert.equal(runStackPolicy(requireWorkloadNetworkPolicy, [deploy]).length, 1);
    });
});
