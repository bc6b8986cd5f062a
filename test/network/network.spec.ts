import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import * as net from "../../policypacks/policies/kubernetes/network";
import { matchSelector } from "../../policypacks/policies/kubernetes/network/selectors";
import { messages, runResourcePolicy, runStackPolicy, StackResourceInput, UNKNOWN } from "../helpers/policy-harness";
import { defaultDeny, deployment, goodTenant, ns } from "../namespace/fixtures";

const netpol = (name: string, namespace: string, spec: any): StackResourceInput => ({ type: T.NetworkPolicy, name, props: { metadata: { name, namespace }, spec } });
const svc = (spec: any, annotations?: any) => ({ metadata: { name: "s", namespace: "team", ...(annotations ? { annotations } : {}) }, spec });
const ingress = (spec: any, annotations?: any) => ({ metadata: { name: "i", namespace: "team", ...(annotations ? { annotations } : {}) }, spec });
const backend = { service: { name: "web", port: { number: 80 } } };
const rules = (host?: string) => [{ ...(host !== undefined ? { host } : {}), http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }];

describe("network policies", () => {
    describe("label selectors", () => {
        it("evaluate matchLabels and every matchExpressions operator as the API server does", () => {
            const l = { app: "web", tier: "front" };
            assert.equal(matchSelector({}, l), true);
            assert.equal(matchSelector({ matchLabels: { app: "web" } }, l), true);
            assert.equal(matchSelector({ matchLabels: { app: "db" } }, l), false);
            assert.equal(matchSelector({ matchExpressions: [{ key: "tier", operator: "In", values: ["front", "x"] }] }, l), true);
            assert.equal(matchSelector({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] }, l), false);
            assert.equal(matchSelector({ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, l), true);
            assert.equal(matchSelector({ matchExpressions: [{ key: "app", operator: "Exists" }] }, l), true);
            assert.equal(matchSelector({ matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, l), false);
            assert.equal(matchSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] }, l), false);
            assert.equal(matchSelector({ matchExpressions: [{ key: "app", operator: "Bogus" }] }, l), false);
        });
    });

    describe("require-namespace-default-deny (stack)", () => {
        it("passes a namespace with one policy denying both ways, or one per direction", () => {
            assert.deepEqual(runStackPolicy(net.requireNamespaceDefaultDeny, goodTenant("a")), []);
            const split = [ns("a"), deployment("w", "a"), netpol("in", "a", { podSelector: {} }), netpol("out", "a", { podSelector: {}, policyTypes: ["Egress"] })];
            assert.deepEqual(runStackPolicy(net.requireNamespaceDefaultDeny, split), []);
        });
        it("reports a namespace without default-deny, and one with only ingress deny", () => {
            assert.match(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a")])[0].message, /no default-deny ingress or egress/);
            const m = runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), netpol("in", "a", { podSelector: {} })])[0].message;
            assert.match(m, /no default-deny egress/);
        });
        it("does not count a policy with allow rules or a non-empty selector as default-deny", () => {
            const allow = netpol("p", "a", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }] });
            const sel = netpol("q", "a", { podSelector: { matchLabels: { app: "w" } }, policyTypes: ["Ingress", "Egress"] });
            assert.match(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), allow, sel])[0].message, /no default-deny ingress/);
        });
    });

    describe("require-workload-network-policy (stack)", () => {
        it("passes a workload selected by a policy (matchExpressions) or by default-deny", () => {
            const sel = netpol("p", "a", { podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["w"] }] }, ingress: [{ from: [{ podSelector: {} }] }] });
            assert.deepEqual(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), sel]), []);
            assert.deepEqual(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), defaultDeny("a")]), []);
        });
        it("reports a workload no policy of its namespace selects", () => {
            const other = netpol("p", "a", { podSelector: { matchLabels: { app: "db" } } });
            const elsewhere = defaultDeny("b");
            const m = messages(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), other, elsewhere]));
            assert.equal(m.length, 1);
            assert.match(m[0], /Deployment a\/w \(pod labels \{"app":"w"\}\) is selected by no NetworkPolicy of namespace "a"/);
        });
        it("treats unknown selectors as possibly selecting (no false positive at preview)", () => {
            assert.deepEqual(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), netpol("p", "a", { podSelector: UNKNOWN })]), []);
        });
    });

    describe("restrict-networkpolicy-rules (stack)", () => {
        it("passes specific peers and ports", () => {
            const p = netpol("p", "a", {
                podSelector: { matchLabels: { app: "w" } },
                ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }], ports: [{ port: 8080 }] }],
                egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }],
                policyTypes: ["Ingress", "Egress"],
            });
            assert.deepEqual(runStackPolicy(net.restrictNetworkPolicyRules, [deployment("w", "a"), p]), []);
        });
        it("reports ingress: [{}], egress to 0.0.0.0/0 and namespaceSelector {}", () => {
            const p = netpol("p", "a", { podSelector: {}, ingress: [{}], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }, { namespaceSelector: {} }] }], policyTypes: ["Ingress", "Egress"] });
            const m = messages(runStackPolicy(net.restrictNetworkPolicyRules, [deployment("w", "a"), p]))[0];
            assert.match(m, /spec.ingress\[0\] has no from/);
            assert.match(m, /spec.egress\[0\].to\[0\].ipBlock.cidr="0.0.0.0\/0"/);
            assert.match(m, /namespaceSelector=\{\} allows every pod of every namespace/);
            assert.match(m, /applies to every pod of the namespace/);
        });
        it("reports a dangling policy whose selector matches no workload of its namespace", () => {
            const p = netpol("p", "a", { podSelector: { matchLabels: { app: "wbe" } } });
            assert.match(messages(runStackPolicy(net.restrictNetworkPolicyRules, [deployment("w", "a"), p]))[0], /selects no pod/);
        });
    });

    describe("restrict-service-exposure (Service)", () => {
        const run = (props: any, config?: any) => runResourcePolicy(net.restrictServiceExposure, { type: T.Service, props, config });
        it("passes ClusterIP and an AKS internal LoadBalancer", () => {
            assert.deepEqual(run(svc({ type: "ClusterIP" })), []);
            assert.deepEqual(run(svc({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" })), []);
        });
        it("reports NodePort and a public LoadBalancer; config can allow them", () => {
            assert.match(messages(run(svc({ type: "NodePort" })))[0], /NodePort/);
            assert.match(messages(run(svc({ type: "LoadBalancer" })))[0], /gets a public address/);
            assert.match(messages(run(svc({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/azure-load-balancer-internal": "false" })))[0], /public/);
            assert.deepEqual(run(svc({ type: "NodePort" }), { allowNodePort: true }), []);
        });
    });

    describe("restrict-service-external-ips (Service)", () => {
        const run = (spec: any, config?: any) => runResourcePolicy(net.restrictServiceExternalIps, { type: T.Service, props: svc(spec), config });
        it("passes a plain Service and an ExternalName to a real host", () => {
            assert.deepEqual(run({ type: "ClusterIP" }), []);
            assert.deepEqual(run({ type: "ExternalName", externalName: "db.example.com" }), []);
        });
        it("reports externalIPs (unless allowed) and ExternalName to loopback", () => {
            assert.match(messages(run({ externalIPs: ["203.0.113.7"] }))[0], /CVE-2020-8554/);
            assert.deepEqual(run({ externalIPs: ["203.0.113.7"] }, { allowedExternalIPs: ["203.0.113.7"] }), []);
            for (const n of ["localhost", "127.0.0.2", "::1", "0.0.0.0"]) assert.equal(run({ type: "ExternalName", externalName: n }).length, 1, n);
        });
    });

    describe("require-ingress-tls (Ingress)", () => {
        const run = (spec: any) => runResourcePolicy(net.requireIngressTls, { type: T.Ingress, props: ingress(spec) });
        it("passes TLS covering every host, including a one-label wildcard", () => {
            assert.deepEqual(run({ tls: [{ hosts: ["*.example.com"], secretName: "t" }], rules: rules("app.example.com") }), []);
        });
        it("reports no TLS and hosts TLS does not cover", () => {
            assert.match(messages(run({ rules: rules("app.example.com") }))[0], /spec.tls is not set/);
            assert.match(messages(run({ tls: [{ hosts: ["*.example.com"] }], rules: rules("a.b.example.com") }))[0], /not covered/);
        });
    });

    describe("restrict-ingress-hosts (Ingress)", () => {
        const run = (spec: any) => runResourcePolicy(net.restrictIngressHosts, { type: T.Ingress, props: ingress(spec) });
        it("passes explicit hosts", () => {
            assert.deepEqual(run({ rules: rules("app.example.com") }), []);
        });
        it("reports empty and wildcard hosts and defaultBackend", () => {
            assert.match(messages(run({ rules: rules() }))[0], /host is empty/);
            assert.match(messages(run({ rules: rules("*.example.com") }))[0], /wildcard host/);
            assert.match(messages(run({ defaultBackend: backend }))[0], /defaultBackend/);
        });
    });

    describe("disallow-ingress-nginx-snippets (Ingress, ConfigMap)", () => {
        it("passes ordinary annotations and a controller ConfigMap with snippets off", () => {
            assert.deepEqual(runResourcePolicy(net.disallowIngressNginxSnippets, { type: T.Ingress, props: ingress({}, { "nginx.ingress.kubernetes.io/ssl-redirect": "true" }) }), []);
            assert.deepEqual(runResourcePolicy(net.disallowIngressNginxSnippets, { type: T.ConfigMap, props: { data: { "allow-snippet-annotations": "false" } } }), []);
        });
        it("reports snippet annotations and allow-snippet-annotations: true, without echoing snippet text", () => {
            const vs = runResourcePolicy(net.disallowIngressNginxSnippets, {
                type: T.Ingress,
                props: ingress({}, { "nginx.ingress.kubernetes.io/server-snippet": "location /x { return 200 'SECRET'; }", "nginx.ingress.kubernetes.io/auth-snippet": "x" }),
            });
            assert.equal(vs.length, 2);
            assert.ok(!vs.some((v) => v.message.includes("SECRET")));
            assert.equal(runResourcePolicy(net.disallowIngressNginxSnippets, { type: T.ConfigMap, props: { data: { "allow-snippet-annotations": "true" } } }).length, 1);
        });
    });

    describe("disallow-exposed-dashboards (stack)", () => {
        const dash = (args: string[] = [], ns = "kubernetes-dashboard") => deployment("dashboard", ns, { app: "dash" }, { image: "docker.io/kubernetesui/dashboard:v2.7.0", args });
        const service = (type: string, ns = "kubernetes-dashboard", annotations?: any): StackResourceInput => ({
            type: T.Service,
            name: "dash-svc",
            props: { metadata: { name: "dash", namespace: ns, ...(annotations ? { annotations } : {}) }, spec: { type, selector: { app: "dash" }, ports: [{ port: 443 }] } },
        });
        it("passes a dashboard behind ClusterIP without insecure flags", () => {
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboards, [dash(["--auto-generate-certificates"]), service("ClusterIP")]), []);
        });
        it("reports a dashboard exposed through a LoadBalancer or NodePort, and through an Ingress", () => {
            assert.match(messages(runStackPolicy(net.disallowExposedDashboards, [dash(), service("LoadBalancer")]))[0], /exposed by Service kubernetes-dashboard\/dash/);
            assert.equal(runStackPolicy(net.disallowExposedDashboards, [dash(), service("NodePort")]).length, 1);
            const ing: StackResourceInput = { type: T.Ingress, name: "ing", props: { metadata: { name: "ing", namespace: "kubernetes-dashboard" }, spec: { rules: [{ host: "d.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "dash", port: { number: 443 } } } }] } }] } } };
            assert.match(messages(runStackPolicy(net.disallowExposedDashboards, [dash(), service("ClusterIP"), ing]))[0], /exposed by Ingress/);
        });
        it("reports --enable-skip-login, Tiller without TLS and Grafana default credentials", () => {
            assert.match(messages(runStackPolicy(net.disallowExposedDashboards, [dash(["--enable-skip-login", "--disable-settings-authorizer"])]))[0], /--enable-skip-login.*--disable-settings-authorizer/);
            const tiller = deployment("tiller", "kube-system", { app: "helm" }, { image: "gcr.io/kubernetes-helm/tiller:v2.16.1" });
            assert.match(messages(runStackPolicy(net.disallowExposedDashboards, [tiller]))[0], /without TLS verification/);
            const grafana = deployment("grafana", "mon", { app: "g" }, { image: "docker.io/grafana/grafana:11.0.0", env: [{ name: "GF_SECURITY_ADMIN_PASSWORD", value: "admin" }] });
            const m = messages(runStackPolicy(net.disallowExposedDashboards, [grafana]))[0];
            assert.match(m, /default admin credentials/);
            assert.ok(!/value|"admin"/.test(m.split("\n").pop()!));
            const safe = deployment("grafana", "mon", { app: "g" }, { image: "docker.io/grafana/grafana:11.0.0", env: [{ name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "g", key: "pw" } } }] });
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboards, [safe]), []);
        });
    });

    it("every network policy tolerates malformed and unknown input", () => {
        const junk: StackResourceInput[] = [
            { type: T.NetworkPolicy, name: "n1", props: { spec: { podSelector: "x", ingress: [null, { from: "y" }], egress: {} } } as any },
            { type: T.NetworkPolicy, name: "n2", props: { metadata: UNKNOWN, spec: UNKNOWN } as any },
            { type: T.Service, name: "s1", props: { spec: { type: 3, externalIPs: "1.2.3.4", selector: [] } } as any },
            { type: T.Ingress, name: "i1", props: { spec: { tls: [null], rules: [null, { host: 5 }] } } as any },
            { type: T.Deployment, name: "d1", props: { spec: { template: { spec: { containers: [null, { image: UNKNOWN }] } } } } as any },
            { type: T.ConfigMap, name: "c1", props: { data: null } as any },
        ];
        for (const p of net.networkPolicies) {
            if ((p as any).validateStack) assert.doesNotThrow(() => runStackPolicy(p, junk), p.name);
            else for (const j of junk) assert.doesNotThrow(() => runResourcePolicy(p, { type: j.type, props: j.props }), p.name);
        }
    });
});
