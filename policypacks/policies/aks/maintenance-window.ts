// Automatic upgrades run in a planned maintenance window.
import { stackPolicy } from "../../lib/policy";
import { deferUnknown, isObject } from "../../lib/k8s";
import { AZ, clusterLabel, ofType, probe, refersToState, str } from "./common";

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
                    const channel = probe(() => str(c.props?.autoUpgradeProfile?.[s.field]));
                    if (!channel.unknown && (!channel.value || !s.active(channel.value))) continue;
                    // A known schedule decides; one whose cluster, name or window is unknown at preview may be it.
                    let found = false;
                    let maybe: { path: string; resource: string } | undefined;
                    for (const m of configs) {
                        const ref = refersToState(m, "resourceName", "name", c, clusters);
                        if (ref === false) continue;
                        const name = probe(() => m.props?.configName);
                        if (!name.unknown && name.value !== s.config) continue;
                        const win = probe(() => m.props?.maintenanceWindow);
                        if (!win.unknown && !isObject(win.value)) continue;
                        if (ref === true && !name.unknown && !win.unknown) {
                            found = true;
                            break;
                        }
                        maybe ??= { path: ref === "unknown" ? "resourceName" : name.unknown ? "configName" : "maintenanceWindow", resource: `MaintenanceConfiguration "${m.name}"` };
                    }
                    if (found) continue;
                    if (maybe) deferUnknown(maybe.path, maybe.resource);
                    else if (channel.unknown) deferUnknown(`autoUpgradeProfile.${s.field}`, clusterLabel(c));
                    else report(c, `${clusterLabel(c)} sets autoUpgradeProfile.${s.field}="${channel.value}" but has no MaintenanceConfiguration "${s.config}" with a maintenanceWindow`);
                }
            }
        },
    },
);
