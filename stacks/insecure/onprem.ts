// Deliberately insecure on-prem (kubeadm) configuration: every on-prem policy reports at least once.
// examples/manifests/insecure/onprem-config.yaml holds the same objects for `ksl scan`.
import { stringify } from "yaml";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";

// onprem-kubelet-anonymous-auth, -authorization-mode, -read-only-port, -tls,
// -protect-kernel-defaults, -seccomp-default, -limits
const insecureKubelet = {
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    authentication: { anonymous: { enabled: true }, webhook: { enabled: false }, x509: {} },
    authorization: { mode: "AlwaysAllow" },
    readOnlyPort: 10255,
    streamingConnectionIdleTimeout: "0s",
    eventRecordQPS: 0,
    podPidsLimit: -1,
    tlsMinVersion: "VersionTLS10",
    tlsCipherSuites: ["TLS_RSA_WITH_AES_128_CBC_SHA"],
    protectKernelDefaults: false,
    seccompDefault: false,
    cgroupDriver: "systemd",
};

// onprem-apiserver-*, onprem-static-token-auth, onprem-controller-manager-hardening,
// onprem-scheduler-hardening, onprem-etcd-tls (kubeadm v1beta4 list form)
const arg = (name: string, value: string) => ({ name, value });
const insecureCluster = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "ClusterConfiguration",
    kubernetesVersion: "v1.34.1",
    controlPlaneEndpoint: "k8s-api.legacy.example:6443",
    apiServer: {
        extraArgs: [
            arg("anonymous-auth", "true"),
            arg("authorization-mode", "AlwaysAllow"),
            arg("enable-admission-plugins", "AlwaysAdmit"),
            arg("token-auth-file", "/etc/kubernetes/tokens.csv"),
            arg("profiling", "true"),
            arg("tls-min-version", "VersionTLS10"),
            arg("tls-cipher-suites", "TLS_RSA_WITH_AES_128_CBC_SHA,TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
            arg("service-account-lookup", "false"),
        ],
    },
    controllerManager: { extraArgs: [arg("profiling", "true"), arg("bind-address", "0.0.0.0")] },
    scheduler: { extraArgs: [arg("profiling", "true"), arg("bind-address", "0.0.0.0")] },
    etcd: { local: { extraArgs: [arg("auto-tls", "true"), arg("client-cert-auth", "false")] } },
};

// onprem-bootstrap-token-ttl (token never expires). The token is a documentation placeholder.
const insecureInit = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "InitConfiguration",
    bootstrapTokens: [{ token: "abcdef.0123456789abcdef", ttl: "0s" }],
};

// onprem-kubeadm-discovery-pinned, onprem-kubelet-hostname-override, onprem-node-labels-restricted
const insecureJoin = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "JoinConfiguration",
    discovery: { bootstrapToken: { apiServerEndpoint: "k8s-api.legacy.example:6443", token: "abcdef.0123456789abcdef", unsafeSkipCAVerification: true } },
    nodeRegistration: {
        kubeletExtraArgs: [arg("hostname-override", "worker-1"), arg("node-labels", "pool=payments,node-restriction.kubernetes.io/pool=payments")],
    },
};

// onprem-encryption-config-providers: identity first (Secrets written in plain text)
const insecureEncryption = {
    apiVersion: "apiserver.config.k8s.io/v1",
    kind: "EncryptionConfiguration",
    resources: [{ resources: ["secrets"], providers: [{ identity: {} }, { aescbc: { keys: [{ name: "key1", secret: "<redacted>" }] } }] }],
};

// onprem-audit-policy-coverage: everything at RequestResponse (Secret values in the audit log)
// onprem-kube-proxy-metrics-localhost: kube-proxy's unauthenticated metrics on every address
const insecureKubeProxy = { apiVersion: "kubeproxy.config.k8s.io/v1alpha1", kind: "KubeProxyConfiguration", mode: "iptables", metricsBindAddress: "0.0.0.0:10249" };

const insecureAudit = { apiVersion: "audit.k8s.io/v1", kind: "Policy", rules: [{ level: "RequestResponse" }] };

// onprem-admission-pod-security-defaults: unlabelled namespaces admit privileged pods
const insecureAdmission = {
    apiVersion: "apiserver.config.k8s.io/v1",
    kind: "AdmissionConfiguration",
    plugins: [
        {
            name: "PodSecurity",
            configuration: {
                apiVersion: "pod-security.admission.config.k8s.io/v1",
                kind: "PodSecurityConfiguration",
                defaults: { enforce: "privileged" },
                exemptions: { usernames: ["ci-bot"], namespaces: ["kube-system", "legacy"] },
            },
        },
    ],
};

// onprem-apiserver-anonymous-auth (anonymous on every path), onprem-apiserver-central-idp (no issuer)
const insecureAuthn = { apiVersion: "apiserver.config.k8s.io/v1", kind: "AuthenticationConfiguration", anonymous: { enabled: true } };

// onprem-containerd-hardening
const insecureContainerd = `version = 2
[plugins."io.containerd.grpc.v1.cri"]
  stream_server_address = "0.0.0.0"
  disable_apparmor = true
  sandbox_image = "registry.k8s.io/pause:latest"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
    endpoint = ["http://mirror.legacy.example"]
`;

const y = (d: unknown) => stringify(d);

// onprem-cloud-init-ssh-access, plus every document above delivered as node files.
export const insecureUserData =
    "#cloud-config\n" +
    stringify({
        ssh_pwauth: true,
        disable_root: false,
        chpasswd: { expire: false, users: [{ name: "ubuntu", password: "<placeholder>", type: "text" }] },
        write_files: [
            { path: "/etc/kubernetes/kubeadm/kubeadm.yaml", content: [insecureInit, insecureCluster].map(y).join("---\n"), permissions: "0600" },
            { path: "/etc/kubernetes/kubeadm/join.yaml", content: Buffer.from(y(insecureJoin)).toString("base64"), encoding: "b64", permissions: "0600" },
            { path: "/var/lib/kubelet/config.yaml", content: y(insecureKubelet) },
            { path: "/etc/kubernetes/enc/enc.yaml", content: y(insecureEncryption), permissions: "0600" },
            { path: "/etc/kubernetes/audit/policy.yaml", content: y(insecureAudit) },
            { path: "/etc/kubernetes/admission/admission.yaml", content: y(insecureAdmission) },
            { path: "/etc/kubernetes/authn/authentication.yaml", content: y(insecureAuthn) },
            { path: "/etc/containerd/config.toml", content: insecureContainerd },
        ],
        runcmd: [["sh", "-c", "kubeadm init --config /etc/kubernetes/kubeadm/kubeadm.yaml"]],
    });

/** The objects, as manifests; comments above name the policies each document violates. */
export const insecureOnpremManifests: Array<Record<string, any>> = [
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kubelet-config", namespace: "kube-system" }, data: { kubelet: y(insecureKubelet) } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kubeadm-config", namespace: "kube-system" }, data: { ClusterConfiguration: y(insecureCluster) } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kube-proxy", namespace: "kube-system" }, data: { "config.conf": y(insecureKubeProxy) } },
    // onprem-config-parseable: a kubelet config patch that is not valid YAML
    {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "kubelet-tuning", namespace: "kube-system" },
        data: { "kubelet-patch.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard: {memory.available: 100Mi\n" },
    },
    // Cluster API style bootstrap data: the node's cloud-init user-data.
    { apiVersion: "v1", kind: "Secret", metadata: { name: "legacy-worker-bootstrap", namespace: "default" }, type: "cluster.x-k8s.io/secret", stringData: { value: insecureUserData, format: "cloud-config" } },
];

for (const m of insecureOnpremManifests) {
    const name = `insecure-onprem-${m.metadata.name}`;
    if (m.kind === "Secret") new Secret(name, m as any);
    else new ConfigMap(name, m as any);
}
