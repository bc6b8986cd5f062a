// Nodes spread over availability zones, and every pool (System and User) keeps enough nodes to
// survive a zone loss: Azure Policy 2dec5f47 checks the zones of every pool, User pools included,
// and a pool of two nodes in three zones leaves one zone without a node.
import { asArray } from "../../lib/k8s";
import { poolPolicy, show } from "./common";

export const aksZoneRedundancy = poolPolicy<{ minZones: number; minNodes: number }>(
    {
        name: "aks-zone-redundancy",
        measure: "infrastructure.zone-redundancy",
        severity: "low",
        description:
            "AKS node pools should span availability zones and keep at least three nodes each (User pools as well as System pools), so that a zone or node failure does not take the cluster's workloads or critical add-ons down.",
        remediationSteps: "Set availabilityZones=[\"1\",\"2\",\"3\"] on each pool, and count (or minCount with autoscaling) of at least 3.",
        configSchema: {
            properties: {
                minZones: { type: "number", default: 3, description: "Fewest availability zones a pool must span." },
                minNodes: { type: "number", default: 3, description: "Fewest nodes in any pool (the autoscaler's minCount when autoscaling)." },
            },
        },
    },
    ({ pool, label, prefix }, ctx, report) => {
        const zones = new Set(asArray(pool.availabilityZones).filter((z) => typeof z === "string"));
        if (zones.size < ctx.config.minZones) {
            report(`${label} sets ${prefix}availabilityZones=${show(pool.availabilityZones)}: fewer than ${ctx.config.minZones} zones`);
        }
        const field = pool.enableAutoScaling === true ? "minCount" : "count";
        const n = pool[field];
        if (typeof n !== "number" || n < ctx.config.minNodes) {
            report(`${label} sets ${prefix}${field}=${show(n)}: fewer than ${ctx.config.minNodes} nodes, so one zone's loss leaves the pool without a node in it`);
        }
    },
);
