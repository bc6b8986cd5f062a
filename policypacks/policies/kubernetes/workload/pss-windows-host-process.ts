// pss-windows-host-process: Pod Security Admission check `windowsHostProcess` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssWindowsHostProcess = resourcePolicy<PssConfig>(
    {
        name: "pss-windows-host-process",
        measure: "workload.windows-host-process",
        description: "Pod Security Standards (baseline) check windowsHostProcess. A Windows HostProcess container runs directly on the node with host privileges. securityContext.windowsOptions.hostProcess must not be true at pod or container level.",
        severity: "critical",
        remediationSteps: "Remove securityContext.windowsOptions.hostProcess or set it to false.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("windowsHostProcess"),
    },
);
