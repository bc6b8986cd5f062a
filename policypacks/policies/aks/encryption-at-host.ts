// Temp disks, caches and OS disk data are encrypted on the host.
import { poolPolicy, show } from "./common";

export const aksEncryptionAtHost = poolPolicy(
    {
        name: "aks-encryption-at-host",
        measure: "infrastructure.node-disk-encryption",
        severity: "medium",
        description:
            "Every AKS node pool should enable encryption at host, so that temporary disks, disk caches and ephemeral OS disks are encrypted at rest on the VM host as well.",
        remediationSteps: "Set enableEncryptionAtHost=true on the node pool (the subscription needs the EncryptionAtHost feature registered).",
    },
    ({ pool, label, prefix }, _ctx, report) => {
        if (pool.enableEncryptionAtHost !== true) report(`${label} sets ${prefix}enableEncryptionAtHost=${show(pool.enableEncryptionAtHost)}`);
    },
);
