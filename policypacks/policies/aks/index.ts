// aks-only policies. One policy per file; add each here. Order: cluster access and identity,
// secrets and nodes, network, add-ons and observability, upgrades, then stack (cross-resource) checks.
import type { KslPolicy } from "../../lib/policy";
import { aksPrivateCluster } from "./private-cluster";
import { aksPrivateClusterPublicFqdn } from "./private-cluster-public-fqdn";
import { aksPublicNetworkAccess } from "./public-network-access";
import { aksAuthorizedIpRanges } from "./authorized-ip-ranges";
import { aksApiServerVnetIntegration } from "./api-server-vnet-integration";
import { aksRunCommandDisabled } from "./run-command-disabled";
import { aksKubernetesRbac } from "./kubernetes-rbac";
import { aksEntraId } from "./entra-id";
import { aksAzureRbac } from "./azure-rbac";
import { aksLocalAccountsDisabled } from "./local-accounts-disabled";
import { aksManagedIdentity } from "./managed-identity";
import { aksWorkloadIdentity } from "./workload-identity";
import { aksPodIdentityDisabled } from "./pod-identity-disabled";
import { aksKmsSecretsEncryption } from "./kms-secrets-encryption";
import { aksDiskEncryptionSet } from "./disk-encryption-set";
import { aksEncryptionAtHost } from "./encryption-at-host";
import { aksEphemeralOsDisk } from "./ephemeral-os-disk";
import { aksNodePublicIp } from "./node-public-ip";
import { aksNodeSshDisabled } from "./node-ssh-disabled";
import { aksTrustedLaunch } from "./trusted-launch";
import { aksFipsNodes } from "./fips-nodes";
import { aksNodeOsSku } from "./node-os-sku";
import { aksSystemPoolTaint } from "./system-pool-taint";
import { aksZoneRedundancy } from "./zone-redundancy";
import { aksMaxPods } from "./max-pods";
import { aksScaleSetPools } from "./scale-set-pools";
import { aksKubeletConfig } from "./kubelet-config";
import { aksAzureCni } from "./azure-cni";
import { aksNetworkPolicy } from "./network-policy";
import { aksControlledEgress } from "./controlled-egress";
import { aksAzurePolicyAddon } from "./azure-policy-addon";
import { aksDefender } from "./defender";
import { aksImageCleaner } from "./image-cleaner";
import { aksContainerInsights } from "./container-insights";
import { aksKeyVaultCsiRotation } from "./key-vault-csi-rotation";
import { aksHttpApplicationRoutingDisabled } from "./http-application-routing-disabled";
import { aksDashboardDisabled } from "./dashboard-disabled";
import { aksAutoUpgrade } from "./auto-upgrade";
import { aksNodeOsUpgrade } from "./node-os-upgrade";
import { aksSupportedVersion } from "./supported-version";
import { aksSkuTier } from "./sku-tier";
import { aksNodeResourceGroupLockdown } from "./node-resource-group-lockdown";
import { aksCsiDrivers } from "./csi-drivers";
import { aksAuditLogs } from "./audit-logs";
import { aksDefenderPlan } from "./defender-plan";
import { aksMaintenanceWindow } from "./maintenance-window";
import { aksNodeVersionSkew } from "./node-version-skew";
import { aksKubeletIdentityAcrPull } from "./kubelet-identity-acr-pull";
import { aksClusterIdentityLeastPrivilege } from "./cluster-identity-least-privilege";
import { aksAcrAdminUserDisabled } from "./acr-admin-user-disabled";
import { aksImageIntegrity } from "./image-integrity";
import { aksDeploymentSafeguards } from "./deployment-safeguards";
import { aksClusterBackup } from "./cluster-backup";

export const aksPolicies: KslPolicy[] = [
    aksPrivateCluster,
    aksPrivateClusterPublicFqdn,
    aksPublicNetworkAccess,
    aksAuthorizedIpRanges,
    aksApiServerVnetIntegration,
    aksRunCommandDisabled,
    aksKubernetesRbac,
    aksEntraId,
    aksAzureRbac,
    aksLocalAccountsDisabled,
    aksManagedIdentity,
    aksWorkloadIdentity,
    aksPodIdentityDisabled,
    aksKmsSecretsEncryption,
    aksDiskEncryptionSet,
    aksEncryptionAtHost,
    aksEphemeralOsDisk,
    aksNodePublicIp,
    aksNodeSshDisabled,
    aksTrustedLaunch,
    aksFipsNodes,
    aksNodeOsSku,
    aksSystemPoolTaint,
    aksZoneRedundancy,
    aksMaxPods,
    aksScaleSetPools,
    aksKubeletConfig,
    aksAzureCni,
    aksNetworkPolicy,
    aksControlledEgress,
    aksAzurePolicyAddon,
    aksDefender,
    aksImageCleaner,
    aksImageIntegrity,
    aksAcrAdminUserDisabled,
    aksContainerInsights,
    aksKeyVaultCsiRotation,
    aksHttpApplicationRoutingDisabled,
    aksDashboardDisabled,
    aksAutoUpgrade,
    aksNodeOsUpgrade,
    aksSupportedVersion,
    aksSkuTier,
    aksNodeResourceGroupLockdown,
    aksCsiDrivers,
    aksAuditLogs,
    aksDefenderPlan,
    aksMaintenanceWindow,
    aksNodeVersionSkew,
    aksKubeletIdentityAcrPull,
    aksClusterIdentityLeastPrivilege,
    aksDeploymentSafeguards,
    aksClusterBackup,
];
