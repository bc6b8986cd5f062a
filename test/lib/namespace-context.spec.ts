// namespaceContext: another stack's namespace objects used as if they were in this stack, by the
// policies that read them (default-deny, workload isolation, quota, limits, Pod Security level).
import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { contextFromObjects, describeContext } from "../../policypacks/lib/namespace-context";
import * as net from "../../policypacks/policies/kubernetes/network";
import { requireResourceQuota } from "../../policypacks/policies/kubernetes/namespace/require-resource-quota";
import { pssRunAsNonRoot } from "../../policypacks/policies/kubernetes/workload/pss-run-as-non-root";
import { resetNamespaceRegistry } from "../../policypacks/lib/pod-security";
import { runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";
import { deployment } from "../namespace/fixtures";

const platform = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { "pod-security.kubernetes.io/enforce": "baseline", team: "a" }, annotations: { "waivers.ksl.dev/require-pod-security-labels": "expires=2027-03-01; justification=legacy agent until March", "owner-email": "a@example.com" } } },
    { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny", namespace: "team-a" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "quota", namespace: "team-a" }, spec: { hard: { "requests.cpu": "4", "requests.memory": "8Gi" } } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "team-a" }, data: { password: "c2VjcmV0" } },
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "other", namespace: "team-a" }, spec: {} },
];
const ctx = contextFromObjects(platform, "stack export platform.json");
const config = { namespaceContext: ctx };

describe("namespace context", () => {
    it("keeps only what the policies read: the four kinds, labels, the library's waiver annotations, specs", () => {
        assert.deepEqual(ctx.objects.map((o) => o.kind), ["Namespace", "NetworkPolicy", "ResourceQuota"]);
        assert.deepEqual(ctx.objects[0].metadata.annotations, { "waivers.ksl.dev/require-pod-security-labels": "expires=2027-03-01; justification=legacy agent until March" });
        assert.ok(!JSON.stringify(ctx).includes("c2VjcmV0"));
        assert.deepEqual(describeContext(ctx), ["team-a: Pod Security enforce=baseline, NetworkPolicy default-deny, ResourceQuota quota"]);
    });

    it("stack policies see the context's objects as if they were in the stack; findings never land on them", () => {
        const stack = [deployment("web", "team-a")];
        assert.equal(runStackPolicy(net.requireNamespaceDefaultDeny, stack).length, 1);
        assert.deepEqual(runStackPolicy(net.requireNamespaceDefaultDeny, stack, config), []);
        assert.deepEqual(runStackPolicy(net.requireWorkloadNetworkPolicy, stack, config), []);
        assert.deepEqual(runStackPolicy(requireResourceQuota, stack, config), []);
        // A namespace the context does not describe is judged as before, and reported on the workload.
        const vs = runStackPolicy(net.requireNamespaceDefaultDeny, [deployment("web", "team-b")], config);
        assert.equal(vs.length, 1);
        assert.ok(!vs[0].urn?.startsWith("urn:pulumi:context::"));
    });

    it("Pod Security policies hold a workload to its context namespace's level, and say it came from context", () => {
        resetNamespaceRegistry();
        const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "agent", namespace: "team-a" }, spec: { containers: [{ name: "a", image: "ghcr.io/acme/agent:1", securityContext: { runAsNonRoot: false } }] } };
        // restricted by default; the context's namespace enforces baseline, which has no runAsNonRoot control.
        assert.match(runResourcePolicy(pssRunAsNonRoot, { type: T.Pod, props: pod })[0].message, /\[restricted:latest\]/);
        assert.deepEqual(runResourcePolicy(pssRunAsNonRoot, { type: T.Pod, props: pod, config }), []);
        // A restricted namespace of the context: the finding says where its level came from.
        const restricted = contextFromObjects([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.33" } } }], "stack export platform.json");
        const vs = runResourcePolicy(pssRunAsNonRoot, { type: T.Pod, props: pod, config: { namespaceContext: restricted } });
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /\[restricted:v1\.33, namespace "team-a" from context \(stack export platform\.json\)\]/);
    });
});
