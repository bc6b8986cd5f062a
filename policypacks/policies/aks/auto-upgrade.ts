// The cluster follows an automatic Kubernetes upgrade channel.
import { asArray } from "../../lib/k8s";
import { clusterPolicy, show, str } from "./common";

export const aksAutoUpgrade = clusterPolicy<{ allowedChannels: string[] }>(
    {
        name: "aks-auto-upgrade",
        measure: "cluster.supported-version",
        severity: "medium",
        description:
            "AKS should upgrade Kubernetes automatically through an upgrade channel (patch or stable), so that control-plane and kubelet security patches arrive without waiting for a manual change.",
        remediationSteps: "Set autoUpgradeProfile.upgradeChannel=\"patch\" (or \"stable\") and define an aksManagedAutoUpgradeSchedule maintenance configuration.",
        configSchema: {
            properties: {
                allowedChannels: { type: "array", items: { type: "string" }, default: ["patch", "stable", "rapid"], description: "Accepted upgrade channels." },
            },
        },
    },
    (props, ctx, report) => {
        const c = str(props?.autoUpgradeProfile?.upgradeChannel);
        const allowed = asArray<string>(ctx.config.allowedChannels).map((s) => String(s).toLowerCase());
        if (!c || !allowed.includes(c.toLowerCase())) {
            report(`ManagedCluster sets autoUpgradeProfile.upgradeChannel=${show(props?.autoUpgradeProfile?.upgradeChannel)}; allowed: ${ctx.config.allowedChannels.join(", ")}`);
        }
    },
);
