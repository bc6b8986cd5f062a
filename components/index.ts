// The library's components. Each area adds its own export line here.
export { HardenedNamespace, DEFAULT_PSA_VERSION } from "./hardened-namespace";
export type { HardenedNamespaceArgs, HardenedNamespaceQuota, HardenedNamespaceLimits, HardenedNamespaceWaiver } from "./hardened-namespace";
export { OnPremNodePool } from "./onprem-node-pool";
export type { OnPremNodePoolArgs, OnPremNodePoolWaiver, OnPremKubeletArgs, OnPremControlPlaneArgs, OnPremEncryptionArgs, OnPremOidcArgs, OnPremContainerdArgs, OnPremExtraArgs, OnPremOverrides } from "./onprem-node-pool";
export { HardenedAKSCluster, toKubelogin, AKS_AAD_SERVER_ID, CRITICAL_ADDONS_TAINT } from "./hardened-aks-cluster";
export type { HardenedAKSClusterArgs, HardenedAKSClusterWaiver, HardenedAKSPublicEndpoint, HardenedAKSUserAssignedIdentity, HardenedAKSUserPool, HardenedAKSMaintenanceWindow } from "./hardened-aks-cluster";
