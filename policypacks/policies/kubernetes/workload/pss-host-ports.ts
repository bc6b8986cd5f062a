// pss-host-ports: Pod Security Admission check `hostPorts` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssHostPorts = resourcePolicy<PssConfig>(
    {
        name: "pss-host-ports",
        measure: "workload.host-ports",
        description: "Pod Security Standards (baseline) check hostPorts. A hostPort binds the node's network interface, bypassing network policy and limiting scheduling. ports[].hostPort must be unset or 0 in every container.",
        severity: "high",
        remediationSteps: "Remove ports[].hostPort and publish the port through a Service (ClusterIP, NodePort or LoadBalancer).",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("hostPorts"),
    },
);
