// A deterministic stream of mixed Kubernetes objects, the shape of a large platform stack:
// per tenant a Namespace with its quota, limits and default-deny policy; per app a Deployment
// with several containers, a Service, a ServiceAccount, a Role and RoleBinding and a NetworkPolicy.
// Roughly a third of the apps carry typical findings, so policies do real work.

const DIGEST = "sha256:" + "ab".repeat(32);

function container(app: string, i: number, insecure: boolean): Record<string, unknown> {
    return {
        name: `${app}-c${i}`,
        image: insecure ? `nginx:latest` : `registry.example.com/${app}/c${i}:1.${i}.0@${DIGEST}`,
        imagePullPolicy: "Always",
        ports: [{ name: `p${i}`, containerPort: 8080 + i }],
        env: [
            { name: "LOG_LEVEL", value: "info" },
            ...(insecure ? [{ name: "DB_PASSWORD", value: "hunter2" }] : []),
        ],
        securityContext: insecure
            ? { privileged: i === 0, allowPrivilegeEscalation: true }
            : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
        livenessProbe: { httpGet: { path: "/healthz", port: 8080 + i } },
        readinessProbe: { httpGet: { path: "/ready", port: 8080 + i } },
    };
}

function tenant(ns: string): Record<string, unknown>[] {
    return [
        {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
                name: ns,
                labels: {
                    "pod-security.kubernetes.io/enforce": "restricted",
                    "pod-security.kubernetes.io/enforce-version": "v1.34",
                    "pod-security.kubernetes.io/audit": "restricted",
                    "pod-security.kubernetes.io/warn": "restricted",
                },
            },
        },
        { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "quota", namespace: ns }, spec: { hard: { pods: "100", "requests.cpu": "20", "requests.memory": "40Gi", "limits.cpu": "40", "limits.memory": "80Gi", "services.loadbalancers": "0", "services.nodeports": "0" } } },
        { apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", namespace: ns }, spec: { limits: [{ type: "Container", default: { cpu: "200m", memory: "128Mi" }, defaultRequest: { cpu: "50m", memory: "64Mi" } }] } },
        { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny", namespace: ns }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    ];
}

function app(ns: string, name: string, insecure: boolean): Record<string, unknown>[] {
    const labels = { "app.kubernetes.io/name": name };
    return [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ns }, automountServiceAccountToken: false },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name, namespace: ns, labels },
            spec: {
                replicas: 2,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        serviceAccountName: name,
                        automountServiceAccountToken: false,
                        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
                        hostNetwork: insecure,
                        containers: [0, 1, 2].map((i) => container(name, i, insecure)),
                    },
                },
            },
        },
        { apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns, labels }, spec: { type: insecure ? "NodePort" : "ClusterIP", selector: labels, ports: [{ port: 80, targetPort: 8080 }] } },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: `${name}-reader`, namespace: ns }, rules: [{ apiGroups: [""], resources: insecure ? ["*"] : ["configmaps"], verbs: insecure ? ["*"] : ["get", "list"] }] },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: `${name}-reader`, namespace: ns }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${name}-reader` }, subjects: [{ kind: "ServiceAccount", name, namespace: ns }] },
        { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: `${name}-ingress`, namespace: ns }, spec: { podSelector: { matchLabels: labels }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080 }] }] } },
    ];
}

/** Exactly `count` objects: tenants of 20 apps each, every third app with findings. */
export function generateObjects(count: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    let t = 0;
    while (out.length < count) {
        const ns = `tenant-${t}`;
        out.push(...tenant(ns));
        for (let a = 0; a < 20 && out.length < count; a++) out.push(...app(ns, `app-${t}-${a}`, (t * 20 + a) % 3 === 0));
        t++;
    }
    return out.slice(0, count);
}
