// Deliberately insecure Kubernetes objects: at least one instance per namespace, RBAC and network
// policy of the packs. examples/manifests/insecure/namespace-rbac-network.yaml holds the same objects.
import * as pulumi from "@pulumi/pulumi";
import { Namespace, Service } from "@pulumi/kubernetes/core/v1";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { NetworkPolicy, Ingress } from "@pulumi/kubernetes/networking/v1";
import { ClusterRole, ClusterRoleBinding, RoleBinding } from "@pulumi/kubernetes/rbac/v1";

const web = (name: string, namespace: string | undefined, image: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image, ...extra }] } },
    },
});

/** The objects, as manifests; each comment names the policy it violates. */
export const insecureKubernetesManifests: Array<Record<string, any>> = [
    // require-pod-security-labels, require-resource-quota, require-limit-range, require-namespace-default-deny
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "kubernetes-dashboard", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } },
    // restrict-workload-namespaces (default), require-workload-network-policy
    web("legacy", "default", "nginx:latest"),
    web("shop", "shop", "nginx:1.27"),
    // disallow-exposed-dashboards: dashboard with skip-login behind a public LoadBalancer
    web("dashboard", "kubernetes-dashboard", "docker.io/kubernetesui/dashboard:v2.7.0", { args: ["--enable-skip-login", "--disable-settings-authorizer"] }),
    {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "dashboard", namespace: "kubernetes-dashboard" },
        spec: { type: "LoadBalancer", selector: { app: "dashboard" }, ports: [{ port: 443, targetPort: 8443 }] },
    },
    // restrict-service-exposure (NodePort), restrict-service-external-ips
    {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "shop-nodeport", namespace: "shop" },
        spec: { type: "NodePort", selector: { app: "shop" }, ports: [{ port: 80, nodePort: 30080 }], externalIPs: ["203.0.113.10"] },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name: "local", namespace: "shop" }, spec: { type: "ExternalName", externalName: "localhost" } },
    // require-ingress-tls, restrict-ingress-hosts, disallow-ingress-nginx-snippets
    {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
            name: "shop",
            namespace: "shop",
            annotations: { "nginx.ingress.kubernetes.io/server-snippet": "location /metrics { allow all; }", "nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers \"X-Debug: 1\";" },
        },
        spec: {
            defaultBackend: { service: { name: "shop-nodeport", port: { number: 80 } } },
            rules: [{ host: "*.shop.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "shop-nodeport", port: { number: 80 } } } }] } }],
        },
    },
    // restrict-networkpolicy-rules: allow-all ingress and internet egress for the whole namespace
    {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-everything", namespace: "shop" },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] },
    },
    {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "typo", namespace: "shop" },
        spec: { podSelector: { matchLabels: { app: "shpo" } }, policyTypes: ["Ingress"] },
    },
    // disallow-rbac-wildcards and every permission policy (a "*" role grants all of them)
    {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "ops-everything" },
        rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
    },
    // disallow-cluster-admin-bindings: cluster-admin to a user
    {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "alice-admin" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice@example.com" }],
    },
    // disallow-system-group-bindings: anonymous access
    {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "anonymous-view" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:anonymous" }],
    },
    // disallow-default-service-account-bindings, restrict-cluster-role-binding-scope (edit cluster-wide
    // for one namespace's account) and, through built-in edit: secrets, exec, impersonate, workloads
    {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "shop-default-edit" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
        subjects: [{ kind: "ServiceAccount", name: "default", namespace: "shop" }],
    },
    {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "ops-everything", namespace: "shop" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "ops-everything" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ops" }],
    },
    // disallow-unresolved-role-references: a role nobody defines; it activates once someone creates it
    {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "shop-operator", namespace: "shop" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "shop-operator" },
        subjects: [{ kind: "ServiceAccount", name: "operator", namespace: "shop" }],
    },
];

const classes: Record<string, new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource> = {
    Namespace,
    Service,
    Deployment,
    NetworkPolicy,
    Ingress,
    ClusterRole,
    ClusterRoleBinding,
    RoleBinding,
};

/** Creates the insecure objects as Pulumi resources (named `insecure-<kind>-<namespace>-<name>`). */
export function createInsecureKubernetes(opts?: pulumi.CustomResourceOptions): pulumi.CustomResource[] {
    return insecureKubernetesManifests.map((m) => {
        const { apiVersion: _a, kind, ...args } = m;
        void _a;
        const id = [kind.toLowerCase(), m.metadata.namespace, m.metadata.name].filter(Boolean).join("-");
        return new classes[kind](`insecure-${id}`, args, opts);
    });
}

createInsecureKubernetes();
