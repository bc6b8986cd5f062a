// OS and data disks encrypted with a customer-managed key.
import { clusterPolicy, str } from "./common";

export const aksDiskEncryptionSet = clusterPolicy(
    {
        name: "aks-disk-encryption-set",
        measure: "infrastructure.node-disk-encryption",
        severity: "low",
        description:
            "AKS node OS and data disks should be encrypted with a customer-managed key through a disk encryption set, so that the key can be rotated and revoked by the owner rather than the platform.",
        remediationSteps: "Create a compute DiskEncryptionSet over a Key Vault key and set diskEncryptionSetID on the ManagedCluster.",
    },
    (props, _ctx, report) => {
        if (!str(props?.diskEncryptionSetID)) report("ManagedCluster sets no diskEncryptionSetID: node disks use platform-managed keys");
    },
);
