// The AKS components: they load @pulumi/azure-native (`k8s-security-library/components/aks`).
export { HardenedAKSCluster, toKubelogin, AKS_AAD_SERVER_ID, CRITICAL_ADDONS_TAINT } from "./hardened-aks-cluster";
export type { HardenedAKSClusterArgs, HardenedAKSClusterWaiver, HardenedAKSPublicEndpoint, HardenedAKSUserAssignedIdentity, HardenedAKSUserPool, HardenedAKSMaintenanceWindow } from "./hardened-aks-cluster";
