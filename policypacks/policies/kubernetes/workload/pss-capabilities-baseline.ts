// pss-capabilities-baseline: Pod Security Admission check `capabilities_baseline` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssCapabilitiesBaseline = resourcePolicy<PssConfig>(
    {
        name: "pss-capabilities-baseline",
        measure: "workload.capabilities",
        description: "Pod Security Standards (baseline) check capabilities_baseline. Capabilities beyond the container runtime's default set (such as NET_RAW, SYS_ADMIN, SYS_PTRACE) widen the kernel attack surface. capabilities.add may only contain AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT. From policy version 1.22 the restricted level reports this through capabilities_restricted instead.",
        severity: "high",
        remediationSteps: "Remove every capability outside the default set from securityContext.capabilities.add.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("capabilities_baseline"),
    },
);
