// The Defender for Containers plan is on (the subscription part; the sensor is aks-defender).
import { stackPolicy } from "../../lib/policy";
import { AZ, clusterLabel, ofType, safe, str } from "./common";

export const aksDefenderPlan = stackPolicy<{ defenderManagedElsewhere: boolean }>(
    {
        name: "aks-defender-plan",
        measure: "observability.runtime-threat-detection",
        severity: "medium",
        description:
            "A stack with AKS clusters should enable the Microsoft Defender for Containers plan (security.Pricing \"Containers\" at tier Standard), without which the cluster's Defender sensor raises no alerts. Set `defenderManagedElsewhere` when the plan is managed centrally (e.g. by a landing-zone policy).",
        remediationSteps:
            "Add security.Pricing {pricingName: \"Containers\", pricingTier: \"Standard\", scopeId: \"/subscriptions/<id>\"} (HardenedAKSCluster can create it), or set this policy's defenderManagedElsewhere=true.",
        configSchema: {
            properties: {
                defenderManagedElsewhere: { type: "boolean", default: false, description: "The Containers plan is enabled outside this stack." },
            },
        },
    },
    {
        validate: (args, config, report) => {
            if (config.defenderManagedElsewhere) return;
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            if (clusters.length === 0) return;
            const on = ofType(args.resources, AZ.Pricing).some((p) => {
                const name = safe(() => str(p.props?.pricingName));
                const tier = safe(() => str(p.props?.pricingTier));
                return name?.toLowerCase() === "containers" && tier?.toLowerCase() === "standard";
            });
            if (on) return;
            for (const c of clusters) {
                report(c, `${clusterLabel(c)}: the stack has no security Pricing "Containers" at tier "Standard" (Defender for Containers plan)`);
            }
        },
    },
);
