// Node OS security patches are applied automatically.
import { clusterPolicy, show, str } from "./common";

const OK = ["nodeimage", "securitypatch"];

export const aksNodeOsUpgrade = clusterPolicy(
    {
        name: "aks-node-os-upgrade",
        measure: "infrastructure.node-os-patching",
        severity: "medium",
        description:
            "AKS should patch the node OS automatically through the NodeImage or SecurityPatch channel, so that kernel and package vulnerabilities are fixed on a schedule instead of never.",
        remediationSteps: "Set autoUpgradeProfile.nodeOSUpgradeChannel=\"NodeImage\" (or \"SecurityPatch\") and define an aksManagedNodeOSUpgradeSchedule maintenance configuration.",
    },
    (props, _ctx, report) => {
        const c = str(props?.autoUpgradeProfile?.nodeOSUpgradeChannel);
        // The node-image cluster channel upgrades the node image itself, and AKS then fixes the node
        // OS channel to NodeImage (Azure Policy 04408ca5 counts it as compliant).
        if (c === undefined && str(props?.autoUpgradeProfile?.upgradeChannel)?.toLowerCase() === "node-image") return;
        if (!c || !OK.includes(c.toLowerCase())) {
            report(`ManagedCluster sets autoUpgradeProfile.nodeOSUpgradeChannel=${show(props?.autoUpgradeProfile?.nodeOSUpgradeChannel)} (expected "NodeImage" or "SecurityPatch")`);
        }
    },
);
