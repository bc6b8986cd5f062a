// Renders the hardened configuration documents of a kubeadm node pool from a resolved spec.
// Every value here answers a CIS Kubernetes v1.12 item (ids in comments).
import type { NodePoolSpec } from "./spec";

/** Where each file lands on the node; the API server flags and extraVolumes point here. */
export const PATHS = {
    kubeletConfig: "/var/lib/kubelet/config.yaml",
    kubeadmConfig: "/etc/kubernetes/kubeadm/kubeadm.yaml",
    auditPolicy: "/etc/kubernetes/audit/policy.yaml",
    auditLogDir: "/var/log/kubernetes/audit",
    auditLog: "/var/log/kubernetes/audit/audit.log",
    encryptionConfig: "/etc/kubernetes/enc/enc.yaml",
    admissionConfig: "/etc/kubernetes/admission/admission.yaml",
    authenticationConfig: "/etc/kubernetes/authn/authentication.yaml",
    containerdConfig: "/etc/containerd/config.toml",
    containerdCertsDir: "/etc/containerd/certs.d",
    sysctl: "/etc/sysctl.d/90-kubelet.conf",
    modules: "/etc/modules-load.d/k8s.conf",
    auditRules: "/etc/audit/rules.d/90-kubernetes.rules",
    caCert: "/etc/kubernetes/pki/ca.crt",
    etcdSnapshotScript: "/usr/local/sbin/etcd-snapshot",
    etcdSnapshotService: "/etc/systemd/system/etcd-snapshot.service",
    etcdSnapshotTimer: "/etc/systemd/system/etcd-snapshot.timer",
} as const;

/**
 * etcd snapshots on a control-plane node: a systemd timer runs etcdctl inside kubeadm's etcd
 * container every six hours, keeps the newest 14 under /var/backups/etcd (0600), and hands each
 * snapshot to /usr/local/sbin/etcd-snapshot-upload when the operator installs one - a snapshot
 * that stays on the node does not survive the node.
 */
export function etcdSnapshotFiles(): Array<{ path: string; content: string; permissions: string }> {
    const script = [
        "#!/bin/sh",
        "set -eu",
        "dir=/var/backups/etcd",
        "mkdir -p \"$dir\"",
        "name=\"snapshot-$(date -u +%Y%m%dT%H%M%SZ).db\"",
        "id=$(crictl ps --name etcd -q | head -n 1)",
        // The etcd data directory is mounted from the host: write there, then move it aside.
        "crictl exec \"$id\" etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key snapshot save \"/var/lib/etcd/$name\"",
        "mv \"/var/lib/etcd/$name\" \"$dir/$name\"",
        "chmod 0600 \"$dir/$name\"",
        "ls -1t \"$dir\"/snapshot-*.db | tail -n +15 | xargs -r rm -f",
        "if [ -x /usr/local/sbin/etcd-snapshot-upload ]; then /usr/local/sbin/etcd-snapshot-upload \"$dir/$name\"; fi",
        "",
    ].join("\n");
    const service = ["[Unit]", "Description=etcd snapshot", "After=kubelet.service", "", "[Service]", "Type=oneshot", `ExecStart=${PATHS.etcdSnapshotScript}`, ""].join("\n");
    const timer = ["[Unit]", "Description=etcd snapshot every six hours", "", "[Timer]", "OnCalendar=*-*-* 00/6:00:00", "Persistent=true", "", "[Install]", "WantedBy=timers.target", ""].join("\n");
    return [
        { path: PATHS.etcdSnapshotScript, content: script, permissions: "0700" },
        { path: PATHS.etcdSnapshotService, content: service, permissions: "0644" },
        { path: PATHS.etcdSnapshotTimer, content: timer, permissions: "0644" },
    ];
}

/** TLS 1.2 AEAD suites with forward secrecy, plus TLS 1.3 names (CIS 1.2.29 / 4.2.12, kube-bench). */
export const STRONG_CIPHER_SUITES = [
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
];
/** TLS 1.2 only: Go ignores the list for TLS 1.3, and the kubelet rejects 1.3 names there. */
export const TLS12_CIPHER_SUITES = STRONG_CIPHER_SUITES.filter((s) => s.startsWith("TLS_ECDHE_") && !s.endsWith("POLY1305_SHA256"));

/** Values the kubelet requires when protectKernelDefaults is true (CIS 4.2.6 of ≤1.24). */
export const PROTECTED_SYSCTLS: Record<string, string> = {
    "vm.overcommit_memory": "1",
    "vm.panic_on_oom": "0",
    "kernel.panic": "10",
    "kernel.panic_on_oops": "1",
    "kernel.keys.root_maxkeys": "1000000",
    "kernel.keys.root_maxbytes": "25000000",
};

/** Deep-merges an escape-hatch override: objects merge, anything else replaces, null deletes. */
export function deepMerge<T>(base: T, override: Record<string, unknown>): T {
    const out: any = Array.isArray(base) ? [...(base as any)] : { ...(base as any) };
    for (const [k, v] of Object.entries(override)) {
        if (v === null) delete out[k];
        else if (isObj(v) && isObj(out[k])) out[k] = deepMerge(out[k], v);
        else out[k] = v;
    }
    return out;
}

function isObj(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** kubeadm v1beta4 `extraArgs`: a list of {name, value}; caller's map overrides, "" removes. */
function extraArgs(defaults: Record<string, string>, overrides: Record<string, string>): Array<{ name: string; value: string }> {
    const merged: Record<string, string | undefined> = { ...defaults };
    for (const [k, v] of Object.entries(overrides)) merged[k] = v === "" ? undefined : v;
    return Object.entries(merged)
        .filter((e): e is [string, string] => e[1] !== undefined)
        .map(([name, value]) => ({ name, value }));
}

export function kubeletConfiguration(spec: NodePoolSpec): Record<string, unknown> {
    const k = spec.kubelet;
    const doc: Record<string, unknown> = {
        apiVersion: "kubelet.config.k8s.io/v1beta1",
        kind: "KubeletConfiguration",
        authentication: {
            anonymous: { enabled: false }, // 4.2.1
            webhook: { enabled: true, cacheTTL: "2m0s" }, // 4.2.2
            x509: { clientCAFile: PATHS.caCert }, // 4.2.3
        },
        authorization: { mode: "Webhook", webhook: { cacheAuthorizedTTL: "5m0s", cacheUnauthorizedTTL: "30s" } }, // 4.2.2
        readOnlyPort: k.readOnlyPort, // 4.2.4
        streamingConnectionIdleTimeout: k.streamingConnectionIdleTimeout, // 4.2.5
        makeIPTablesUtilChains: true, // 4.2.6
        eventRecordQPS: k.eventRecordQPS, // 4.2.8
        serverTLSBootstrap: true, // 4.2.9 (serving cert from the cluster CA; approve CSRs)
        rotateCertificates: true, // 4.2.10
        featureGates: { RotateKubeletServerCertificate: true }, // 4.2.11
        tlsMinVersion: k.tlsMinVersion, // 4.2.12
        tlsCipherSuites: TLS12_CIPHER_SUITES, // 4.2.12
        podPidsLimit: k.podPidsLimit, // 4.2.13
        seccompDefault: k.seccompDefault, // 4.2.14
        protectKernelDefaults: k.protectKernelDefaults, // 4.2.6 (≤1.24 numbering)
        failSwapOn: true,
        allowedUnsafeSysctls: [],
        cgroupDriver: "systemd",
        maxPods: k.maxPods,
        kubeReserved: k.kubeReserved,
        systemReserved: k.systemReserved,
        evictionHard: k.evictionHard,
        enforceNodeAllocatable: ["pods"],
        shutdownGracePeriod: k.shutdownGracePeriod,
        shutdownGracePeriodCriticalPods: k.shutdownGracePeriodCriticalPods,
        containerLogMaxSize: k.containerLogMaxSize,
        containerLogMaxFiles: k.containerLogMaxFiles,
        containerRuntimeEndpoint: "unix:///run/containerd/containerd.sock",
    };
    // Taints set at registration: a dedicated pool never runs a pod before it is tainted.
    if (spec.taints.length > 0) doc.registerWithTaints = spec.taints.map((t) => ({ ...t }));
    return deepMerge(doc, spec.overrides.kubelet);
}

function nodeRegistration(spec: NodePoolSpec): Record<string, unknown> {
    return {
        criSocket: "unix:///run/containerd/containerd.sock",
        imagePullPolicy: "IfNotPresent",
        taints: spec.taints.map((t) => ({ ...t })),
        // 4.2.7: no hostname-override; no self-assigned node labels (isolation labels are applied
        // by an admin under node-restriction.kubernetes.io/, which NodeRestriction protects).
        kubeletExtraArgs: extraArgs({}, spec.extraArgs.kubelet),
    };
}

export function joinConfiguration(spec: NodePoolSpec): Record<string, unknown> {
    const doc: Record<string, unknown> = {
        apiVersion: "kubeadm.k8s.io/v1beta4",
        kind: "JoinConfiguration",
        discovery: {
            bootstrapToken: {
                apiServerEndpoint: spec.controlPlaneEndpoint,
                token: spec.bootstrapToken ?? "",
                caCertHashes: spec.caCertHashes, // pinned CA: no trust on first use
                unsafeSkipCAVerification: false,
            },
        },
        nodeRegistration: nodeRegistration(spec),
        timeouts: { discovery: "5m0s", tlsBootstrap: "5m0s" },
    };
    if (spec.role === "control-plane") {
        const cp: Record<string, unknown> = { localAPIEndpoint: { bindPort: 6443 } };
        if (spec.controlPlane?.certificateKey) cp.certificateKey = spec.controlPlane.certificateKey;
        doc.controlPlane = cp;
    }
    return deepMerge(doc, spec.overrides.joinConfiguration);
}

export function initConfiguration(spec: NodePoolSpec): Record<string, unknown> {
    const doc: Record<string, unknown> = {
        apiVersion: "kubeadm.k8s.io/v1beta4",
        kind: "InitConfiguration",
        // Short-lived token for the other nodes' join; kubeadm's default is 24h.
        bootstrapTokens: spec.bootstrapToken
            ? [{ token: spec.bootstrapToken, ttl: spec.bootstrapTokenTtl, usages: ["signing", "authentication"], groups: ["system:bootstrappers:kubeadm:default-node-token"] }]
            : [],
        nodeRegistration: nodeRegistration(spec),
        localAPIEndpoint: { bindPort: 6443 },
    };
    if (spec.controlPlane?.certificateKey) doc.certificateKey = spec.controlPlane.certificateKey;
    return deepMerge(doc, spec.overrides.initConfiguration);
}

export function clusterConfiguration(spec: NodePoolSpec): Record<string, unknown> | undefined {
    const cp = spec.controlPlane;
    if (!cp) return undefined;
    const admission = ["NodeRestriction", "EventRateLimit", "DenyServiceExternalIPs"]; // 1.2.14, 1.2.9, 1.2.3
    if (cp.alwaysPullImages) admission.push("AlwaysPullImages"); // 1.2.11
    const apiArgs: Record<string, string> = {
        "authorization-mode": "Node,RBAC", // 1.2.6–1.2.8
        "enable-admission-plugins": admission.join(","),
        "admission-control-config-file": PATHS.admissionConfig, // 1.2.9
        "profiling": String(cp.profiling), // 1.2.15
        "audit-policy-file": PATHS.auditPolicy, // 3.2.1
        "audit-log-path": PATHS.auditLog, // 1.2.16
        "audit-log-maxage": String(cp.auditLogMaxAge), // 1.2.17
        "audit-log-maxbackup": String(cp.auditLogMaxBackup), // 1.2.18
        "audit-log-maxsize": String(cp.auditLogMaxSize), // 1.2.19
        "request-timeout": "60s", // 1.2.20
        "service-account-lookup": "true", // 1.2.21
        "service-account-extend-token-expiration": "false", // 1.2.30
        "encryption-provider-config": PATHS.encryptionConfig, // 1.2.27
        "encryption-provider-config-automatic-reload": "true",
        "kubelet-certificate-authority": PATHS.caCert, // 1.2.5
        "tls-min-version": "VersionTLS12", // 1.2.29
        "tls-cipher-suites": TLS12_CIPHER_SUITES.join(","), // 1.2.29
        // 1.2.1 via KEP-4633 (and OIDC). No --anonymous-auth: it is mutually exclusive with an
        // `anonymous` section in the authentication config.
        "authentication-config": PATHS.authenticationConfig,
    };
    const hostPath = (name: string, path: string, readOnly: boolean, pathType: string) => ({ name, hostPath: path, mountPath: path, readOnly, pathType });
    const doc: Record<string, unknown> = {
        apiVersion: "kubeadm.k8s.io/v1beta4",
        kind: "ClusterConfiguration",
        kubernetesVersion: spec.kubernetesVersion,
        controlPlaneEndpoint: spec.controlPlaneEndpoint,
        certificatesDir: "/etc/kubernetes/pki",
        networking: { serviceSubnet: cp.serviceSubnet, podSubnet: cp.podSubnet, dnsDomain: "cluster.local" },
        apiServer: {
            extraArgs: extraArgs(apiArgs, spec.extraArgs.apiServer),
            extraVolumes: [
                hostPath("audit-policy", "/etc/kubernetes/audit", true, "DirectoryOrCreate"),
                hostPath("audit-log", PATHS.auditLogDir, false, "DirectoryOrCreate"),
                hostPath("encryption-config", "/etc/kubernetes/enc", true, "DirectoryOrCreate"),
                hostPath("admission-config", "/etc/kubernetes/admission", true, "DirectoryOrCreate"),
                hostPath("authentication-config", "/etc/kubernetes/authn", true, "DirectoryOrCreate"),
            ],
        },
        controllerManager: {
            extraArgs: extraArgs(
                {
                    "terminated-pod-gc-threshold": "10", // 1.3.1
                    "profiling": "false", // 1.3.2
                    "use-service-account-credentials": "true", // 1.3.3
                    "feature-gates": "RotateKubeletServerCertificate=true", // 1.3.6
                    "bind-address": "127.0.0.1", // 1.3.7
                    "tls-min-version": "VersionTLS12",
                    "tls-cipher-suites": TLS12_CIPHER_SUITES.join(","),
                },
                spec.extraArgs.controllerManager,
            ),
        },
        scheduler: {
            extraArgs: extraArgs(
                {
                    "profiling": "false", // 1.4.1
                    "bind-address": "127.0.0.1", // 1.4.2
                    "tls-min-version": "VersionTLS12",
                    "tls-cipher-suites": TLS12_CIPHER_SUITES.join(","),
                },
                spec.extraArgs.scheduler,
            ),
        },
        etcd: {
            local: {
                dataDir: "/var/lib/etcd",
                extraArgs: extraArgs(
                    {
                        "client-cert-auth": "true", // 2.2
                        "peer-client-cert-auth": "true", // 2.5
                        "auto-tls": "false", // 2.3
                        "peer-auto-tls": "false", // 2.6
                        "trusted-ca-file": "/etc/kubernetes/pki/etcd/ca.crt", // 2.7 (etcd's own CA)
                        "peer-trusted-ca-file": "/etc/kubernetes/pki/etcd/ca.crt",
                        "cipher-suites": TLS12_CIPHER_SUITES.join(","),
                        "tls-min-version": "TLS1.2",
                    },
                    spec.extraArgs.etcd,
                ),
            },
        },
    };
    return deepMerge(doc, spec.overrides.clusterConfiguration);
}

/** 3.2.1 / 3.2.2: first-match rules; secrets never above Metadata (their bodies are secret). */
export function auditPolicy(spec: NodePoolSpec): Record<string, unknown> {
    const doc = {
        apiVersion: "audit.k8s.io/v1",
        kind: "Policy",
        omitStages: ["RequestReceived"],
        rules: [
            // Noise with no security value.
            { level: "None", users: ["system:kube-proxy"], verbs: ["watch"], resources: [{ group: "", resources: ["endpoints", "services", "services/status"] }] },
            { level: "None", nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version"] },
            { level: "None", resources: [{ group: "", resources: ["events"] }, { group: "events.k8s.io", resources: ["events"] }] },
            // Bodies hold secret values or tokens: who/what/when only.
            {
                level: "Metadata",
                resources: [
                    { group: "", resources: ["secrets", "configmaps", "serviceaccounts/token"] },
                    { group: "authentication.k8s.io", resources: ["tokenreviews"] },
                ],
            },
            // Interactive access into workloads.
            { level: "Metadata", resources: [{ group: "", resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy", "nodes/proxy"] }] },
            // Changes to workloads, RBAC and admission: who changed what, with the full object.
            {
                level: "RequestResponse",
                verbs: ["create", "update", "patch", "delete", "deletecollection"],
                resources: [
                    { group: "", resources: ["pods", "services", "serviceaccounts", "namespaces", "nodes", "persistentvolumes", "persistentvolumeclaims"] },
                    { group: "apps", resources: ["deployments", "daemonsets", "statefulsets", "replicasets"] },
                    { group: "batch", resources: ["jobs", "cronjobs"] },
                    { group: "rbac.authorization.k8s.io" },
                    { group: "admissionregistration.k8s.io" },
                    { group: "networking.k8s.io" },
                    { group: "policy" },
                ],
            },
            { level: "Request", verbs: ["create", "update", "patch", "delete", "deletecollection"] },
            // Catch-all.
            { level: "Metadata" },
        ],
    };
    return deepMerge(doc, spec.overrides.auditPolicy);
}

/**
 * 1.2.28: KMS v2 when an endpoint is given, else aescbc; identity only last (to read data written
 * before encryption was on). `redact` replaces key material for anything that is not secret.
 */
export function encryptionConfiguration(spec: NodePoolSpec, redact: boolean): Record<string, unknown> | undefined {
    const e = spec.controlPlane?.encryption;
    if (!e) return undefined;
    const providers: Array<Record<string, unknown>> = [];
    if (e.kmsEndpoint) providers.push({ kms: { apiVersion: "v2", name: e.kmsName, endpoint: e.kmsEndpoint, timeout: e.kmsTimeout } });
    if (e.aescbcKey) providers.push({ aescbc: { keys: [{ name: e.keyName, secret: redact ? "<redacted>" : e.aescbcKey }] } });
    providers.push({ identity: {} });
    const doc = {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "EncryptionConfiguration",
        resources: [{ resources: ["secrets"], providers }],
    };
    return deepMerge(doc, spec.overrides.encryptionConfiguration);
}

/** 1.2.9 EventRateLimit and the cluster-wide Pod Security Admission defaults. */
export function admissionConfiguration(spec: NodePoolSpec): Record<string, unknown> | undefined {
    const cp = spec.controlPlane;
    if (!cp) return undefined;
    const doc = {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "AdmissionConfiguration",
        plugins: [
            {
                name: "EventRateLimit",
                configuration: {
                    apiVersion: "eventratelimit.admission.k8s.io/v1alpha1",
                    kind: "Configuration",
                    limits: [
                        { type: "Server", qps: 50, burst: 100 },
                        { type: "Namespace", qps: 10, burst: 50, cacheSize: 2000 },
                        { type: "User", qps: 10, burst: 50 },
                    ],
                },
            },
            {
                name: "PodSecurity",
                configuration: {
                    apiVersion: "pod-security.admission.config.k8s.io/v1",
                    kind: "PodSecurityConfiguration",
                    defaults: {
                        enforce: cp.podSecurityLevel,
                        "enforce-version": cp.podSecurityVersion,
                        audit: "restricted",
                        "audit-version": cp.podSecurityVersion,
                        warn: "restricted",
                        "warn-version": cp.podSecurityVersion,
                    },
                    exemptions: { usernames: [], runtimeClasses: [], namespaces: cp.podSecurityExemptNamespaces },
                },
            },
        ],
    };
    return deepMerge(doc, spec.overrides.admissionConfiguration);
}

/** 1.2.1 (KEP-4633): anonymous only for health probes; optional OIDC issuer for the central IdP. */
export function authenticationConfiguration(spec: NodePoolSpec): Record<string, unknown> | undefined {
    const cp = spec.controlPlane;
    if (!cp) return undefined;
    const doc: Record<string, unknown> = {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "AuthenticationConfiguration",
        anonymous: cp.allowAnonymousHealthChecks
            ? { enabled: true, conditions: [{ path: "/livez" }, { path: "/readyz" }, { path: "/healthz" }] }
            : { enabled: false },
    };
    if (cp.oidc) {
        const o = cp.oidc;
        const issuer: Record<string, unknown> = { url: o.issuerUrl, audiences: o.audiences };
        if (o.certificateAuthority) issuer.certificateAuthority = o.certificateAuthority;
        doc.jwt = [
            {
                issuer,
                claimMappings: {
                    username: { claim: o.usernameClaim, prefix: o.usernamePrefix },
                    groups: { claim: o.groupsClaim, prefix: o.groupsPrefix },
                },
            },
        ];
    }
    return deepMerge(doc, spec.overrides.authenticationConfiguration);
}

/**
 * kube-proxy's configuration (cluster-wide; kubeadm init stores it in kube-system/kube-proxy):
 * metrics on loopback only, the endpoint being unauthenticated (CIS 4.3.1).
 */
export function kubeProxyConfiguration(spec: NodePoolSpec): Record<string, unknown> {
    const doc = {
        apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
        kind: "KubeProxyConfiguration",
        metricsBindAddress: "127.0.0.1:10249",
    };
    return deepMerge(doc, spec.overrides.kubeProxy);
}

/** Body of /etc/sysctl.d/90-kubelet.conf: the values protectKernelDefaults expects. */
export function sysctlConf(): string {
    const lines = Object.entries(PROTECTED_SYSCTLS).map(([k, v]) => `${k} = ${v}`);
    return ["# Kernel settings the kubelet verifies with protectKernelDefaults: true (CIS 4.2.6).", ...lines,
        "net.bridge.bridge-nf-call-iptables = 1", "net.bridge.bridge-nf-call-ip6tables = 1", "net.ipv4.ip_forward = 1", ""].join("\n");
}

export function modulesConf(): string {
    return "overlay\nbr_netfilter\n";
}

/** auditd watches on the files that define the node's trust (CIS Linux OS). */
export function auditRules(spec: NodePoolSpec): string {
    const rules = [
        "-w /etc/kubernetes/ -p wa -k kubernetes",
        "-w /var/lib/kubelet/ -p wa -k kubelet",
        "-w /etc/containerd/ -p wa -k containerd",
        "-w /usr/bin/kubelet -p x -k kubelet-exec",
        "-w /usr/bin/containerd -p x -k containerd-exec",
    ];
    if (spec.role === "control-plane") rules.push("-w /var/lib/etcd/ -p wa -k etcd");
    return rules.join("\n") + "\n";
}
