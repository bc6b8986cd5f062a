// pss-apparmor-profile: Pod Security Admission check `appArmorProfile` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssValidate } from "../../../lib/pod-security";

export const pssAppArmorProfile = resourcePolicy<PssConfig>(
    {
        name: "pss-apparmor-profile",
        measure: "workload.apparmor",
        description: "Pod Security Standards (baseline) check appArmorProfile. Overriding or disabling the default AppArmor profile removes a mandatory-access-control layer. securityContext.appArmorProfile.type (pod and containers) must be RuntimeDefault or Localhost, and container.apparmor.security.beta.kubernetes.io/* annotations must be runtime/default, localhost/* or empty.",
        severity: "high",
        remediationSteps: "Remove the unconfined AppArmor setting, or set securityContext.appArmorProfile.type to RuntimeDefault (or Localhost with a profile loaded on the nodes).",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("appArmorProfile"),
    },
);
