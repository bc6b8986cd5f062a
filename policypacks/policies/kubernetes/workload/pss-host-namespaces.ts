// pss-host-namespaces: Pod Security Admission check `hostNamespaces` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssHostNamespaces = resourcePolicy<PssConfig>(
    {
        name: "pss-host-namespaces",
        measure: "workload.host-namespaces",
        description: "Pod Security Standards (baseline) check hostNamespaces. Sharing the node's network, PID or IPC namespace lets a pod see and interfere with the node's processes and traffic. hostNetwork, hostPID and hostIPC must be false or unset.",
        severity: "critical",
        remediationSteps: "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false. Expose the workload through a Service instead of the host network.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("hostNamespaces"),
    },
);
