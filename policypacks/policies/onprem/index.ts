// onprem-only policies. One policy per file; add each here. They check kubelet, kubeadm,
// API server, audit, encryption, admission, authentication and containerd configuration
// wherever it appears: ConfigMaps, cloud-init user-data, and OnPremNodePool inputs.
import type { KslPolicy } from "../../lib/policy";
import { onpremConfigParseable } from "./config-parseable";
import { onpremKubeletAnonymousAuth } from "./kubelet-anonymous-auth";
import { onpremKubeletAuthorizationMode } from "./kubelet-authorization-mode";
import { onpremKubeletReadOnlyPort } from "./kubelet-read-only-port";
import { onpremKubeletTls } from "./kubelet-tls";
import { onpremKubeletProtectKernelDefaults } from "./kubelet-protect-kernel-defaults";
import { onpremKubeletSeccompDefault } from "./kubelet-seccomp-default";
import { onpremKubeletLimits } from "./kubelet-limits";
import { onpremKubeletHostnameOverride } from "./kubelet-hostname-override";
import { onpremApiserverAnonymousAuth } from "./apiserver-anonymous-auth";
import { onpremApiserverAuthorizationMode } from "./apiserver-authorization-mode";
import { onpremApiserverAdmissionPlugins } from "./apiserver-admission-plugins";
import { onpremApiserverAuditLog } from "./apiserver-audit-log";
import { onpremApiserverEncryptionProvider } from "./apiserver-encryption-provider";
import { onpremEncryptionConfigProviders } from "./encryption-config-providers";
import { onpremApiserverTls } from "./apiserver-tls";
import { onpremApiserverProfiling } from "./apiserver-profiling";
import { onpremApiserverServiceAccountTokens } from "./apiserver-service-account-tokens";
import { onpremApiserverCentralIdp } from "./apiserver-central-idp";
import { onpremControllerManagerHardening } from "./controller-manager-hardening";
import { onpremSchedulerHardening } from "./scheduler-hardening";
import { onpremEtcdTls } from "./etcd-tls";
import { onpremAuditPolicyCoverage } from "./audit-policy-coverage";
import { onpremStaticTokenAuth } from "./static-token-auth";
import { onpremNodeLabelsRestricted } from "./node-labels-restricted";
import { onpremContainerdHardening } from "./containerd-hardening";
import { onpremAdmissionPodSecurityDefaults } from "./admission-pod-security-defaults";
import { onpremKubeadmDiscoveryPinned } from "./kubeadm-discovery-pinned";
import { onpremBootstrapTokenTtl } from "./bootstrap-token-ttl";
import { onpremCloudInitSshAccess } from "./cloud-init-ssh-access";
import { onpremKubeProxyMetricsLocalhost } from "./kube-proxy-metrics-localhost";
import { onpremEtcdSnapshots } from "./etcd-snapshots";

export const onpremPolicies: KslPolicy[] = [
    onpremConfigParseable,
    onpremKubeletAnonymousAuth,
    onpremKubeletAuthorizationMode,
    onpremKubeletReadOnlyPort,
    onpremKubeletTls,
    onpremKubeletProtectKernelDefaults,
    onpremKubeletSeccompDefault,
    onpremKubeletLimits,
    onpremKubeletHostnameOverride,
    onpremApiserverAnonymousAuth,
    onpremApiserverAuthorizationMode,
    onpremApiserverAdmissionPlugins,
    onpremApiserverAuditLog,
    onpremApiserverEncryptionProvider,
    onpremEncryptionConfigProviders,
    onpremApiserverTls,
    onpremApiserverProfiling,
    onpremApiserverServiceAccountTokens,
    onpremApiserverCentralIdp,
    onpremControllerManagerHardening,
    onpremSchedulerHardening,
    onpremKubeProxyMetricsLocalhost,
    onpremEtcdSnapshots,
    onpremEtcdTls,
    onpremAuditPolicyCoverage,
    onpremStaticTokenAuth,
    onpremNodeLabelsRestricted,
    onpremContainerdHardening,
    onpremAdmissionPodSecurityDefaults,
    onpremKubeadmDiscoveryPinned,
    onpremBootstrapTokenTtl,
    onpremCloudInitSshAccess,
];
