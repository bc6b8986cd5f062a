// The components any cluster can use, on-prem included: they load @pulumi/pulumi and
// @pulumi/kubernetes only, never the Azure SDK (`k8s-security-library/components/kubernetes`).
export { HardenedNamespace, DEFAULT_PSA_VERSION } from "./hardened-namespace";
export type { HardenedNamespaceArgs, HardenedNamespaceQuota, HardenedNamespaceLimits, HardenedNamespaceWaiver } from "./hardened-namespace";
export { OnPremNodePool } from "./onprem-node-pool";
export type { OnPremNodePoolArgs, OnPremNodePoolWaiver, OnPremKubeletArgs, OnPremControlPlaneArgs, OnPremEncryptionArgs, OnPremOidcArgs, OnPremContainerdArgs, OnPremExtraArgs, OnPremOverrides } from "./onprem-node-pool";
