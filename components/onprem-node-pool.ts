// OnPremNodePool: the hardened configuration of a kubeadm node pool (CIS Kubernetes v1.12, as
// kube-bench checks it), rendered as documents, as a cloud-init bundle usable with any VM provider,
// and materialised as kubeadm's kube-system ConfigMaps so the on-prem pack can check it at preview.
// Every weakening opt-out must carry a waiver, which is recorded on the ConfigMaps.
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, NodePatch } from "@pulumi/kubernetes/core/v1";
import type { Provider } from "@pulumi/kubernetes/provider";
import { waiverArgProblem, waiverEntry } from "../policypacks/lib/waivers";
import { optOuts, renderNodePool, resolveSpec, NodePoolSpec, RenderedPool, SpecError } from "../kubeadm";

/** An explicit, time-bound exception to one policy of the on-prem pack. */
export interface OnPremNodePoolWaiver {
    /** Name of the policy waived, e.g. `onprem-kubelet-read-only-port`. */
    policy: string;
    /** Why the exception is acceptable (at least 10 characters); shown in every report. */
    justification: string;
    /** Last day the waiver holds, `YYYY-MM-DD` (the packs accept at most a year ahead). */
    expires: string;
}

/** Kubelet settings (KubeletConfiguration, CIS 4.2.x). */
export interface OnPremKubeletArgs {
    /**
     * Unauthenticated read-only port. 0 disables it (CIS 4.2.4); anything else is an opt-out
     * that needs a waiver for `onprem-kubelet-read-only-port`.
     * @default 0
     */
    readOnlyPort?: pulumi.Input<number>;
    /**
     * RuntimeDefault seccomp for containers without a profile (CIS 4.2.14). `false` needs a waiver
     * for `onprem-kubelet-seccomp-default`.
     * @default true
     */
    seccompDefault?: pulumi.Input<boolean>;
    /**
     * Refuse to start if kernel tunables differ from the kubelet's expectations; the pool ships the
     * matching /etc/sysctl.d/90-kubelet.conf. `false` needs a waiver for
     * `onprem-kubelet-protect-kernel-defaults`.
     * @default true
     */
    protectKernelDefaults?: pulumi.Input<boolean>;
    /** Event creation limit per second; 0 (unlimited) is rejected (CIS 4.2.8). @default 5 */
    eventRecordQPS?: pulumi.Input<number>;
    /** Process IDs per pod, against fork bombs (CIS 4.2.13); must be > 0. @default 4096 */
    podPidsLimit?: pulumi.Input<number>;
    /** Idle exec/attach/port-forward streams close after this (CIS 4.2.5); 0 is rejected. @default "5m0s" */
    streamingConnectionIdleTimeout?: pulumi.Input<string>;
    /** `VersionTLS12` (with strong ECDHE+AEAD suites, CIS 4.2.12) or `VersionTLS13`. @default "VersionTLS12" */
    tlsMinVersion?: pulumi.Input<string>;
    /** Pods per node. @default 110 */
    maxPods?: pulumi.Input<number>;
    /** Reserved for Kubernetes daemons, so pods cannot starve them. @default {cpu: "200m", memory: "512Mi", "ephemeral-storage": "1Gi", pid: "1000"} */
    kubeReserved?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Reserved for the OS. @default {cpu: "200m", memory: "512Mi", "ephemeral-storage": "1Gi", pid: "1000"} */
    systemReserved?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Hard eviction thresholds. @default {"memory.available": "200Mi", "nodefs.available": "10%", "nodefs.inodesFree": "5%", "imagefs.available": "15%"} */
    evictionHard?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Graceful node shutdown window, so pods stop cleanly on reboots. @default "60s" */
    shutdownGracePeriod?: pulumi.Input<string>;
    /** Part of shutdownGracePeriod kept for critical pods. @default "20s" */
    shutdownGracePeriodCriticalPods?: pulumi.Input<string>;
    /** Container log rotation size, so logs cannot fill the disk. @default "10Mi" */
    containerLogMaxSize?: pulumi.Input<string>;
    /** Rotated container log files kept. @default 5 */
    containerLogMaxFiles?: pulumi.Input<number>;
}

/** OIDC issuer of the organisation's IdP (AuthenticationConfiguration `jwt`). */
export interface OnPremOidcArgs {
    /** https URL of the issuer. */
    issuerUrl: pulumi.Input<string>;
    /** Accepted audiences. @default ["kubernetes"] */
    audiences?: pulumi.Input<pulumi.Input<string>[]>;
    /** JWT claim used as the user name. @default "email" */
    usernameClaim?: pulumi.Input<string>;
    /** Prefix so IdP users cannot collide with system users. @default "oidc:" */
    usernamePrefix?: pulumi.Input<string>;
    /** JWT claim holding the user's groups. @default "groups" */
    groupsClaim?: pulumi.Input<string>;
    /** Prefix added to group names, so they cannot collide with system groups. @default "oidc:" */
    groupsPrefix?: pulumi.Input<string>;
    /** PEM CA of the issuer, when not publicly trusted. */
    certificateAuthority?: pulumi.Input<string>;
}

/** Secrets encryption at rest (EncryptionConfiguration, CIS 1.2.27/1.2.28). One of the two is required. */
export interface OnPremEncryptionArgs {
    /** KMS v2 plugin socket, `unix:///...`. Preferred: the key never lives on the node. */
    kmsEndpoint?: pulumi.Input<string>;
    /** Name of the KMS v2 provider in the EncryptionConfiguration. @default "kms-v2" */
    kmsName?: pulumi.Input<string>;
    /** Timeout of calls to the KMS plugin. @default "3s" */
    kmsTimeout?: pulumi.Input<string>;
    /**
     * aescbc key: base64 of 32 random bytes, as a Pulumi secret (`config.requireSecret`). Used when
     * no KMS endpoint is given (or as the second provider while migrating). Never put in a ConfigMap.
     * @secret
     */
    aescbcKey?: pulumi.Input<string>;
    /** Name of the aescbc key in the EncryptionConfiguration. @default "key1" */
    keyName?: pulumi.Input<string>;
}

/** Control-plane settings (ClusterConfiguration and the files it mounts). Only with role "control-plane". */
export interface OnPremControlPlaneArgs {
    /** Required: how Secrets are encrypted in etcd. */
    encryption: OnPremEncryptionArgs;
    /**
     * Anonymous requests to /livez, /readyz and /healthz only (KEP-4633) so load balancers can
     * probe; `false` turns anonymous access off completely (probes then need credentials).
     * @default true
     */
    allowAnonymousHealthChecks?: pulumi.Input<boolean>;
    /** API server profiling (CIS 1.2.15); `true` needs a waiver for `onprem-apiserver-profiling`. @default false */
    profiling?: pulumi.Input<boolean>;
    /**
     * AlwaysPullImages admission (CIS 1.2.11), so one tenant cannot use another's cached private
     * image. `false` needs a waiver for `onprem-apiserver-admission-plugins`.
     * @default true
     */
    alwaysPullImages?: pulumi.Input<boolean>;
    /** Audit log retention in days (CIS 1.2.17). @default 30 */
    auditLogMaxAge?: pulumi.Input<number>;
    /** Rotated audit log files kept (CIS 1.2.18). @default 10 */
    auditLogMaxBackup?: pulumi.Input<number>;
    /** Audit log file size in MB before rotation (CIS 1.2.19). @default 100 */
    auditLogMaxSize?: pulumi.Input<number>;
    /** Central IdP for people (recommended; without it `onprem-apiserver-central-idp` reports). */
    oidc?: OnPremOidcArgs;
    /** Cluster-wide Pod Security Admission default for unlabelled namespaces. @default "restricted" */
    podSecurityLevel?: pulumi.Input<string>;
    /** Pinned PSA version. @default the minor of kubernetesVersion, e.g. "v1.34" */
    podSecurityVersion?: pulumi.Input<string>;
    /** Namespaces exempt from PSA. @default ["kube-system"] */
    podSecurityExemptNamespaces?: pulumi.Input<pulumi.Input<string>[]>;
    /** Service CIDR of the cluster. @default "10.96.0.0/12" */
    serviceSubnet?: pulumi.Input<string>;
    /** Pod CIDR of the cluster. @default "10.244.0.0/16" */
    podSubnet?: pulumi.Input<string>;
    /** kubeadm certificate key (secret) for `--upload-certs`, so further control-plane nodes fetch the PKI. @secret */
    certificateKey?: pulumi.Input<string>;
}

/** containerd settings (/etc/containerd/config.toml and certs.d). */
export interface OnPremContainerdArgs {
    /** Approved registry mirrors: registry host → https mirror URLs (certs.d hosts.toml). @default {} */
    registryMirrors?: pulumi.Input<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
    /** Pause image, pinned by tag or digest. @default "registry.k8s.io/pause:3.10.1" */
    sandboxImage?: pulumi.Input<string>;
    /** `enable_selinux`: set true on SELinux-enforcing hosts (RHEL family). @default false */
    selinux?: pulumi.Input<boolean>;
}

/** Extra component flags, merged by name over the hardened ones ("" removes a flag). Checked by the pack. */
export interface OnPremExtraArgs {
    /** `apiServer.extraArgs` of the ClusterConfiguration. */
    apiServer?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** `controllerManager.extraArgs` of the ClusterConfiguration. */
    controllerManager?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** `scheduler.extraArgs` of the ClusterConfiguration. */
    scheduler?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** `etcd.local.extraArgs` of the ClusterConfiguration. */
    etcd?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** `nodeRegistration.kubeletExtraArgs`. */
    kubelet?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Escape hatch: deep-merged into the rendered documents (objects merge, other values replace,
 * null deletes). Not validated by the component: the on-prem pack checks the result at preview.
 */
export interface OnPremOverrides {
    /** Merged over the KubeletConfiguration. */
    kubelet?: pulumi.Input<Record<string, any>>;
    /** Merged over the kubeadm ClusterConfiguration (control-plane pools). */
    clusterConfiguration?: pulumi.Input<Record<string, any>>;
    /** Merged over the kubeadm JoinConfiguration (joining pools). */
    joinConfiguration?: pulumi.Input<Record<string, any>>;
    /** Merged over the kubeadm InitConfiguration (the init pool). */
    initConfiguration?: pulumi.Input<Record<string, any>>;
    /** Merged over the API server audit Policy. */
    auditPolicy?: pulumi.Input<Record<string, any>>;
    /** Merged over the EncryptionConfiguration (secrets at rest). */
    encryptionConfiguration?: pulumi.Input<Record<string, any>>;
    /** Merged over the AdmissionConfiguration (Pod Security, EventRateLimit). */
    admissionConfiguration?: pulumi.Input<Record<string, any>>;
    /** Merged over the structured AuthenticationConfiguration (OIDC). */
    authenticationConfiguration?: pulumi.Input<Record<string, any>>;
    /** The KubeProxyConfiguration kubeadm init writes to the kube-system/kube-proxy ConfigMap. */
    kubeProxy?: pulumi.Input<Record<string, any>>;
    /** TOML table path (e.g. `plugins.'io.containerd.grpc.v1.cri'`) → keys. */
    containerd?: pulumi.Input<Record<string, Record<string, any>>>;
    /** Top-level cloud-config keys. */
    cloudConfig?: pulumi.Input<Record<string, any>>;
}

export interface OnPremNodePoolArgs {
    /** `control-plane` or `worker`. Control-plane pools also render the API server's configuration. */
    role: pulumi.Input<string>;
    /** Pool name for taints and labels (`dedicated=<pool>`). @default the resource name */
    poolName?: pulumi.Input<string>;
    /** First control-plane node: `kubeadm init` instead of `kubeadm join`. @default false */
    initControlPlane?: pulumi.Input<boolean>;
    /** Kubernetes version kubeadm installs. @default "v1.34.1" */
    kubernetesVersion?: pulumi.Input<string>;
    /** API endpoint `host:port` (a load balancer in front of the control plane). */
    controlPlaneEndpoint: pulumi.Input<string>;
    /** Bootstrap token `[a-z0-9]{6}.[a-z0-9]{16}` (secret). Required to join; on init, the token created for later joins. @secret */
    bootstrapToken?: pulumi.Input<string>;
    /** Lifetime of the init node's bootstrap token (kubeadm's default is 24h). @default "1h" */
    bootstrapTokenTtl?: pulumi.Input<string>;
    /** Pinned cluster CA public-key hashes `sha256:<hex>` for token discovery. Required to join. */
    caCertHashes?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Taint the pool at registration (`registerWithTaints` + JoinConfiguration taints,
     * `dedicated=<pool>:NoSchedule` for workers), so only tolerating pods land there.
     * @default true for control-plane pools, false for workers
     */
    dedicated?: pulumi.Input<boolean>;
    /**
     * Isolation labels, only under `node-restriction.kubernetes.io/` (NodeRestriction stops kubelets
     * from setting these, so a compromised node cannot attract workloads). Applied by an admin
     * NodePatch for each of `nodeNames`, never by the kubelet.
     * @default {"node-restriction.kubernetes.io/pool": <pool>} for dedicated worker pools
     */
    isolationLabels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Node names to label with isolationLabels once they have joined (needs kubernetesProvider). @default [] */
    nodeNames?: string[];
    /** Kubelet settings; each defaults to its CIS-hardened value. */
    kubelet?: OnPremKubeletArgs;
    /** API server, controller manager, scheduler and etcd settings (control-plane pools). */
    controlPlane?: OnPremControlPlaneArgs;
    /** containerd settings (registry mirrors, sandbox image, SELinux). */
    containerd?: OnPremContainerdArgs;
    /** Extra component flags, merged by name over the hardened ones. */
    extraArgs?: OnPremExtraArgs;
    /** Raw merges over the generated documents, for settings the args do not name. */
    overrides?: OnPremOverrides;
    /** Required for every weakening opt-out; recorded on the materialised ConfigMaps. @default [] */
    waivers?: OnPremNodePoolWaiver[];
    /**
     * Provider of the cluster: when given, the configuration is materialised as kubeadm's
     * kube-system ConfigMaps (`kubelet-config`, `kubeadm-config`; `kubelet-config-<pool>` for other
     * pools) so the packs check it, and isolation labels are applied.
     */
    kubernetesProvider?: Provider;
    /** Create the ConfigMaps when a provider is given. @default true */
    materializeConfigMaps?: boolean;
}

function hasOutputs(v: unknown, depth = 0): boolean {
    if (depth > 20) return false;
    if (pulumi.Output.isInstance(v) || v instanceof Promise) return true;
    if (Array.isArray(v)) return v.some((x) => hasOutputs(x, depth + 1));
    if (typeof v === "object" && v !== null) return Object.values(v).some((x) => hasOutputs(x, depth + 1));
    return false;
}

/** Waivers as the packs read them from a component's inputs: policy → `expires=...; justification=...`. */
function waiverMap(waivers: OnPremNodePoolWaiver[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const w of waivers) {
        const [key, value] = waiverEntry("k8s", w.policy, w.justification, w.expires);
        out[key.slice(key.indexOf("/") + 1)] = value;
    }
    return out;
}

export class OnPremNodePool extends pulumi.ComponentResource {
    /** KubeletConfiguration YAML. */
    public readonly kubeletConfig: pulumi.Output<string>;
    /** kubeadm --config file of a joining node (JoinConfiguration; secret: holds the bootstrap token). Undefined on the init node. */
    public readonly joinConfiguration: pulumi.Output<string | undefined>;
    /** The full kubeadm --config file (Init+Cluster+Kubelet on the init node, else Join). Secret. */
    public readonly kubeadmConfig: pulumi.Output<string>;
    /** kubeadm ClusterConfiguration YAML (control-plane pools). */
    public readonly clusterConfiguration: pulumi.Output<string | undefined>;
    /** audit.k8s.io/v1 Policy YAML (control-plane pools). */
    public readonly auditPolicy: pulumi.Output<string | undefined>;
    /** EncryptionConfiguration YAML with key material (secret; control-plane pools). */
    public readonly encryptionConfiguration: pulumi.Output<string | undefined>;
    /** AdmissionConfiguration YAML: EventRateLimit and PodSecurity defaults (control-plane pools). */
    public readonly admissionConfiguration: pulumi.Output<string | undefined>;
    /** AuthenticationConfiguration YAML: anonymous health checks and OIDC (control-plane pools). */
    public readonly authenticationConfiguration: pulumi.Output<string | undefined>;
    /** /etc/containerd/config.toml. */
    public readonly containerdConfig: pulumi.Output<string>;
    /** `#cloud-config` user-data for any VM provider (secret when it holds a token or key). */
    public readonly userData: pulumi.Output<string>;
    /** The kubelet ConfigMap, when materialised. */
    public readonly kubeletConfigMap?: ConfigMap;
    /** kube-system/kubeadm-config, when materialised (the init control-plane pool). */
    public readonly kubeadmConfigMap?: ConfigMap;

    constructor(name: string, args: OnPremNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        const { kubernetesProvider, nodeNames, materializeConfigMaps, waivers, ...rest } = args ?? ({} as OnPremNodePoolArgs);
        const waiverList = waivers ?? [];
        // The inputs the packs see: the arguments (no provider object) with waivers in policy-keyed form.
        const inputs = { ...rest, waivers: waiverMap(waiverList) };
        super("ksl:index:OnPremNodePool", name, inputs, opts);

        for (const w of waiverList) {
            const problem = waiverArgProblem(w);
            if (problem) throw new pulumi.ResourceError(problem, this);
        }

        const resolve = (raw: Record<string, unknown>): NodePoolSpec => {
            let spec: NodePoolSpec;
            try {
                spec = resolveSpec(raw, name);
            } catch (e) {
                if (e instanceof SpecError) throw new pulumi.ResourceError(`OnPremNodePool ${name}: ${e.message}`, this);
                throw e;
            }
            const missing = optOuts(spec).filter((o) => spec.waivers[o.policy] === undefined);
            if (missing.length > 0) {
                throw new pulumi.ResourceError(
                    `OnPremNodePool ${name}: ${missing.map((m) => `${m.what} needs a waiver for ${m.policy}`).join("; ")} (add {policy, justification, expires} to waivers).`,
                    this,
                );
            }
            return spec;
        };
        // Fail at construction when the arguments are plain values; otherwise once they resolve.
        if (!hasOutputs(inputs)) resolve(inputs as Record<string, unknown>);
        const spec = pulumi.output(inputs).apply((raw) => resolve(raw as Record<string, unknown>));
        const full = spec.apply((s) => renderNodePool(s, { redact: false }));
        // Redacted rendering: no key material, so these outputs need not be secret even when the
        // inputs are (the bootstrap token only appears in the kubeadm files and user-data).
        const pub = spec.apply((s) => renderNodePool(s, { redact: true }));
        const plain = <T>(f: (r: RenderedPool) => T) => pulumi.unsecret(pub.apply(f));

        this.kubeletConfig = plain((r) => r.yaml.kubeletConfig);
        this.clusterConfiguration = plain((r) => r.yaml.clusterConfiguration);
        this.auditPolicy = plain((r) => r.yaml.auditPolicy);
        this.admissionConfiguration = plain((r) => r.yaml.admissionConfiguration);
        this.authenticationConfiguration = plain((r) => r.yaml.authenticationConfiguration);
        this.containerdConfig = plain((r) => r.containerdConfig);
        this.joinConfiguration = pulumi.secret(full.apply((r) => r.yaml.joinConfiguration));
        this.kubeadmConfig = pulumi.secret(full.apply((r) => r.yaml.kubeadmConfig));
        this.encryptionConfiguration = pulumi.secret(full.apply((r) => r.yaml.encryptionConfiguration));
        const holdsSecrets = full.apply((r) => r.holdsSecrets);
        this.userData = pulumi.all([full, holdsSecrets]).apply(([r, s]) => (s ? pulumi.secret(r.userData) : pulumi.output(r.userData)));

        if (kubernetesProvider && materializeConfigMaps !== false) {
            const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: kubernetesProvider };
            // kubeadm created these objects; patchForce takes ownership of the fields we set.
            const annotations: Record<string, string> = { "pulumi.com/patchForce": "true" };
            for (const w of waiverList) {
                const [k, v] = waiverEntry("k8s", w.policy, w.justification, w.expires);
                annotations[k] = v;
            }
            const poolName = spec.apply((s) => s.poolName);
            const init = spec.apply((s) => s.initControlPlane);
            const labels = poolName.apply((p) => ({ "app.kubernetes.io/managed-by": "pulumi", "ksl.dev/node-pool": p }));
            // kubeadm's own cluster-wide objects belong to the init pool; other pools get their own copy.
            const kubeletName = pulumi.all([init, poolName]).apply(([i, p]) => (i ? "kubelet-config" : `kubelet-config-${p}`));
            this.kubeletConfigMap = new ConfigMap(
                `${name}-kubelet-config`,
                { metadata: { name: kubeletName, namespace: "kube-system", labels, annotations }, data: { kubelet: this.kubeletConfig } },
                childOpts,
            );
            // kube-system/kubeadm-config is cluster-wide: only the init pool (role and
            // initControlPlane given as plain values) materialises it.
            if (rest.role === "control-plane" && rest.initControlPlane === true) {
                // Only the ClusterConfiguration: never the EncryptionConfiguration or any key.
                this.kubeadmConfigMap = new ConfigMap(
                    `${name}-kubeadm-config`,
                    {
                        metadata: { name: "kubeadm-config", namespace: "kube-system", labels, annotations },
                        data: this.clusterConfiguration.apply((c): Record<string, string> => (c ? { ClusterConfiguration: c } : {})),
                    },
                    childOpts,
                );
            }
            for (const node of nodeNames ?? []) {
                new NodePatch(
                    `${name}-labels-${node}`,
                    { metadata: { name: node, labels: spec.apply((s) => s.isolationLabels) } },
                    childOpts,
                );
            }
        }

        this.registerOutputs({
            kubeletConfig: this.kubeletConfig,
            joinConfiguration: this.joinConfiguration,
            kubeadmConfig: this.kubeadmConfig,
            clusterConfiguration: this.clusterConfiguration,
            auditPolicy: this.auditPolicy,
            encryptionConfiguration: this.encryptionConfiguration,
            admissionConfiguration: this.admissionConfiguration,
            authenticationConfiguration: this.authenticationConfiguration,
            containerdConfig: this.containerdConfig,
            userData: this.userData,
        });
    }
}
