// Pods get Entra tokens through workload identity federation.
import { clusterPolicy, show } from "./common";

export const aksWorkloadIdentity = clusterPolicy(
    {
        name: "aks-workload-identity",
        measure: "cluster.workload-identity",
        severity: "medium",
        description:
            "AKS should enable the OIDC issuer and workload identity, so that pods reach Azure with short-lived federated tokens instead of stored secrets or node-wide identities.",
        remediationSteps: "Set oidcIssuerProfile.enabled=true and securityProfile.workloadIdentity.enabled=true.",
    },
    (props, _ctx, report) => {
        const oidc = props?.oidcIssuerProfile?.enabled;
        if (oidc !== true) report(`ManagedCluster sets oidcIssuerProfile.enabled=${show(oidc)}`);
        const wi = props?.securityProfile?.workloadIdentity?.enabled;
        if (wi !== true) report(`ManagedCluster sets securityProfile.workloadIdentity.enabled=${show(wi)}`);
    },
);
