// Node pools are virtual machine scale sets.
import { poolPolicy, str } from "./common";

export const aksScaleSetPools = poolPolicy(
    {
        name: "aks-scale-set-pools",
        measure: "infrastructure.zone-redundancy",
        severity: "low",
        description:
            "AKS node pools should be virtual machine scale sets. Availability-set pools cannot autoscale, span zones or run more than one pool, and are retired.",
        remediationSteps: "Set type=\"VirtualMachineScaleSets\" (the default) on the node pool.",
    },
    ({ pool, label, prefix }, _ctx, report) => {
        const t = str(pool.type);
        if (t !== undefined && t !== "VirtualMachineScaleSets") report(`${label} sets ${prefix}type="${t}" (expected "VirtualMachineScaleSets")`);
    },
);
