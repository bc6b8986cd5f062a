import type { Measure } from "../types";

// The data layer: secrets handling and encryption for workloads. Order within the file does not
// set significance: see ../significance.ts.
/** The same pod-spec and stack checks on every cluster. */
const SECRET_SCOPE_HOW =
    "Pod-spec check of every referenced Secret name (secret and projected volumes, volume credentials, secretKeyRef, envFrom; imagePullSecrets optionally) against allowedSecrets per namespace, by default the workload-name convention; stack check that each referenced Secret is created in the stack (Secret, ExternalSecret, SecretProviderClass, Certificate, SealedSecret) or declared external.";

export const dataMeasures: Measure[] = [
    {
        id: "data.no-literal-credentials",
        title: "No credentials as literals in env, ConfigMaps or images",
        layer: "data",
        exploitability: 4,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Passwords, tokens and keys are never written as literal environment values, ConfigMap data or baked into images. Literals end up in Git, in the Pulumi state, in `kubectl describe` output and in every image copy, readable by anyone with view rights.",
        platforms: {
            kubernetes: { applies: true, how: "Checked on env entries (`env[].value` with credential-like names) and ConfigMap data keys/values that look like credentials; values are never printed." },
        },
        components: [],
        guidance:
            "Secrets baked into image layers cannot be seen at preview time; scan images for secrets in CI (e.g. Trivy `--scanners secret`).",
        references: {
            nsaCisa: ["Network separation and hardening: secrets"],
            mcsb: ["IM-8", "DP-1"],
            other: ["Polaris sensitiveContainerEnvVar", "Polaris sensitiveConfigmapContent", "kube-linter env-var-secret", "kubescape C-0012"],
        },
        covers: ["kubernetes:hard-coded-credentials-in-env-configmap"],
    },
    {
        id: "data.secrets-external-store",
        title: "Secrets late-bound from an external store with rotation",
        layer: "data",
        exploitability: 3,
        hexad: ["confidentiality", "possession", "availability", "utility"],
        phase: "operate",
        summary:
            "Secrets live in an external secrets store (Azure Key Vault, HashiCorp Vault) and are bound to pods at runtime, with rotation, rather than being written into Kubernetes Secret manifests in code. The store gives access control, audit and rotation that plain Secrets lack, and rotation keeps what pods hold usable: a credential rotated at the source but frozen in a manifest stops working.",
        platforms: {
            aks: { applies: true, how: "Enable `addonProfiles.azureKeyvaultSecretsProvider = {enabled: true, config: {enableSecretRotation: \"true\"}}` and mount secrets with a SecretProviderClass through the Secrets Store CSI driver, authenticated by workload identity." },
            kubernetes: { applies: true, how: "Install the Secrets Store CSI driver with the Vault provider, the Vault Agent injector or External Secrets Operator, authenticated with the Kubernetes auth method." },
        },
        components: ["HardenedAKSCluster"],
        guidance:
            "Where a value comes from at runtime cannot be fully judged at preview time; the packs flag Secret manifests carrying literal data, and the store's access policies and rotation are reviewed in the store itself.",
        references: {
            cisKubernetes: ["5.4.2"],
            cisAks: ["4.5.2"],
            nsaCisa: ["Network separation and hardening: secrets"],
            mcsb: ["IM-8", "DP-6"],
            other: ["CKV_AZURE_172", "PSRule Azure.AKS.SecretStore", "PSRule Azure.AKS.SecretStoreRotation"],
        },
        covers: ["aks:key-vault-csi-with-rotation", "seed:secrets management"],
    },
    {
        id: "data.secrets-as-volumes",
        title: "Secrets mounted as files, not environment variables",
        layer: "data",
        exploitability: 2,
        hexad: ["confidentiality"],
        phase: "build",
        summary:
            "Pods read Secrets from mounted files, not from environment variables (`secretKeyRef`, `envFrom.secretRef`). Environment variables leak into crash dumps, logs, child processes and `/proc/<pid>/environ`, and do not update on rotation.",
        platforms: {
            kubernetes: { applies: true, how: "Pod-spec check: no `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`; mount a `secret` or CSI volume instead." },
        },
        components: [],
        references: {
            cisKubernetes: ["5.4.1"],
            cisAks: ["4.5.1"],
            nsaCisa: ["Network separation and hardening: secrets"],
            other: ["CKV_K8S_35", "kubescape C-0207", "kube-linter read-secret-from-env-var"],
        },
        covers: ["kubernetes:secrets-via-env"],
    },
    {
        id: "data.backups",
        title: "Backups that survive an attacker",
        layer: "data",
        exploitability: 4,
        hexad: ["utility", "availability", "integrity"],
        phase: "operate",
        summary:
            "Persistent data and the cluster's own state are backed up on a schedule to storage outside the cluster that an attacker with cluster-admin cannot delete (immutable, soft-deleted). Ransomware leaves data confidential and intact but unusable; a deleted namespace or a lost cluster takes its volumes with it. Only a backup the attacker cannot reach restores utility.",
        platforms: {
            kubernetes: {
                applies: true,
                how: "A Velero Schedule (or k8up, Stash, Kasten) covering every namespace with PersistentVolumeClaims, writing to an object-storage bucket with object lock, and etcd snapshots of the control plane copied off the nodes (a systemd timer running `etcdctl snapshot save`).",
            },
            aks: {
                applies: true,
                how: "The AKS Backup extension with a Backup vault (`azure-native:dataprotection:BackupVault`, immutability and soft delete on) and a backup instance for the cluster; etcd is operated by AKS. A Velero Schedule to a storage account with immutability is the alternative.",
            },
        },
        components: ["OnPremNodePool", "HardenedAKSCluster"],
        guidance:
            "OnPremNodePool's control-plane nodes snapshot etcd every six hours (copy the snapshots off the node with /usr/local/sbin/etcd-snapshot-upload); onprem-etcd-snapshots checks control-plane cloud-init for it. Whether backups succeed, and restore, is only visible at run time: test restores regularly. The packs check that a schedule covering the stack's persistent data is declared (require-backup-schedule) and, on AKS, that each cluster is backed up to a vault with immutability and soft delete (aks-cluster-backup; HardenedAKSCluster provisions it); set backupsManagedElsewhere when the platform team schedules backups from another stack. Azure Backup's operational tier keeps disk snapshots in a resource group of your subscription: an attacker who owns the subscription can delete them, so add the vault tier where the data must outlive that.",
        references: { nsaCisa: ["Threat detection: logging and auditing"], mcsb: ["BR-1", "BR-2"], other: ["Azure Policy: Azure Backup should be enabled for AKS clusters (preview)"] },
        covers: ["aks:cluster-backup"],
    },
    {
        id: "data.volume-retention",
        title: "Persistent volumes retained when their claim goes",
        layer: "data",
        exploitability: 2,
        hexad: ["utility", "availability"],
        phase: "build",
        summary:
            "StorageClasses used by stateful workloads, and static PersistentVolumes, reclaim with Retain, so deleting a claim - with its namespace, its Helm release, or by an attacker with delete rights - releases the disk instead of destroying the data on it.",
        platforms: {
            kubernetes: { applies: true, how: "Stack check: StorageClasses the stack's claims and volumeClaimTemplates use (by name, or the default class) and PersistentVolumes set reclaimPolicy / persistentVolumeReclaimPolicy Retain." },
            aks: { applies: true, how: "Stack check as on any cluster. The built-in Azure Disk classes (managed-csi, managed-csi-premium) reclaim with Delete: define a Retain class (disk.csi.azure.com, with diskEncryptionSetID for customer-managed keys) for stateful workloads." },
        },
        components: [],
        guidance: "Classes the platform installs outside the stack are not visible at preview; check them with `kubectl get storageclass -o custom-columns=NAME:.metadata.name,RECLAIM:.reclaimPolicy`.",
        references: { other: ["Kubernetes persistent volumes: reclaim policy"] },
        covers: [],
    },
    {
        id: "data.secret-scope",
        title: "Pods mount only the Secrets they need",
        layer: "data",
        exploitability: 2,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Pods reference only Secrets meant for them (by name or label convention), never other components' credentials. Any pod that mounts a Secret hands it to everyone who can exec into or compromise that pod.",
        platforms: {
            kubernetes: { applies: true, how: SECRET_SCOPE_HOW },
        },
        components: [],
        guidance:
            "Which Secrets belong to which workload is an organisational decision: the packs assume Secrets named after the workload unless allowedSecrets states the names per namespace, and a preview cannot see Secrets that exist only in the cluster. Keep each application in its own namespace (namespace.isolation) so it can only reach its own Secrets, and enforce the same names or labels at admission (Kyverno restrict-secrets-by-name/-label).",
        references: {
            nsaCisa: ["Network separation and hardening: secrets"],
            other: ["Kyverno restrict-secrets-by-name", "Kyverno restrict-secrets-by-label", "kubescape C-0255"],
        },
        covers: ["kubernetes:restrict-which-secrets-a-pod-may-mount"],
    },
    {
        id: "data.legacy-token-secrets",
        title: "No legacy service-account token Secrets",
        layer: "data",
        exploitability: 3,
        hexad: ["authenticity", "possession"],
        phase: "build",
        summary:
            "No Secret of type `kubernetes.io/service-account-token` is created. These legacy tokens never expire and survive pod deletion; projected tokens from the TokenRequest API are short-lived and audience-bound.",
        platforms: {
            kubernetes: { applies: true, how: "Checked on Secret objects: `type` is not `kubernetes.io/service-account-token`." },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.13"],
            nsaCisa: ["Kubernetes Pod security: protecting Pod service account tokens"],
            other: ["Kyverno deny-secret-service-account-token-type"],
        },
        covers: ["kubernetes:legacy-sa-token-secrets"],
    },
    {
        id: "data.encryption-in-transit",
        title: "Workload traffic encrypted in transit (TLS/mTLS)",
        layer: "data",
        exploitability: 3,
        hexad: ["confidentiality", "integrity"],
        phase: "build",
        summary:
            "Traffic between workloads and to data stores is encrypted with TLS, preferably mutual TLS through a service mesh or CNI encryption. The pod network is shared infrastructure; unencrypted traffic can be read by anyone who gets host networking or a node.",
        platforms: {
            aks: { applies: true, how: "Use the Istio-based service mesh add-on with STRICT mTLS, or Cilium WireGuard encryption (Advanced Container Networking Services), and TLS to Azure data services." },
            kubernetes: { applies: true, how: "Use a service mesh with STRICT mTLS (Istio, Linkerd) or CNI encryption (Cilium or Calico WireGuard), and TLS to data stores." },
        },
        components: [],
        guidance:
            "Whether an application speaks TLS is decided in its code and configuration, invisible to a preview; the packs require TLS on Ingress (network.ingress-tls), and mesh or CNI encryption is verified on the running cluster.",
        references: {
            nsaCisa: ["Network separation and hardening: encryption", "Audit logging and threat detection: service meshes"],
            mcsb: ["DP-3"],
        },
        covers: ["seed:encryption in transit"],
    },
    {
        id: "data.volume-encryption",
        title: "Persistent volumes encrypted at rest",
        layer: "data",
        exploitability: 2,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Persistent volumes are encrypted at rest, with customer-managed keys where required. Application data in volumes outlives pods and nodes; snapshots and detached disks must not be readable.",
        platforms: {
            aks: { applies: true, how: "StorageClasses for the Azure Disk CSI driver set `parameters.diskEncryptionSetID` to a customer-managed Disk Encryption Set (Azure Storage encrypts with platform keys by default)." },
            kubernetes: { applies: true, how: "Use storage that encrypts at rest: encrypted Ceph OSDs (Rook `encryptedDevice`), Longhorn encrypted volumes, or an encrypted SAN/datastore." },
        },
        components: [],
        guidance:
            "Encryption is a property of the storage backend, which a preview of StorageClass parameters only partly shows: require-volume-encryption-key checks the Azure Disk classes of the stack; verify other backends (and the platform's own classes) on the backend.",
        references: {
            nsaCisa: ["Network separation and hardening: encryption"],
            mcsb: ["DP-4", "DP-5"],
        },
        covers: [],
    },
];
