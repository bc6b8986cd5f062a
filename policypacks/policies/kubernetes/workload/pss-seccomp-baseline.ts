// pss-seccomp-baseline: Pod Security Admission check `seccompProfile_baseline` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssSeccompBaseline = resourcePolicy<PssConfig>(
    {
        name: "pss-seccomp-baseline",
        measure: "workload.seccomp",
        description: "Pod Security Standards (baseline) check seccompProfile_baseline. An Unconfined seccomp profile disables system-call filtering. Before policy version 1.19 the seccomp alpha annotations must be runtime/default, docker/default or localhost/*; from 1.19 securityContext.seccompProfile.type (pod and containers) must be RuntimeDefault, Localhost or unset. At restricted from 1.19, seccompProfile_restricted reports this instead.",
        severity: "high",
        remediationSteps: "Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost) instead of Unconfined.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("seccompProfile_baseline"),
    },
);
