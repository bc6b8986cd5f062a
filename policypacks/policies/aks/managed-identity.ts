// The cluster runs as a managed identity, not a service principal with a secret.
import { clusterPolicy, show, str } from "./common";

export const aksManagedIdentity = clusterPolicy(
    {
        name: "aks-managed-identity",
        measure: "infrastructure.cloud-managed-identity",
        severity: "high",
        description:
            "AKS must use a managed identity for its control plane. A service principal carries a long-lived client secret that has to be stored, rotated and can leak.",
        remediationSteps: "Set identity.type to \"SystemAssigned\" or \"UserAssigned\" and remove servicePrincipalProfile.",
    },
    (props, _ctx, report) => {
        const t = str(props?.identity?.type);
        if (t !== "SystemAssigned" && t !== "UserAssigned") {
            report(`ManagedCluster sets identity.type=${show(props?.identity?.type)} (expected "SystemAssigned" or "UserAssigned")`);
        }
        const sp = props?.servicePrincipalProfile;
        const clientId = str(sp?.clientId);
        if (sp !== undefined && sp !== null && clientId?.toLowerCase() !== "msi") {
            // The client id is not secret, but the secret next to it is: name the field only.
            report("ManagedCluster sets servicePrincipalProfile (a service principal with a client secret)");
        }
    },
);
