// The library's components. Each area adds its own export line here.
export { HardenedNamespace, DEFAULT_PSA_VERSION } from "./hardened-namespace";
export type { HardenedNamespaceArgs, HardenedNamespaceQuota, HardenedNamespaceLimits, HardenedNamespaceWaiver } from "./hardened-namespace";
export { OnPremNodePool } from "./onprem-node-pool";
export type { OnPremNodePoolArgs, OnPremNodePoolWaiver, OnPremKubeletArgs, OnPremControlPlaneArgs, OnPremEncryptionArgs, OnPremOidcArgs, OnPremContainerdArgs, OnPremExtraArgs, OnPremOverrides } from "./onprem-node-pool";
