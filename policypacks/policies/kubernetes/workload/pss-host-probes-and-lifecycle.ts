// pss-host-probes-and-lifecycle: Pod Security Admission check `hostProbesAndHostLifecycle` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssHostProbesAndLifecycle = resourcePolicy<PssConfig>(
    {
        name: "pss-host-probes-and-lifecycle",
        measure: "workload.host-probes",
        description: "Pod Security Standards (baseline) check hostProbesAndHostLifecycle (policy version 1.34 and later). A probe or lifecycle handler with a host field makes the kubelet connect to an arbitrary address, which can be abused to reach node-local or internal services. The host of httpGet and tcpSocket in liveness, readiness and startup probes and in postStart/preStop handlers must be empty.",
        severity: "high",
        remediationSteps: "Remove the host field from the probe or lifecycle handler; the kubelet then targets the pod's own IP.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("hostProbesAndHostLifecycle"),
    },
);
