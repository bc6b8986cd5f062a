// pss-privileged: Pod Security Admission check `privileged` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssPrivileged = resourcePolicy<PssConfig>(
    {
        name: "pss-privileged",
        measure: "workload.privileged",
        description: "Pod Security Standards (baseline) check privileged, as Pod Security Admission evaluates it. A privileged container has all capabilities and access to the node's devices, so it can take over the node. securityContext.privileged must be false or unset in every init, regular and ephemeral container.",
        severity: "critical",
        remediationSteps: "Remove securityContext.privileged or set it to false. Grant only the specific capabilities the container needs instead.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("privileged"),
    },
);
