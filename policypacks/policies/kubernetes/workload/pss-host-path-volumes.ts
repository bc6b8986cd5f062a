// pss-host-path-volumes: Pod Security Admission check `hostPathVolumes` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssHostPathVolumes = resourcePolicy<PssConfig>(
    {
        name: "pss-host-path-volumes",
        measure: "workload.host-path-volumes",
        description: "Pod Security Standards (baseline) check hostPathVolumes. A hostPath volume mounts the node's filesystem into the pod, which exposes node credentials and allows escaping the container. No volume may use hostPath. At the restricted level the stricter restrictedVolumes check reports this instead.",
        severity: "critical",
        remediationSteps: "Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("hostPathVolumes"),
    },
);
