// Ephemeral OS disks: nothing persists between reimages, faster and cheaper.
import { poolPolicy, show } from "./common";

export const aksEphemeralOsDisk = poolPolicy(
    {
        name: "aks-ephemeral-os-disk",
        measure: "infrastructure.node-disk-encryption",
        severity: "low",
        description:
            "AKS node pools should use ephemeral OS disks: node state is discarded on every reimage, so tampering does not persist, and there is no remote OS disk to snapshot or detach.",
        remediationSteps: "Set osDiskType=\"Ephemeral\" and pick a VM size whose cache or temp disk holds the OS disk.",
    },
    ({ pool, label, prefix }, _ctx, report) => {
        if (pool.osDiskType !== "Ephemeral") report(`${label} sets ${prefix}osDiskType=${show(pool.osDiskType)} (expected "Ephemeral")`);
    },
);
