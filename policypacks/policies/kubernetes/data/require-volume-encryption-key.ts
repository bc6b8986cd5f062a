import { resourcePolicy } from "../../../lib/policy";
import { showValue } from "../../../lib/format";

/** CSI provisioners whose StorageClass parameters choose the key that encrypts the volume. */
const KEYED_PROVISIONERS: Readonly<Record<string, { parameter: string; what: string }>> = {
    // Azure Disk: platform-managed keys unless a disk encryption set gives a customer-managed one.
    "disk.csi.azure.com": { parameter: "diskEncryptionSetID", what: "a disk encryption set (customer-managed key in Key Vault)" },
};

/**
 * Volumes of stateful workloads are encrypted with a key the organisation controls, like the
 * nodes' disks: a key it can rotate, audit and revoke.
 */
export const requireVolumeEncryptionKey = resourcePolicy(
    {
        name: "require-volume-encryption-key",
        measure: "data.volume-encryption",
        description:
            "A StorageClass whose provisioner can encrypt with a customer-managed key must name one: on AKS, Azure Disk classes (disk.csi.azure.com) set parameters.diskEncryptionSetID, so persistent volumes are encrypted with the organisation's Key Vault key - one it can rotate, audit and revoke - rather than a platform-managed key.",
        severity: "low",
        remediationSteps:
            "Set parameters.diskEncryptionSetID to the disk encryption set HardenedAKSCluster uses for the nodes (or one of your own) on every disk.csi.azure.com StorageClass.",
    },
    {
        types: ["kubernetes:storage.k8s.io/v1:StorageClass"],
        validate: (props, _ctx, report) => {
            const provisioner = props?.provisioner;
            const keyed = typeof provisioner === "string" ? KEYED_PROVISIONERS[provisioner] : undefined;
            if (!keyed) return;
            const v = props?.parameters?.[keyed.parameter];
            if (typeof v !== "string" || v.trim() === "") {
                report(`StorageClass with provisioner ${showValue(provisioner)} sets parameters.${keyed.parameter}=${showValue(v)}: its volumes are encrypted with a platform-managed key, not ${keyed.what}.`);
            }
        },
    },
);
