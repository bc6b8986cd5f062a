// aks.md #24: nodes spread over availability zones; system pools keep at least three nodes.
import { asArray } from "../../lib/k8s";
import { isSystemPool, poolPolicy, show } from "./common";

export const aksZoneRedundancy = poolPolicy<{ minZones: number; minSystemNodes: number }>(
    {
        name: "aks-zone-redundancy",
        measure: "infrastructure.zone-redundancy",
        severity: "low",
        description:
            "AKS node pools should span availability zones, and system pools should keep at least three nodes, so that a zone or node failure does not take the cluster's workloads or critical add-ons down.",
        remediationSteps: "Set availabilityZones=[\"1\",\"2\",\"3\"] on each pool, and count (or minCount with autoscaling) of at least 3 on system pools.",
        configSchema: {
            properties: {
                minZones: { type: "number", default: 3, description: "Fewest availability zones a pool must span." },
                minSystemNodes: { type: "number", default: 3, description: "Fewest nodes in a System pool." },
            },
        },
    },
    ({ pool, label, prefix }, ctx, report) => {
        const zones = new Set(asArray(pool.availabilityZones).filter((z) => typeof z === "string"));
        if (zones.size < ctx.config.minZones) {
            report(`${label} sets ${prefix}availabilityZones=${show(pool.availabilityZones)}: fewer than ${ctx.config.minZones} zones`);
        }
        if (isSystemPool(pool)) {
            const field = pool.enableAutoScaling === true ? "minCount" : "count";
            const n = pool[field];
            if (typeof n !== "number" || n < ctx.config.minSystemNodes) {
                report(`${label} is a System pool with ${prefix}${field}=${show(n)}: fewer than ${ctx.config.minSystemNodes} nodes`);
            }
        }
    },
);
