// Kubernetes Secrets in etcd are encrypted with a Key Vault key (KMS v2).
import { clusterPolicy, show, str } from "./common";

export const aksKmsSecretsEncryption = clusterPolicy<{ requirePrivateKeyVault: boolean }>(
    {
        name: "aks-kms-secrets-encryption",
        measure: "cluster.secrets-encryption-at-rest",
        severity: "high",
        description:
            "AKS must encrypt Kubernetes Secrets at rest with a customer-managed Key Vault key through KMS, so that an etcd backup or disk alone does not reveal them and the key can be revoked. The key vault should be reachable privately only.",
        remediationSteps:
            "Set securityProfile.azureKeyVaultKms to {enabled: true, keyId: <versioned key id>, keyVaultNetworkAccess: \"Private\", keyVaultResourceId: <vault id>}.",
        configSchema: {
            properties: {
                requirePrivateKeyVault: { type: "boolean", default: true, description: "Require keyVaultNetworkAccess=\"Private\"." },
            },
        },
    },
    (props, ctx, report) => {
        const kms = props?.securityProfile?.azureKeyVaultKms;
        if (kms?.enabled !== true) {
            report(`ManagedCluster sets securityProfile.azureKeyVaultKms.enabled=${show(kms?.enabled)}: Secrets are not encrypted with a Key Vault key`);
            return;
        }
        if (!str(kms?.keyId)) report("ManagedCluster enables securityProfile.azureKeyVaultKms without keyId");
        if (ctx.config.requirePrivateKeyVault) {
            const access = str(kms?.keyVaultNetworkAccess) ?? "Public"; // ARM default
            if (access !== "Private") report(`ManagedCluster sets securityProfile.azureKeyVaultKms.keyVaultNetworkAccess="${access}" (expected "Private")`);
            else if (!str(kms?.keyVaultResourceId)) report("ManagedCluster sets keyVaultNetworkAccess=\"Private\" without securityProfile.azureKeyVaultKms.keyVaultResourceId");
        }
    },
);
