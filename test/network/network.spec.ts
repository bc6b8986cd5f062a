import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import * as net from "../../policypacks/policies/kubernetes/network";
import { matchSelector } from "../../policypacks/lib/selectors";
import { messages, runResourcePolicy, runStackPolicy, StackResourceInput, UNKNOWN, findingsOf, assertNotCheckable } from "../helpers/policy-harness";
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
            // sel isolates w, but pod "x" of the same namespace is selected by nothing: the namespace stays open.
            assert.match(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), deployment("x", "a"), sel])[0].message, /no default-deny ingress or egress/);
            // A namespace-wide policy with allow rules isolates every pod (only its flows pass), as a default deny does.
            assert.deepEqual(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), allow]), []);
        });
        it("passes a namespace whose chart policies isolate every pod of the stack both ways (per-component NetworkPolicies)", () => {
            // In the shape of charts that ship one NetworkPolicy per component (argo-cd's, cert-manager's):
            // each selects its component's pods with policyTypes Ingress and Egress and allows only its flows.
            const perComponent = (app: string) => netpol(app, "a", { podSelector: { matchLabels: { app } }, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: { matchLabels: { app: "w" } } }], ports: [{ port: 8080 }] }], egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] });
            assert.deepEqual(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), deployment("x", "a"), perComponent("w"), perComponent("x")]), []);
        });
        it("its true twins: a pod no policy selects, a direction no policy isolates, a selector that may not match keep the finding", () => {
            const ingressOnly = (app: string) => netpol(app, "a", { podSelector: { matchLabels: { app } }, ingress: [{ from: [{ podSelector: {} }] }] });
            assert.match(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), ingressOnly("w")])[0].message, /namespace "a" .*no default-deny egress NetworkPolicy/);
            const both = netpol("w", "a", { podSelector: { matchLabels: { app: "w" } }, policyTypes: ["Ingress", "Egress"] });
            assert.match(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), deployment("x", "a"), both])[0].message, /no default-deny ingress or egress/);
            const unknownSel = netpol("w", "a", { podSelector: { matchLabels: { app: UNKNOWN } }, policyTypes: ["Ingress", "Egress"] });
            assert.equal(runStackPolicy(net.requireNamespaceDefaultDeny, [ns("a"), deployment("w", "a"), unknownSel]).length, 1);
        });
    });

    describe("require-workload-network-policy (stack)", () => {
        it("passes a workload selected by a policy (matchExpressions) or by default-deny", () => {
            const sel = netpol("p", "a", { podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["w"] }] }, ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
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
            assert.deepEqual(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), netpol("p", "a", { podSelector: UNKNOWN, policyTypes: ["Ingress", "Egress"] })]), []);
        });
        it("reports a workload isolated in one direction only (an Ingress-only policy, as Argo CD ships; or Egress-only)", () => {
            const ingressOnly = netpol("argocd-application-controller-network-policy", "a", { podSelector: { matchLabels: { app: "w" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: {} }] }] });
            const m = messages(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), ingressOnly]));
            assert.equal(m.length, 1);
            assert.match(m[0], /is selected only by Ingress NetworkPolicies \("argocd-application-controller-network-policy"\) in namespace "a": its egress is not isolated/);
            // policyTypes unset with ingress rules only defaults to Ingress.
            assert.equal(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), netpol("p", "a", { podSelector: {}, ingress: [{}] })]).length, 1);
            const egressOnly = netpol("e", "a", { podSelector: {}, policyTypes: ["Egress"] });
            assert.match(messages(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), egressOnly]))[0], /only by Egress NetworkPolicies .*: its ingress is not isolated/);
            // Two policies that together cover both directions are enough.
            assert.deepEqual(runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), ingressOnly, egressOnly]), []);
        });
        it("an unknown policyTypes that may close the open direction is not checkable, never a pass", () => {
            const vs = runStackPolicy(net.requireWorkloadNetworkPolicy, [deployment("w", "a"), netpol("p", "a", { podSelector: {}, policyTypes: UNKNOWN })]);
            assert.equal(vs.length, 1);
            assert.match(vs[0].message, /can't run policy/);
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
        const run = (props: any, config?: any) => runResourcePolicy(net.restrictServiceExposureFor("aks"), { type: T.Service, props, config });
        const azureInternal = { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" };
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
        it("on-prem, Azure's internal annotation does nothing: the LoadBalancer is reported; the site's own pool annotation passes once configured", () => {
            const onprem = (props: any, config?: any) => runResourcePolicy(net.restrictServiceExposureFor("onprem"), { type: T.Service, props, config });
            assert.match(messages(onprem(svc({ type: "LoadBalancer" }, azureInternal)))[0], /no annotation is configured as internal on this platform/);
            const pool = { "metallb.universe.tf/address-pool": "private" };
            assert.equal(onprem(svc({ type: "LoadBalancer" }, pool)).length, 1);
            assert.deepEqual(onprem(svc({ type: "LoadBalancer" }, pool), { internalLoadBalancerAnnotations: pool }), []);
            // The packs hold the per-platform objects under one name, each with its platform's default.
            assert.deepEqual((net.restrictServiceExposureFor("onprem").configSchema as any).properties.internalLoadBalancerAnnotations.default, {});
            assert.deepEqual((net.restrictServiceExposureFor("aks").configSchema as any).properties.internalLoadBalancerAnnotations.default, azureInternal);
        });
        it("on-prem, a dashboard behind a LoadBalancer carrying Azure's annotation is exposed", () => {
            const dash = deployment("dash", "kd", { app: "dash" }, { image: "docker.io/kubernetesui/dashboard:v2.7.0" });
            const lb: StackResourceInput = { type: T.Service, name: "dash-svc", props: { metadata: { name: "dash", namespace: "kd", annotations: azureInternal }, spec: { type: "LoadBalancer", selector: { app: "dash" }, ports: [{ port: 443 }] } } };
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [dash, lb]), []);
            assert.match(messages(runStackPolicy(net.disallowExposedDashboardsFor("onprem"), [dash, lb]))[0], /exposed by Service kd\/dash/);
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
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [dash(["--auto-generate-certificates"]), service("ClusterIP")]), []);
        });
        it("reports a dashboard exposed through a LoadBalancer or NodePort, and through an Ingress", () => {
            assert.match(messages(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [dash(), service("LoadBalancer")]))[0], /exposed by Service kubernetes-dashboard\/dash/);
            assert.equal(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [dash(), service("NodePort")]).length, 1);
            const ing: StackResourceInput = { type: T.Ingress, name: "ing", props: { metadata: { name: "ing", namespace: "kubernetes-dashboard" }, spec: { rules: [{ host: "d.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "dash", port: { number: 443 } } } }] } }] } } };
            assert.match(messages(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [dash(), service("ClusterIP"), ing]))[0], /exposed by Ingress/);
        });
        it("reports --enable-skip-login, Tiller without TLS and Grafana default credentials", () => {
            assert.match(messages(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [dash(["--enable-skip-login", "--disable-settings-authorizer"])]))[0], /--enable-skip-login.*--disable-settings-authorizer/);
            const tiller = deployment("tiller", "kube-system", { app: "helm" }, { image: "gcr.io/kubernetes-helm/tiller:v2.16.1" });
            assert.match(messages(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [tiller]))[0], /without TLS verification/);
            const grafana = deployment("grafana", "mon", { app: "g" }, { image: "docker.io/grafana/grafana:11.0.0", env: [{ name: "GF_SECURITY_ADMIN_PASSWORD", value: "admin" }] });
            const m = messages(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [grafana]))[0];
            assert.match(m, /default admin credentials/);
            assert.ok(!/value|"admin"/.test(m.split("\n").pop()!));
            const safe = deployment("grafana", "mon", { app: "g" }, { image: "docker.io/grafana/grafana:11.0.0", env: [{ name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "g", key: "pw" } } }] });
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [safe]), []);
        });
        it("reports Grafana open to anonymous users as Admin or Editor, not as Viewer", () => {
            const pw = { name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "g", key: "pw" } } };
            const grafana = (role?: string) =>
                deployment("grafana", "mon", { app: "g" }, { image: "grafana/grafana:11.2.0", env: [pw, { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "true" }, ...(role ? [{ name: "GF_AUTH_ANONYMOUS_ORG_ROLE", value: role }] : [])] });
            assert.match(messages(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [grafana("Admin")]))[0], /lets anyone in without logging in as Admin/);
            assert.equal(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [grafana("Editor")]).length, 1);
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [grafana("Viewer")]), []);
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [grafana()]), []);
        });
        it("reports Kiali with auth.strategy anonymous (its ConfigMap or Kiali resource), not with a login strategy", () => {
            const kiali = deployment("kiali", "istio-system", { app: "kiali" }, { image: "quay.io/kiali/kiali:v1.89.0" });
            const cm = (strategy: string) => ({ type: T.ConfigMap, name: "kiali-cm", props: { metadata: { name: "kiali", namespace: "istio-system" }, data: { "config.yaml": `auth:\n  openid: {}\n  strategy: ${strategy}\ndeployment:\n  namespace: istio-system\n` } } });
            assert.match(messages(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [cm("anonymous"), kiali]))[0], /Kiali runs with auth.strategy: anonymous/);
            assert.deepEqual(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [cm("token"), kiali]), []);
            const cr = { type: "kubernetes:kiali.io/v1alpha1:Kiali", name: "kiali-cr", props: { metadata: { name: "kiali", namespace: "istio-system" }, spec: { auth: { strategy: "anonymous" } } } };
            assert.equal(runStackPolicy(net.disallowExposedDashboardsFor("aks"), [cr, kiali]).length, 1);
        });
    });

    describe("values unknown during preview: reported as not checkable, never passed", () => {
        const findings = findingsOf;
        const advisoryAt = assertNotCheckable;

        it("restrict-service-exposure: unknown spec.type, or a LoadBalancer's unknown annotations", () => {
            const run = (props: any) => runResourcePolicy(net.restrictServiceExposureFor("aks"), { type: T.Service, props });
            advisoryAt(run(svc({ type: UNKNOWN })), /value at \.spec\.type can't be known/);
            advisoryAt(run(svc(UNKNOWN)), /value at \.spec can't be known/);
            advisoryAt(run(svc({ type: "LoadBalancer" }, UNKNOWN)), /\.metadata\.annotations/);
            advisoryAt(run(svc({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/azure-load-balancer-internal": UNKNOWN })), /\.metadata\.annotations/);
            // Known fields that decide alone: no advisory.
            assert.deepEqual(run(svc({ type: "ClusterIP" }, UNKNOWN)), []);
            const np = run(svc({ type: "NodePort", ports: UNKNOWN }, UNKNOWN));
            assert.equal(np.length, 1);
            assert.match(np[0].message, /NodePort/);
            assert.deepEqual(run(svc({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/azure-load-balancer-internal": "true", other: UNKNOWN })), []);
        });

        it("restrict-service-external-ips: a known external IP is reported next to an unknown one; unknown type or externalName", () => {
            const run = (spec: any) => runResourcePolicy(net.restrictServiceExternalIps, { type: T.Service, props: svc(spec) });
            const both = run({ externalIPs: ["203.0.113.7", UNKNOWN] });
            assert.deepEqual(findings(both).length, 1);
            assert.match(findings(both)[0], /spec.externalIPs=\["203.0.113.7"\]/);
            advisoryAt(both, /\.spec\.externalIPs\[1\] can't be known/);
            advisoryAt(run({ externalIPs: UNKNOWN }), /\.spec\.externalIPs can't be known/);
            advisoryAt(run(UNKNOWN), /\.spec can't be known/);
            advisoryAt(run({ type: UNKNOWN, externalName: "localhost" }), /\.spec\.type can't be known/);
            advisoryAt(run({ type: "ExternalName", externalName: UNKNOWN }), /\.spec\.externalName can't be known/);
            // The type only matters next to a loopback externalName.
            assert.deepEqual(run({ type: UNKNOWN, externalName: "db.example.com" }), []);
            assert.deepEqual(run({ type: UNKNOWN, ports: UNKNOWN }), []);
            assert.deepEqual(run({ type: "ClusterIP", externalName: UNKNOWN }), []);
        });

        it("disallow-ingress-nginx-snippets: unknown Ingress annotations and controller ConfigMap data", () => {
            const run = (type: string, props: any) => runResourcePolicy(net.disallowIngressNginxSnippets, { type, props });
            advisoryAt(run(T.Ingress, ingress({}, UNKNOWN)), /\.metadata\.annotations can't be known/);
            advisoryAt(run(T.Ingress, { metadata: UNKNOWN, spec: {} }), /\.metadata\.annotations can't be known/);
            // Keys decide; an unknown value of a snippet annotation is still a snippet, of another annotation irrelevant.
            const snippet = run(T.Ingress, ingress({}, { "nginx.ingress.kubernetes.io/server-snippet": UNKNOWN, "nginx.ingress.kubernetes.io/ssl-redirect": UNKNOWN }));
            assert.equal(snippet.length, 1);
            assert.match(snippet[0].message, /server-snippet/);
            assert.deepEqual(run(T.Ingress, ingress({}, { "nginx.ingress.kubernetes.io/ssl-redirect": UNKNOWN })), []);
            advisoryAt(run(T.ConfigMap, { metadata: { name: "x" }, data: { "allow-snippet-annotations": UNKNOWN } }), /allow-snippet-annotations can't be known/);
            advisoryAt(run(T.ConfigMap, { metadata: { name: "ingress-nginx-controller", namespace: "ingress-nginx" }, data: UNKNOWN }), /\.data can't be known/);
            // Another ConfigMap's unknown data is not this policy's business.
            assert.deepEqual(run(T.ConfigMap, { metadata: { name: "app-settings" }, data: UNKNOWN }), []);
        });

        it("restrict-networkpolicy-rules: an allow-all rule is reported next to unknown rules; unknown selectors are not read as {}", () => {
            const run = (...rs: StackResourceInput[]) => runStackPolicy(net.restrictNetworkPolicyRules, [deployment("w", "a"), ...rs]);
            const both = run(netpol("p", "a", { podSelector: { matchLabels: { app: "w" } }, ingress: [{}], egress: UNKNOWN, policyTypes: ["Ingress", "Egress"] }));
            assert.equal(findings(both).length, 1);
            assert.match(findings(both)[0], /spec.ingress\[0\] has no from/);
            advisoryAt(both, /<NetworkPolicy a\/p>\.spec\.egress can't be known/);
            advisoryAt(run(netpol("p", "a", UNKNOWN)), /\.spec can't be known/);
            advisoryAt(run(netpol("p", "a", { podSelector: {}, ingress: [{ from: [UNKNOWN] }] })), /\.spec\.ingress\[0\]\.from\[0\] can't be known/);
            advisoryAt(run(netpol("p", "a", { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: UNKNOWN } }] }] })), /ipBlock\.cidr can't be known/);
            // namespaceSelector with unknown matchLabels may be narrow: not checkable, not "allows every namespace".
            const ns = run(netpol("p", "a", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: UNKNOWN } }] }] }));
            assert.equal(findings(ns).length, 0, JSON.stringify(ns));
            advisoryAt(ns, /from\[0\]\.namespaceSelector can't be known/);
            // Dangling check: unknown selector, or the only candidate's labels unknown.
            advisoryAt(run(netpol("p", "a", { podSelector: UNKNOWN })), /\.spec\.podSelector can't be known/);
            const unlabeled: StackResourceInput = { ...deployment("v", "b"), props: { metadata: { name: "v", namespace: "b" }, spec: { template: { metadata: { labels: UNKNOWN }, spec: { containers: [] } } } } };
            advisoryAt(runStackPolicy(net.restrictNetworkPolicyRules, [unlabeled, netpol("p", "b", { podSelector: { matchLabels: { app: "v" } } })]), /<Deployment b\/v>\.spec\.template\.metadata\.labels/);
            // A known match decides: the other workload's unknown labels do not matter.
            assert.deepEqual(runStackPolicy(net.restrictNetworkPolicyRules, [unlabeled, deployment("w", "b"), netpol("p", "b", { podSelector: { matchLabels: { app: "w" } } })]), []);
        });

        describe("disallow-exposed-dashboards", () => {
            const dash = (extra: any = {}) => deployment("dashboard", "kd", { app: "dash" }, { image: "docker.io/kubernetesui/dashboard:v2.7.0", ...extra });
            const service = (name: string, spec: any): StackResourceInput => ({ type: T.Service, name, props: { metadata: { name, namespace: "kd" }, spec } });
            const run = (...rs: StackResourceInput[]) => runStackPolicy(net.disallowExposedDashboardsFor("aks"), rs);
            it("an unknown image may be a dashboard; another workload's unknown env is irrelevant", () => {
                advisoryAt(run(deployment("x", "kd", { app: "x" }, { image: UNKNOWN })), /<Deployment kd\/x>\.spec\.template\.spec\.containers\[0\]\.image can't be known/);
                const noContainers: StackResourceInput = { ...deployment("y", "kd"), props: { metadata: { name: "y", namespace: "kd" }, spec: { template: UNKNOWN } } };
                advisoryAt(run(noContainers), /\.spec\.template can't be known/);
                assert.deepEqual(run(deployment("app", "kd", { app: "app" }, { env: UNKNOWN, args: UNKNOWN })), []);
            });
            it("a known exposure is reported next to a Service whose type is unknown", () => {
                const vs = run(dash(), service("np", { type: "NodePort", selector: { app: "dash" } }), service("maybe", { type: UNKNOWN, selector: { app: "dash" } }));
                assert.equal(findings(vs).length, 1);
                assert.match(findings(vs)[0], /exposed by Service kd\/np: spec.type="NodePort"/);
                advisoryAt(vs, /<Service kd\/maybe>\.spec\.type can't be known/);
            });
            it("unknown selectors, backends and args are not checkable; a Service that cannot expose is not read", () => {
                advisoryAt(run(dash(), service("s", { type: "LoadBalancer", selector: UNKNOWN })), /<Service kd\/s>\.spec\.selector can't be known/);
                assert.deepEqual(run(dash(), service("s", { type: "ClusterIP", selector: UNKNOWN })), []);
                const ing: StackResourceInput = { type: T.Ingress, name: "ing", props: { metadata: { name: "ing", namespace: "kd" }, spec: { rules: UNKNOWN } } };
                advisoryAt(run(dash(), service("dash", { type: "ClusterIP", selector: { app: "dash" } }), ing), /<Ingress kd\/ing>\.spec\.rules can't be known/);
                advisoryAt(run(dash({ args: ["--auto-generate-certificates", UNKNOWN] })), /containers\[0\]\.args\[1\] can't be known/);
                const flagged = run(dash({ args: ["--enable-skip-login"], command: UNKNOWN }));
                assert.match(findings(flagged)[0], /--enable-skip-login/);
                advisoryAt(flagged, /containers\[0\]\.command can't be known/);
            });
            it("Grafana and Tiller settings hidden in unknown env are not checkable, not reported as defaults", () => {
                const grafana = (env: any) => deployment("grafana", "mon", { app: "g" }, { image: "docker.io/grafana/grafana:11.0.0", env });
                const g = run(grafana(UNKNOWN));
                assert.equal(findings(g).length, 0, JSON.stringify(g));
                advisoryAt(g, /containers\[0\]\.env can't be known/);
                advisoryAt(run(grafana([{ name: "GF_SECURITY_ADMIN_PASSWORD", value: UNKNOWN }])), /env\[0\]\.value can't be known/);
                const tiller = (env: any) => deployment("tiller", "kube-system", { app: "helm" }, { image: "gcr.io/kubernetes-helm/tiller:v2.16.1", env });
                advisoryAt(run(tiller([{ name: "TILLER_TLS_VERIFY", value: UNKNOWN }])), /env\[0\]\.value can't be known/);
                assert.deepEqual(run(tiller([{ name: "TILLER_TLS_VERIFY", value: "1" }, UNKNOWN])), []);
            });
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
        for (const p of [...net.networkPoliciesFor("aks"), ...net.networkPoliciesFor("onprem")]) {
            if ((p as any).validateStack) assert.doesNotThrow(() => runStackPolicy(p, junk), p.name);
            else for (const j of junk) assert.doesNotThrow(() => runResourcePolicy(p, { type: j.type, props: j.props }), p.name);
        }
    });
});
