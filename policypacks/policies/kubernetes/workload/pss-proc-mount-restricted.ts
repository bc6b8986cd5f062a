// pss-proc-mount-restricted: Pod Security Admission check `procMount_restricted` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssProcMountRestricted = resourcePolicy<PssConfig>(
    {
        name: "pss-proc-mount-restricted",
        measure: "workload.proc-mount",
        description: "Pod Security Standards (restricted) check procMount_restricted (policy version 1.35 and later). It keeps the unconditional rule that securityContext.procMount must be unset or Default, even for pods with hostUsers: false, and overrides the relaxed baseline procMount check at the restricted level.",
        severity: "medium",
        remediationSteps: "Remove securityContext.procMount or set it to Default.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("procMount_restricted"),
    },
);
