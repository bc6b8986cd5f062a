// Deliberately insecure workloads: every workload (pss-* and beyond), supply-chain and data policy
// of the packs must fire on these. examples/manifests/insecure/workloads.yaml holds the same objects.
// The "insecure" Namespace is not declared, so its workloads are held to the pack's default Pod
// Security level (restricted, latest); "insecure-baseline" enforces baseline, where the baseline
// variants of the checks restricted overrides apply. Credential values are fake canaries: they
// must never appear in a policy message.
import { ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Secret, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import { DaemonSet, Deployment } from "@pulumi/kubernetes/apps/v1";
import { CronJob as CronJobV1beta1 } from "@pulumi/kubernetes/batch/v1beta1";

const namespace = "insecure";

// disallow-legacy-service-account-token-secrets (.secrets), disallow-automount-service-account-token
export const legacyServiceAccount = new ServiceAccount("insecure-legacy-sa", {
    metadata: { name: "legacy-sa", namespace },
    automountServiceAccountToken: true,
    secrets: [{ name: "legacy-sa-token" }],
});

// disallow-legacy-service-account-token-secrets: a non-expiring token
export const legacyToken = new Secret("insecure-legacy-sa-token", {
    metadata: { name: "legacy-sa-token", namespace, annotations: { "kubernetes.io/service-account.name": "legacy-sa" } },
    type: "kubernetes.io/service-account-token",
});

// disallow-sensitive-configmap-content: a credential-named key and a password inside a config file
export const appConfig = new ConfigMap("insecure-app-config", {
    metadata: { name: "app-config", namespace },
    data: {
        LOG_LEVEL: "debug",
        DB_PASSWORD: "Insecure-Example-Canary-1",
        "application.properties": "server.port=8080\nspring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.password=Insecure-Example-Canary-2\n",
    },
});

// restrict-host-path-persistent-volumes: reaches the node's disk through a plain PVC
export const nodeDisk = new PersistentVolume("insecure-node-disk", {
    metadata: { name: "node-disk" },
    spec: { capacity: { storage: "10Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/mnt/data" } },
});

export const insecureWeb = new Deployment("insecure-web", {
    metadata: { name: "insecure-web", namespace },
    spec: {
        replicas: 1,
        selector: { matchLabels: { app: "insecure-web" } },
        template: {
            metadata: {
                // require-sandboxed-runtime-class: marked untrusted, no sandboxed runtime class
                labels: { app: "insecure-web", "security.ksl.dev/trust": "untrusted" },
                // pss-apparmor-profile
                annotations: { "container.apparmor.security.beta.kubernetes.io/web": "unconfined" },
            },
            spec: {
                // disallow-deprecated-service-account-field, disallow-default-service-account;
                // automountServiceAccountToken and hostUsers unset (token mounted, no user namespace)
                serviceAccount: "default",
                // pss-host-namespaces
                hostNetwork: true,
                hostPID: true,
                hostIPC: true,
                // disallow-host-aliases
                hostAliases: [{ ip: "203.0.113.10", hostnames: ["login.microsoftonline.com"] }],
                securityContext: {
                    runAsUser: 0, // pss-run-as-user, require-run-as-high-uid
                    runAsGroup: 0, // require-non-root-groups
                    fsGroup: 0,
                    supplementalGroups: [0],
                    seccompProfile: { type: "Unconfined" }, // pss-seccomp-baseline/-restricted
                    seLinuxOptions: { type: "spc_t" }, // pss-selinux-options
                    sysctls: [{ name: "kernel.msgmax", value: "65536" }], // pss-sysctls
                },
                containers: [
                    {
                        name: "web",
                        // restrict-image-registries (implicit Docker Hub), disallow-latest-tag,
                        // require-image-digest, require-image-signature-evidence, require-image-scan-evidence
                        image: "nginx:latest",
                        imagePullPolicy: "IfNotPresent",
                        securityContext: {
                            privileged: true, // pss-privileged
                            allowPrivilegeEscalation: true, // pss-allow-privilege-escalation
                            runAsNonRoot: false, // pss-run-as-non-root
                            procMount: "Unmasked", // pss-proc-mount(-restricted)
                            // pss-capabilities-*, disallow-dangerous-capabilities, require-drop-net-raw
                            capabilities: { add: ["SYS_ADMIN", "NET_RAW"] },
                            // require-read-only-root-filesystem: readOnlyRootFilesystem unset
                        },
                        ports: [{ containerPort: 80, hostPort: 80 }], // pss-host-ports, disallow-privileged-and-ssh-ports
                        env: [
                            { name: "DB_PASSWORD", value: "Insecure-Example-Canary-3" }, // disallow-literal-credentials-in-env
                            { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "api", key: "token" } } }, // disallow-secrets-from-env-vars
                        ],
                        // restrict-secret-references (not named after the workload), require-secrets-in-stack
                        envFrom: [{ secretRef: { name: "api" } }],
                        // pss-host-probes-and-lifecycle: probes the instance metadata endpoint
                        startupProbe: { httpGet: { host: "169.254.169.254", path: "/metadata", port: 80 } },
                        // require-resource-limits, require-health-probes: none set
                        volumeMounts: [
                            { name: "host-etc", mountPath: "/host/etc" }, // require-read-only-host-path
                            { name: "docker-sock", mountPath: "/var/run/docker.sock" },
                            { name: "scratch", mountPath: "/scratch" },
                            { name: "shared", mountPath: "/shared" },
                        ],
                    },
                    // require-image-pull-policy-always: a version tag cached on the node
                    { name: "cache", image: "redis:7.2", imagePullPolicy: "IfNotPresent" },
                    // disallow-dev-mode-secret-stores: the image's default command is `server -dev`
                    { name: "secrets", image: "hashicorp/vault:1.18.1" },
                ],
                volumes: [
                    { name: "host-etc", hostPath: { path: "/etc" } }, // pss-host-path-volumes, disallow-sensitive-host-mounts
                    { name: "docker-sock", hostPath: { path: "/var/run/docker.sock", type: "Socket" } }, // disallow-container-runtime-socket
                    { name: "scratch", emptyDir: {} }, // require-emptydir-size-limit
                    { name: "shared", nfs: { server: "nfs.example.internal", path: "/exports/shared" } }, // pss-restricted-volumes
                ],
            },
        },
    },
});

// disallow-bare-pods, pss-windows-host-process
export const windowsNodeAgent = new Pod("insecure-windows-node-agent", {
    metadata: { name: "windows-node-agent", namespace },
    spec: {
        securityContext: { windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\SYSTEM" } },
        hostNetwork: true,
        containers: [{ name: "agent", image: "mcr.microsoft.com/windows/nanoserver:ltsc2022" }],
    },
});

export const baselineNamespace = new Namespace("insecure-baseline", {
    metadata: {
        name: "insecure-baseline",
        labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/enforce-version": "latest" },
    },
});

// At baseline: pss-host-path-volumes, pss-capabilities-baseline, pss-proc-mount, pss-seccomp-baseline
export const nodeDebugger = new Deployment("insecure-node-debugger", {
    metadata: { name: "node-debugger", namespace: "insecure-baseline" },
    spec: {
        // require-topology-spread and require-pod-disruption-budget: two replicas, free to share a node, no budget
        replicas: 2,
        selector: { matchLabels: { app: "node-debugger" } },
        template: {
            metadata: { labels: { app: "node-debugger" } },
            spec: {
                serviceAccountName: "node-debugger", // require-service-account-in-stack: defined nowhere
                securityContext: { seccompProfile: { type: "Unconfined" } },
                containers: [
                    {
                        name: "debugger",
                        image: "docker.io/library/busybox:1.36",
                        securityContext: { procMount: "Unmasked", capabilities: { add: ["SYS_PTRACE"] } },
                        ports: [{ name: "ssh", containerPort: 22 }], // disallow-privileged-and-ssh-ports: an SSH server
                        volumeMounts: [{ name: "kubelet", mountPath: "/kubelet" }],
                    },
                ],
                // disallow-ephemeral-containers: a kubectl debug session exported with the pod
                ephemeralContainers: [
                    { name: "debugger-x7k2p", image: "docker.io/library/busybox:1.36", targetContainerName: "debugger", stdin: true, tty: true },
                ],
                volumes: [{ name: "kubelet", hostPath: { path: "/var/lib/kubelet" } }],
            },
        },
    },
}, { dependsOn: [baselineNamespace] });

// disallow-removed-api-versions: batch/v1beta1 CronJob, removed in Kubernetes 1.25 (a chart nobody updated)
export const legacyCleanup = new CronJobV1beta1("insecure-legacy-cleanup", {
    metadata: { name: "legacy-cleanup", namespace },
    spec: {
        schedule: "0 3 * * *",
        jobTemplate: {
            spec: {
                template: {
                    spec: {
                        restartPolicy: "OnFailure",
                        automountServiceAccountToken: false,
                        containers: [{ name: "cleanup", image: "registry.example.com/ops/cleanup:1.1.0" }],
                    },
                },
            },
        },
    },
});

// require-pod-disruption-budget: a budget that allows no eviction, so the node can never be drained
export const webBudget = new PodDisruptionBudget("insecure-web-pdb", {
    metadata: { name: "insecure-web", namespace },
    spec: { maxUnavailable: 0, selector: { matchLabels: { app: "insecure-web" } } },
});

// require-priority-class: a node agent at priority 0, evicted first under node pressure
export const logShipper = new DaemonSet("insecure-log-shipper", {
    metadata: { name: "log-shipper", namespace },
    spec: {
        selector: { matchLabels: { app: "log-shipper" } },
        template: {
            metadata: { labels: { app: "log-shipper" } },
            spec: { containers: [{ name: "shipper", image: "docker.io/fluent/fluent-bit:3.1.4" }] },
        },
    },
});

// restrict-volume-reclaim-policy: the class deletes the disk with its claim
export const fastDelete = new StorageClass("insecure-fast-delete", {
    metadata: { name: "fast-delete" },
    provisioner: "disk.csi.azure.com",
    reclaimPolicy: "Delete",
    parameters: { skuName: "Premium_LRS" },
});

// require-backup-schedule: uploads kept on a volume that no backup schedule covers
export const uploads = new PersistentVolumeClaim("insecure-uploads", {
    metadata: { name: "uploads", namespace },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast-delete", resources: { requests: { storage: "20Gi" } } },
});
