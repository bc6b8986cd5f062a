// AKS Deployment Safeguards enforce best practices at admission.
import { stackPolicy } from "../../lib/policy";
import { AZ, clusterLabel, ofType, refersTo, safe, str } from "./common";
import { showValue } from "../../lib/format";

export const aksDeploymentSafeguards = stackPolicy<{ allowWarn: boolean }>(
    {
        name: "aks-deployment-safeguards",
        measure: "cluster.policy-controller",
        severity: "low",
        description:
            "Every AKS cluster should have Deployment Safeguards at level Enforce, the AKS-managed set of admission checks (probes, requests and limits, no latest tag, pod security) on top of Azure Policy. It uses a preview API, so the policy is advisory.",
        remediationSteps: "Add containerservice.DeploymentSafeguard {resourceUri: <cluster id>, level: \"Enforce\"} (HardenedAKSCluster creates it).",
        configSchema: {
            properties: { allowWarn: { type: "boolean", default: false, description: "Accept level Warn." } },
        },
    },
    {
        validate: (args, config, report) => {
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            const safeguards = ofType(args.resources, AZ.DeploymentSafeguard);
            for (const c of clusters) {
                const mine = safeguards.filter((s) => refersTo(s, "resourceUri", "id", c, clusters));
                const levels = mine.map((s) => safe(() => str(s.props?.level)));
                if (levels.some((l) => l === "Enforce" || (config.allowWarn && l === "Warn"))) continue;
                report(c, mine.length === 0 ? `${clusterLabel(c)} has no DeploymentSafeguard` : `${clusterLabel(c)}'s DeploymentSafeguard sets level=${showValue(levels[0])} (expected "Enforce")`);
            }
        },
    },
);
