// Nobody changes the node resource group behind AKS's back.
import { clusterPolicy, show } from "./common";

export const aksNodeResourceGroupLockdown = clusterPolicy(
    {
        name: "aks-node-resource-group-lockdown",
        measure: "infrastructure.node-resource-group-lockdown",
        severity: "medium",
        description:
            "The AKS node resource group should be locked to ReadOnly, so that nodes, disks and network resources can only be changed through the AKS API and not tampered with directly.",
        remediationSteps: "Set nodeResourceGroupProfile.restrictionLevel=\"ReadOnly\".",
    },
    (props, _ctx, report) => {
        const v = props?.nodeResourceGroupProfile?.restrictionLevel;
        if (v !== "ReadOnly") report(`ManagedCluster sets nodeResourceGroupProfile.restrictionLevel=${show(v)} (expected "ReadOnly")`);
    },
);
