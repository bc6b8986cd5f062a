// pss-restricted-volumes: Pod Security Admission check `restrictedVolumes` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssRestrictedVolumes = resourcePolicy<PssConfig>(
    {
        name: "pss-restricted-volumes",
        measure: "workload.volume-types",
        description: "Pod Security Standards (restricted) check restrictedVolumes. Only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes are allowed; node-attached and in-tree network volume types bypass storage policy. It overrides hostPathVolumes at the restricted level.",
        severity: "medium",
        remediationSteps: "Replace the volume with an allowed type, typically a persistentVolumeClaim backed by a StorageClass.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("restrictedVolumes"),
    },
);
