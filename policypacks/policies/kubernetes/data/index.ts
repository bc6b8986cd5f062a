// data policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import { disallowLiteralCredentialsInEnv } from "./disallow-literal-credentials-in-env";
import { disallowSensitiveConfigMapContent } from "./disallow-sensitive-configmap-content";
import { disallowLegacyServiceAccountTokenSecrets } from "./disallow-legacy-service-account-token-secrets";
import { disallowSecretsFromEnvVars } from "./disallow-secrets-from-env-vars";
import { restrictSecretReferences } from "./restrict-secret-references";
import { requireSecretsInStack } from "./require-secrets-in-stack";
import { requireBackupSchedule } from "./require-backup-schedule";
import { restrictVolumeReclaimPolicy } from "./restrict-volume-reclaim-policy";
import { requireVolumeEncryptionKey } from "./require-volume-encryption-key";
import { disallowPlaintextSecretManifests } from "./disallow-plaintext-secret-manifests";
import { disallowDevModeSecretStores } from "./disallow-dev-mode-secret-stores";

export const dataPolicies: KslPolicy[] = [
    disallowLiteralCredentialsInEnv,
    disallowSensitiveConfigMapContent,
    disallowLegacyServiceAccountTokenSecrets,
    disallowSecretsFromEnvVars,
    restrictSecretReferences,
    requireSecretsInStack,
    requireBackupSchedule,
    restrictVolumeReclaimPolicy,
    requireVolumeEncryptionKey,
    disallowPlaintextSecretManifests,
    disallowDevModeSecretStores,
];
