// aks.md #42: automatic upgrades run in a planned maintenance window.
import { stackPolicy } from "../../lib/policy";
import { isObject } from "../../lib/k8s";
import { AZ, clusterLabel, ofType, refersTo, safe, str } from "./common";

const SCHEDULES = [
    {
        config: "aksManagedAutoUpgradeSchedule",
        field: "upgradeChannel",
        active: (v: string) => !["none", "node-image"].includes(v.toLowerCase()),
    },
    {
        config: "aksManagedNodeOSUpgradeSchedule",
        field: "nodeOSUpgradeChannel",
        active: (v: string) => ["nodeimage", "securitypatch"].includes(v.toLowerCase()),
    },
];

export const aksMaintenanceWindow = stackPolicy(
    {
        name: "aks-maintenance-window",
        measure: "cluster.maintenance-window",
        severity: "low",
        description:
            "Every AKS cluster with automatic Kubernetes or node OS upgrades should have a planned maintenance configuration for each channel, so that upgrades happen in a known window instead of at any time.",
        remediationSteps:
            "Add containerservice.MaintenanceConfiguration resources named \"aksManagedAutoUpgradeSchedule\" and \"aksManagedNodeOSUpgradeSchedule\" with a maintenanceWindow (HardenedAKSCluster creates both).",
    },
    {
        validate: (args, _config, report) => {
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            const configs = ofType(args.resources, AZ.MaintenanceConfiguration);
            for (const c of clusters) {
                for (const s of SCHEDULES) {
                    const channel = safe(() => str(c.props?.autoUpgradeProfile?.[s.field]));
                    if (!channel || !s.active(channel)) continue;
                    const found = configs.some(
                        (m) =>
                            refersTo(m, "resourceName", "name", c, clusters) &&
                            safe(() => str(m.props?.configName)) === s.config &&
                            isObject(safe(() => m.props?.maintenanceWindow)),
                    );
                    if (!found) {
                        report(c, `${clusterLabel(c)} sets autoUpgradeProfile.${s.field}="${channel}" but has no MaintenanceConfiguration "${s.config}" with a maintenanceWindow`);
                    }
                }
            }
        },
    },
);
