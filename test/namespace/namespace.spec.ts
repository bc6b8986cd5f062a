import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { requirePodSecurityLabels } from "../../policypacks/policies/kubernetes/namespace/require-pod-security-labels";
import { requireResourceQuota } from "../../policypacks/policies/kubernetes/namespace/require-resource-quota";
import { requireLimitRange } from "../../policypacks/policies/kubernetes/namespace/require-limit-range";
import { restrictWorkloadNamespaces } from "../../policypacks/policies/kubernetes/namespace/restrict-workload-namespaces";
import { UNKNOWN, messages, runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";
import { waiverEntry } from "../../policypacks/lib/waivers";
import { PSA, deployment, goodTenant, limitRange, ns, quota } from "./fixtures";

describe("namespace policies", () => {
    describe("require-pod-security-labels (Namespace)", () => {
        const run = (labels: any, annotations?: any) =>
            runResourcePolicy(requirePodSecurityLabels, { type: T.Namespace, props: { metadata: { name: "t", labels, ...(annotations ? { annotations } : {}) } } });

        it("passes restricted, pinned, with audit and warn", () => {
            assert.deepEqual(run(PSA()), []);
        });
        it("reports a namespace without labels once, naming enforce, version, audit and warn", () => {
            const vs = messages(run(undefined));
            assert.equal(vs.length, 1, "one root cause, one finding");
            const m = vs[0];
            for (const k of ["enforce\"] is not set", "enforce-version\"] is not set", "audit\"] is not set", "warn\"] is not set"]) assert.match(m, new RegExp(k.replace(/[[\]"]/g, ".")));
        });
        it("reports baseline and privileged as weaker than restricted", () => {
            assert.match(messages(run(PSA("baseline")))[0], /enforce"\]="baseline" is weaker than "restricted"/);
            assert.match(messages(run(PSA("privileged")))[0], /admits privileged pods/);
        });
        it("accepts baseline when configured, and with a waiver reports it as waived", () => {
            assert.deepEqual(runResourcePolicy(requirePodSecurityLabels, { type: T.Namespace, props: { metadata: { labels: PSA("baseline") } }, config: { level: "baseline" } }), []);
            const [k, v] = waiverEntry("k8s", "require-pod-security-labels", "legacy app needs root until Q3", "2099-01-01");
            process.env.KSL_TODAY = "2098-06-01";
            try {
                const vs = run(PSA("baseline"), { [k]: v });
                assert.equal(vs.length, 1);
                assert.equal(vs[0].waived, true);
            } finally {
                delete process.env.KSL_TODAY;
            }
        });
        it("reports enforce-version latest and malformed versions, and invalid levels", () => {
            assert.match(messages(run(PSA("restricted", "latest")))[0], /"latest" is not pinned/);
            assert.match(messages(run(PSA("restricted", "1.30")))[0], /not a version/);
            assert.match(messages(run({ ...PSA(), "pod-security.kubernetes.io/enforce": "strict" }))[0], /not a Pod Security level/);
        });
        it("reports audit/warn weaker than enforce", () => {
            assert.match(messages(run({ ...PSA(), "pod-security.kubernetes.io/warn": "privileged" }))[0], /weaker than enforce/);
        });
        it("never throws on malformed or unknown input", () => {
            // Unknown labels are reported as not checkable during preview (advisory), never passed.
            const unknown = runResourcePolicy(requirePodSecurityLabels, { type: T.Namespace, props: { metadata: { labels: UNKNOWN } } });
            assert.deepEqual(unknown.map((v) => [v.enforcementLevel, /^can't run policy 'require-pod-security-labels' during preview/.test(v.message)]), [["advisory", true]]);
            assert.doesNotThrow(() => runResourcePolicy(requirePodSecurityLabels, { type: T.Namespace, props: { metadata: "x" } as any }));
            assert.doesNotThrow(() => runResourcePolicy(requirePodSecurityLabels, { type: T.Namespace, props: {} }));
        });
    });

    describe("require-resource-quota (stack)", () => {
        it("passes a namespace with a cpu+memory quota", () => {
            assert.deepEqual(runStackPolicy(requireResourceQuota, goodTenant("a")), []);
        });
        it("reports a namespace with workloads and no quota, at the Namespace", () => {
            const vs = runStackPolicy(requireResourceQuota, [ns("a"), deployment("web", "a")]);
            assert.equal(vs.length, 1);
            assert.match(vs[0].message, /namespace "a" \(holding Deployment web\) has no unscoped ResourceQuota/);
            assert.match(vs[0].urn!, /Namespace::a-ns$/);
        });
        it("reports a quota that caps no memory, and ignores scoped quotas", () => {
            assert.match(runStackPolicy(requireResourceQuota, [ns("a"), deployment("web", "a"), quota("a", { pods: "10", "limits.cpu": "2" })])[0].message, /caps memory/);
            const scoped = quota("a");
            (scoped.props as any).spec.scopes = ["BestEffort"];
            assert.equal(runStackPolicy(requireResourceQuota, [ns("a"), deployment("web", "a"), scoped]).length, 1);
        });
        it("resolves the namespace through propertyDependencies when metadata.namespace is unknown", () => {
            const w = deployment("web", UNKNOWN);
            w.propertyDependencies = { metadata: ["a-ns"] };
            assert.deepEqual(runStackPolicy(requireResourceQuota, [ns("a"), w, quota("a")]), []);
            assert.equal(runStackPolicy(requireResourceQuota, [ns("a"), w]).length, 1);
        });
        it("reports at the workload when the Namespace is not in the stack; ignores namespaces without workloads", () => {
            assert.match(runStackPolicy(requireResourceQuota, [deployment("web", "x")])[0].urn!, /Deployment::web$/);
            assert.deepEqual(runStackPolicy(requireResourceQuota, [ns("empty")]), []);
        });
    });

    describe("require-limit-range (stack)", () => {
        it("passes with a Container default", () => {
            assert.deepEqual(runStackPolicy(requireLimitRange, goodTenant("a")), []);
        });
        it("reports a missing LimitRange and one without Container defaults", () => {
            assert.match(runStackPolicy(requireLimitRange, [ns("a"), deployment("w", "a")])[0].message, /no LimitRange/);
            const lr = limitRange("a");
            (lr.props as any).spec.limits = [{ type: "Pod", max: { cpu: "1" } }];
            assert.match(runStackPolicy(requireLimitRange, [ns("a"), deployment("w", "a"), lr])[0].message, /type Container with default/);
        });
    });

    describe("restrict-workload-namespaces (stack)", () => {
        it("passes workloads in their own namespace and allow-listed system objects", () => {
            const cm = { type: T.ConfigMap, name: "coredns", props: { metadata: { name: "coredns-custom", namespace: "kube-system" } } };
            assert.deepEqual(runStackPolicy(restrictWorkloadNamespaces, [...goodTenant("a"), cm]), []);
        });
        it("reports default, no namespace and system namespaces, for every kind", () => {
            const vs = runStackPolicy(restrictWorkloadNamespaces, [
                deployment("a", "default"),
                deployment("b", undefined),
                deployment("c", "kube-system"),
                { type: T.Service, name: "s", props: { metadata: { name: "s", namespace: "default" } } },
                { type: T.Secret, name: "x", props: { metadata: { name: "x", namespace: "kube-public" } } },
            ]);
            const m = messages(vs);
            assert.equal(m.length, 5);
            assert.match(m[0], /metadata.namespace="default"/);
            assert.match(m[1], /sets no metadata.namespace/);
            assert.match(m[2], /"kube-system" is a system namespace/);
        });
        it("honours a configured allow-list", () => {
            assert.deepEqual(runStackPolicy(restrictWorkloadNamespaces, [deployment("agent", "kube-system")], { systemAllowList: ["kube-system/agent"] }), []);
        });
        it("allows kubeadm's own configuration ConfigMaps by default, with prefix entries", () => {
            const cm = (name: string) => ({ type: T.ConfigMap, name, props: { metadata: { name, namespace: "kube-system" } } });
            assert.deepEqual(runStackPolicy(restrictWorkloadNamespaces, [cm("kubeadm-config"), cm("kubelet-config"), cm("kubelet-config-workers")]), []);
            // A prefix entry matches by prefix only, not any other name.
            assert.equal(runStackPolicy(restrictWorkloadNamespaces, [cm("kubelet-configurator")]).length, 1);
            assert.equal(runStackPolicy(restrictWorkloadNamespaces, [cm("evil")]).length, 1);
            assert.equal(runStackPolicy(restrictWorkloadNamespaces, [deployment("agent-x", "kube-system")], { systemAllowList: ["kube-system/agent-*"] }).length, 0);
        });
        it("allows what kubeadm and the API server keep in system namespaces themselves", () => {
            const cm = (namespace: string, name: string) => ({ type: T.ConfigMap, name: `${namespace}-${name}`, props: { metadata: { name, namespace } } });
            assert.deepEqual(runStackPolicy(restrictWorkloadNamespaces, [cm("kube-system", "kube-proxy"), cm("kube-system", "coredns"), cm("kube-system", "extension-apiserver-authentication"), cm("kube-public", "cluster-info")]), []);
        });
        it("does not judge Roles and RoleBindings, which must live in the namespace they grant in (monitoring in kube-system and default)", () => {
            const rbac = (kind: "Role" | "RoleBinding", namespace: string) => ({
                type: kind === "Role" ? T.Role : T.RoleBinding,
                name: `${kind}-${namespace}`,
                props: { metadata: { name: "prometheus-k8s", namespace }, ...(kind === "Role" ? { rules: [] } : { roleRef: { kind: "Role", name: "prometheus-k8s" }, subjects: [] }) },
            });
            assert.deepEqual(runStackPolicy(restrictWorkloadNamespaces, [rbac("Role", "kube-system"), rbac("RoleBinding", "kube-system"), rbac("Role", "default"), rbac("RoleBinding", "default")]), []);
            // A workload there still is.
            assert.equal(runStackPolicy(restrictWorkloadNamespaces, [rbac("Role", "kube-system"), deployment("prometheus", "kube-system")]).length, 1);
        });
        it("does not judge a Service with a selector, which must live with the pods it selects (kube-prometheus-stack's headless control-plane Services)", () => {
            // As the chart renders them: a headless Service in kube-system selecting kube-controller-manager's static pods.
            const headless = (name: string, component: string) => ({
                type: T.Service,
                name,
                props: { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "kube-system", labels: { app: "kube-prometheus-stack-kube-controller-manager", jobLabel: component } }, spec: { clusterIP: "None", ports: [{ name: "http-metrics", port: 10257, protocol: "TCP", targetPort: 10257 }], selector: { component } } },
            });
            assert.deepEqual(runStackPolicy(restrictWorkloadNamespaces, [headless("kps-kube-controller-manager", "kube-controller-manager"), headless("kps-kube-scheduler", "kube-scheduler")]), []);
            // Its true twin: a selector-less Service (endpoints managed by hand) placed there is reported, as is a Deployment.
            const manual = { type: T.Service, name: "ext", props: { metadata: { name: "ext", namespace: "kube-system" }, spec: { ports: [{ port: 443 }] } } };
            assert.equal(runStackPolicy(restrictWorkloadNamespaces, [manual, deployment("exporter", "kube-system")]).length, 2);
        });
    });
});
