// One call that renders everything a node pool needs from a resolved spec. The component uses
// it to build its outputs; the on-prem policies use it to check a component's inputs.
import { stringify } from "yaml";
import type { NodePoolSpec } from "./spec";
import {
    admissionConfiguration, auditPolicy, auditRules, authenticationConfiguration, clusterConfiguration,
    encryptionConfiguration, initConfiguration, joinConfiguration, kubeletConfiguration, kubeProxyConfiguration, modulesConf, PATHS, etcdSnapshotFiles,
    sysctlConf,
} from "./documents";
import { containerdConfig, registryHosts } from "./containerd";
import { cloudConfig, WriteFile } from "./cloud-init";

export const PATCHES_DIR = "/etc/kubernetes/patches";

export interface RenderedPool {
    /** Parsed documents, for tests and policies. `encryption` is redacted unless asked otherwise. */
    docs: {
        kubelet: Record<string, unknown>;
        join?: Record<string, unknown>;
        init?: Record<string, unknown>;
        cluster?: Record<string, unknown>;
        /** Rendered by the first control-plane node only (cluster-wide, like the ClusterConfiguration's kube-proxy). */
        kubeProxy?: Record<string, unknown>;
        auditPolicy?: Record<string, unknown>;
        encryption?: Record<string, unknown>;
        admission?: Record<string, unknown>;
        authentication?: Record<string, unknown>;
    };
    /** YAML text of each document (the join/init file is the full kubeadm --config file). */
    yaml: {
        kubeletConfig: string;
        kubeadmConfig: string;
        joinConfiguration?: string;
        clusterConfiguration?: string;
        auditPolicy?: string;
        encryptionConfiguration?: string;
        admissionConfiguration?: string;
        authenticationConfiguration?: string;
    };
    containerdConfig: string;
    files: WriteFile[];
    /** `#cloud-config` user-data. */
    userData: string;
    /** True when userData holds key material or a bootstrap token (so it must be a secret). */
    holdsSecrets: boolean;
}

const y = (doc: unknown) => stringify(doc, { lineWidth: 0 });

/** `redact`: replace key material (encryption keys) with a placeholder everywhere. */
export function renderNodePool(spec: NodePoolSpec, opts: { redact?: boolean } = {}): RenderedPool {
    const redact = opts.redact ?? false;
    const kubelet = kubeletConfiguration(spec);
    const cluster = clusterConfiguration(spec);
    const withPatches = (d: Record<string, unknown>) => ({ ...d, patches: { directory: PATCHES_DIR } });
    const init = spec.initControlPlane ? withPatches(initConfiguration(spec)) : undefined;
    const kubeProxy = init ? kubeProxyConfiguration(spec) : undefined;
    const join = spec.initControlPlane ? undefined : withPatches(joinConfiguration(spec));
    const audit = spec.controlPlane ? auditPolicy(spec) : undefined;
    const encryption = encryptionConfiguration(spec, redact);
    const admission = admissionConfiguration(spec);
    const authentication = authenticationConfiguration(spec);

    // kubeadm init takes the cluster-wide kubelet config in its --config file (it becomes the
    // kubelet-config ConfigMap); every node also applies its pool's config as a kubeadm patch.
    const kubeadmConfig = init ? [init, cluster, kubelet, kubeProxy].map(y).join("---\n") : y(join);
    const files: WriteFile[] = [
        { path: PATHS.kubeadmConfig, content: kubeadmConfig, permissions: "0600" },
        { path: `${PATCHES_DIR}/kubeletconfiguration+merge.yaml`, content: y(kubelet), permissions: "0600" },
        { path: PATHS.containerdConfig, content: containerdConfig(spec), permissions: "0600" },
        ...registryHosts(spec).map((f) => ({ ...f, permissions: "0644" })),
        { path: PATHS.sysctl, content: sysctlConf(), permissions: "0644" },
        { path: PATHS.modules, content: modulesConf(), permissions: "0644" },
        { path: PATHS.auditRules, content: auditRules(spec), permissions: "0640" },
    ];
    if (spec.controlPlane) {
        files.push(
            { path: PATHS.auditPolicy, content: y(audit), permissions: "0600" },
            { path: PATHS.encryptionConfig, content: y(encryption), permissions: "0600" },
            { path: PATHS.admissionConfig, content: y(admission), permissions: "0600" },
            { path: PATHS.authenticationConfig, content: y(authentication), permissions: "0600" },
            ...etcdSnapshotFiles(),
        );
    }
    const userData = cloudConfig(spec, files);
    return {
        docs: { kubelet, join, init, cluster, kubeProxy, auditPolicy: audit, encryption, admission, authentication },
        yaml: {
            kubeletConfig: y(kubelet),
            kubeadmConfig,
            joinConfiguration: join ? y(join) : undefined,
            clusterConfiguration: cluster ? y(cluster) : undefined,
            auditPolicy: audit ? y(audit) : undefined,
            encryptionConfiguration: encryption ? y(encryption) : undefined,
            admissionConfiguration: admission ? y(admission) : undefined,
            authenticationConfiguration: authentication ? y(authentication) : undefined,
        },
        containerdConfig: containerdConfig(spec),
        files,
        userData,
        holdsSecrets: spec.bootstrapToken !== undefined || (!redact && spec.controlPlane?.encryption.aescbcKey !== undefined) || spec.controlPlane?.certificateKey !== undefined,
    };
}
