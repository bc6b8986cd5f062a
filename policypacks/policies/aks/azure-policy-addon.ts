// The Azure Policy add-on (Gatekeeper) is the in-cluster policy controller.
import { addonEnabled, addonOf, clusterPolicy } from "./common";

export const aksAzurePolicyAddon = clusterPolicy(
    {
        name: "aks-azure-policy-addon",
        measure: "cluster.policy-controller",
        severity: "high",
        description:
            "AKS must run the Azure Policy add-on, the managed Gatekeeper admission controller, so that pod security and other guardrails are enforced at admission time for everything deployed outside this pipeline too.",
        remediationSteps: "Set addonProfiles.azurepolicy={enabled: true} and assign the Kubernetes policy initiatives (e.g. the pod security restricted baseline).",
    },
    (props, _ctx, report) => {
        if (!addonEnabled(props, "azurepolicy")) {
            const a = addonOf(props, "azurepolicy");
            report(a ? `ManagedCluster sets addonProfiles.${a.key}.enabled=false` : "ManagedCluster has no addonProfiles.azurepolicy: the Azure Policy add-on is off");
        }
    },
);
