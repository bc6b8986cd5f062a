// The deprecated pod-managed identity (NMI) is not used.
import { clusterPolicy } from "./common";

export const aksPodIdentityDisabled = clusterPolicy(
    {
        name: "aks-pod-identity-disabled",
        measure: "cluster.workload-identity",
        severity: "medium",
        description:
            "AKS must not enable the deprecated pod-managed identity add-on. Its node-level NMI intercepts IMDS traffic and, with kubenet, lets pods spoof identities; workload identity replaces it.",
        remediationSteps: "Remove podIdentityProfile (or set podIdentityProfile.enabled=false) and migrate to workload identity.",
    },
    (props, _ctx, report) => {
        if (props?.podIdentityProfile?.enabled === true) report("ManagedCluster sets podIdentityProfile.enabled=true (deprecated pod-managed identity)");
    },
);
