// Clusters declared with the classic Azure provider (@pulumi/azure KubernetesCluster,
// KubernetesClusterNodePool, monitoring DiagnosticSetting) are read as azure-native resources by the
// AKS policies. Per AKS measure: whether its policies hold for such clusters, and why not where not.
// Every critical- and high-severity AKS measure holds, except where the classic provider has no
// setting for it at all (then the finding stands, which is the truth about such a cluster).

export type ClassicSupport = { holds: "yes" | "partly" | "no"; note: string };

const yes = (note: string): ClassicSupport => ({ holds: "yes", note });
const partly = (note: string): ClassicSupport => ({ holds: "partly", note });
const no = (note: string): ClassicSupport => ({ holds: "no", note });

export const CLASSIC_PROVIDER: Readonly<Record<string, ClassicSupport>> = {
    "cluster.api-authorized-ranges": yes("apiServerAccessProfile.authorizedIpRanges (apiServerAuthorizedIpRanges in v3)."),
    "cluster.api-private-endpoint": partly("privateClusterEnabled and privateClusterPublicFqdnEnabled are read; public network access and API server VNet integration are azure-native settings only."),
    "cluster.authn-central-idp": yes("azureActiveDirectoryRoleBasedAccessControl (admin groups, Azure RBAC)."),
    "cluster.authn-no-static-credentials": yes("localAccountDisabled."),
    "cluster.authz-rbac": yes("roleBasedAccessControlEnabled and azureActiveDirectoryRoleBasedAccessControl.azureRbacEnabled."),
    "cluster.maintenance-window": no("the check reads azure-native MaintenanceConfiguration resources; the classic maintenanceWindow blocks are not read."),
    "cluster.no-exposed-dashboards": yes("the classic provider cannot enable the Kubernetes Dashboard add-on."),
    "cluster.policy-controller": partly("azurePolicyEnabled is read; Deployment Safeguards exist in azure-native only."),
    "cluster.run-command-disabled": yes("runCommandEnabled."),
    "cluster.secrets-encryption-at-rest": yes("keyManagementService (key id, network access; the provider resolves a private key's vault)."),
    "cluster.supported-version": yes("kubernetesVersion, automaticUpgradeChannel (automaticChannelUpgrade in v3)."),
    "cluster.workload-identity": yes("oidcIssuerEnabled and workloadIdentityEnabled; the classic provider has no pod identity add-on."),
    "data.backups": no("aks-cluster-backup reads azure-native dataprotection BackupInstance, BackupVault, kubernetesconfiguration Extension and TrustedAccessRoleBinding resources; the classic azure.dataprotection resources are not read, so a classic cluster is reported as not backed up."),
    "data.secrets-external-store": yes("keyVaultSecretsProvider and its secretRotationEnabled."),
    "infrastructure.cloud-managed-identity": yes("identity, or servicePrincipal (reported); authorization Assignment resources to identity.principalId and kubeletIdentity.objectId."),
    "infrastructure.fips-nodes": yes("defaultNodePool / node pool fipsEnabled."),
    "infrastructure.kubelet-resource-protection": no("the classic kubeletConfig uses other field names; it is not read."),
    "infrastructure.node-disk-encryption": yes("diskEncryptionSetId, hostEncryptionEnabled, osDiskType."),
    "infrastructure.node-os-minimal": yes("osSku."),
    "infrastructure.node-os-patching": yes("nodeOsUpgradeChannel (nodeOsChannelUpgrade in v3)."),
    "infrastructure.node-pool-capacity": yes("maxPods."),
    "infrastructure.node-pool-isolation": yes("defaultNodePool.onlyCriticalAddonsEnabled, node pool nodeTaints."),
    "infrastructure.node-public-exposure": yes("nodePublicIpEnabled (enableNodePublicIp in v3)."),
    "infrastructure.node-resource-group-lockdown": no("the classic provider has no node resource group restriction level."),
    "infrastructure.node-ssh-access": no("the classic provider has no node pool SSH access setting: the finding stands for every classic cluster (use azure-native, or waive with the reason)."),
    "infrastructure.node-trusted-launch": no("secure boot and vTPM are azure-native node pool settings."),
    "infrastructure.node-version-skew": yes("orchestratorVersion of the default and separate node pools."),
    "infrastructure.storage-csi-drivers": no("the classic storageProfile is not read."),
    "infrastructure.uptime-sla": yes("skuTier."),
    "infrastructure.zone-redundancy": yes("zones, node counts and the pool type."),
    "network.controlled-egress": yes("networkProfile.outboundType."),
    "network.policy-enforcing-cni": yes("networkProfile networkPlugin, networkPluginMode, networkPolicy, networkDataPlane."),
    "network.service-exposure": yes("httpApplicationRoutingEnabled."),
    "observability.audit-logging": yes("classic monitoring DiagnosticSetting (targetResourceId, enabledLogs) on the cluster."),
    "observability.monitoring-alerting": partly("omsAgent is read; the classic monitorMetrics block is not."),
    "observability.runtime-threat-detection": partly("microsoftDefender is read; the classic securitycenter SubscriptionPricing is not."),
    "supply-chain.image-cleanup": yes("imageCleanerEnabled and imageCleanerIntervalHours."),
    "supply-chain.image-signatures": no("the classic provider has no Image Integrity setting: the advisory stands (verify signatures in-cluster and waive it)."),
    "supply-chain.registry-access": yes("classic Registry adminEnabled, and authorization Assignment (roleDefinitionId or a built-in roleDefinitionName) to the cluster's kubeletIdentity."),
};
