// pss-sysctls: Pod Security Admission check `sysctls` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssSysctls = resourcePolicy<PssConfig>(
    {
        name: "pss-sysctls",
        measure: "workload.sysctls",
        description: "Pod Security Standards (baseline) check sysctls. Sysctls outside the safe, namespaced allow-list can change node-wide kernel behaviour. spec.securityContext.sysctls may only name the sysctls allowed at the effective policy version (1.0: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start; 1.27 adds net.ipv4.ip_local_reserved_ports; 1.29 the tcp_keepalive_* and tcp_fin_timeout sysctls; 1.32 net.ipv4.tcp_rmem and tcp_wmem).",
        severity: "high",
        remediationSteps: "Remove the disallowed sysctls from spec.securityContext.sysctls, or move the workload to nodes and a namespace deliberately configured for them.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("sysctls"),
    },
);
