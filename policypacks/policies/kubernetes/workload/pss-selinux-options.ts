// pss-selinux-options: Pod Security Admission check `seLinuxOptions` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssSeLinuxOptions = resourcePolicy<PssConfig>(
    {
        name: "pss-selinux-options",
        measure: "workload.selinux",
        description: "Pod Security Standards (baseline) check seLinuxOptions. Setting a custom SELinux user, role or an unconfined type escapes the container's SELinux confinement. seLinuxOptions.type must be empty, container_t, container_init_t or container_kvm_t (from 1.31 also container_engine_t), and user and role must be empty, at pod and container level.",
        severity: "high",
        remediationSteps: "Remove securityContext.seLinuxOptions.user and .role and use one of the allowed container types, or leave seLinuxOptions unset.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("seLinuxOptions"),
    },
);
