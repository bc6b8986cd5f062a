// Secrets come from Key Vault through the CSI driver, and rotate.
import { addonConfig, addonOf, clusterPolicy, isTrueString, show } from "./common";

export const aksKeyVaultCsiRotation = clusterPolicy(
    {
        name: "aks-key-vault-csi-rotation",
        measure: "data.secrets-external-store",
        severity: "medium",
        description:
            "AKS should run the Key Vault Secrets Store CSI driver with rotation enabled, so that workloads read secrets late from Key Vault and pick up rotated values instead of keeping copies in Kubernetes Secrets.",
        remediationSteps: "Set addonProfiles.azureKeyvaultSecretsProvider={enabled: true, config: {enableSecretRotation: \"true\", rotationPollInterval: \"2m\"}}.",
    },
    (props, _ctx, report) => {
        const a = addonOf(props, "azureKeyvaultSecretsProvider");
        if (!a || a.profile?.enabled !== true) {
            report(a ? `ManagedCluster sets addonProfiles.${a.key}.enabled=${show(a.profile?.enabled)}` : "ManagedCluster has no addonProfiles.azureKeyvaultSecretsProvider: the Key Vault CSI driver is off");
            return;
        }
        const rot = addonConfig(a.profile, "enableSecretRotation");
        if (!isTrueString(rot)) report(`ManagedCluster sets addonProfiles.${a.key}.config.enableSecretRotation=${show(rot)}`);
    },
);
