// The managed storage CSI drivers stay on.
import { clusterPolicy } from "./common";

const DRIVERS = ["diskCSIDriver", "fileCSIDriver", "snapshotController"];

export const aksCsiDrivers = clusterPolicy(
    {
        name: "aks-csi-drivers",
        measure: "infrastructure.storage-csi-drivers",
        severity: "low",
        description:
            "AKS should keep the managed Azure Disk and Azure Files CSI drivers and the snapshot controller on; the retired in-tree drivers get no fixes, and encryption and snapshot features need the CSI drivers.",
        remediationSteps: "Leave storageProfile.diskCSIDriver, fileCSIDriver and snapshotController unset or set enabled=true.",
    },
    (props, _ctx, report) => {
        for (const d of DRIVERS) {
            // Unset means the AKS default, which is enabled.
            if (props?.storageProfile?.[d]?.enabled === false) report(`ManagedCluster sets storageProfile.${d}.enabled=false`);
        }
    },
);
