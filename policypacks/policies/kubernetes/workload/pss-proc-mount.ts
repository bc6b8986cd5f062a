// pss-proc-mount: Pod Security Admission check `procMount` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssProcMount = resourcePolicy<PssConfig>(
    {
        name: "pss-proc-mount",
        measure: "workload.proc-mount",
        description: "Pod Security Standards (baseline) check procMount. An unmasked /proc exposes kernel interfaces that the default masks hide. securityContext.procMount must be unset or Default; from policy version 1.35 any value is allowed for pods with hostUsers: false (user namespaces). At restricted from 1.35, procMount_restricted reports this instead.",
        severity: "high",
        remediationSteps: "Remove securityContext.procMount or set it to Default.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("procMount"),
    },
);
