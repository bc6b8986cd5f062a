// pss-run-as-user: Pod Security Admission check `runAsUser` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssRunAsUser = resourcePolicy<PssConfig>(
    {
        name: "pss-run-as-user",
        measure: "workload.run-as-non-root",
        description: "Pod Security Standards (restricted) check runAsUser (policy version 1.23 and later). securityContext.runAsUser must not be 0 at pod or container level; from 1.35 pods with hostUsers: false are exempt.",
        severity: "high",
        remediationSteps: "Set securityContext.runAsUser to a non-zero UID, or remove it and rely on the image's non-root user.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("runAsUser"),
    },
);
