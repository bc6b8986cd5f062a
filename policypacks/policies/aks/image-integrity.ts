// Image signatures verified at admission on AKS: Image Integrity (Ratify with the Azure Policy
// add-on, `securityProfile.imageIntegrity` in the preview API versions). Unset is reported as
// advice: the GA API cannot set it, and Kyverno or Ratify installed in-cluster meet the measure too.
import { clusterPolicy, addonEnabled, show } from "./common";

export const aksImageIntegrity = clusterPolicy(
    {
        name: "aks-image-integrity",
        measure: "supply-chain.image-signatures",
        severity: "medium",
        description:
            "AKS should verify image signatures before pods are admitted: Image Integrity (deployed by Azure Policy 5dc99dae \"[Preview]: Deploy Image Integrity on Azure Kubernetes Service\") runs Ratify through the Azure Policy add-on and rejects images without a trusted Notation signature.",
        remediationSteps:
            "Set securityProfile.imageIntegrity.enabled=true (an API version that has it, e.g. azure-native containerservice/v20250702preview) with addonProfiles.azurepolicy.enabled=true, and assign the image-integrity policy; or run Ratify or Kyverno verifyImages in the cluster and waive this policy naming it.",
    },
    (props, _ctx, report) => {
        const integrity = props?.securityProfile?.imageIntegrity;
        const enabled = integrity?.enabled;
        if (enabled !== true) {
            report(`ManagedCluster sets securityProfile.imageIntegrity.enabled=${show(enabled)}: image signatures are not verified at admission by AKS`);
            return;
        }
        // Image Integrity's policies are enforced by the Azure Policy add-on: without it nothing verifies.
        if (!addonEnabled(props, "azurepolicy")) report("ManagedCluster enables securityProfile.imageIntegrity without addonProfiles.azurepolicy: no admission controller runs the signature check");
    },
);
