// pss-seccomp-restricted: Pod Security Admission check `seccompProfile_restricted` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { cloneProps, ensurePath, isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podTemplatePath } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssFinding, pssValidate } from "../../../lib/pod-security";

export const pssSeccompRestricted = resourcePolicy<PssConfig>(
    {
        name: "pss-seccomp-restricted",
        measure: "workload.seccomp",
        description: "Pod Security Standards (restricted) check seccompProfile_restricted (policy version 1.19 and later). A seccomp profile must be set explicitly: securityContext.seccompProfile.type must be RuntimeDefault or Localhost at pod level, or in every container; from 1.25 pods with spec.os.name windows are exempt. It overrides seccompProfile_baseline at the restricted level.",
        severity: "medium",
        remediationSteps: "Set spec.securityContext.seccompProfile.type: RuntimeDefault. Remediation does this when the pod sets no profile.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("seccompProfile_restricted"),
        // Sets the pod-level profile only when the pod sets none; an explicit profile (pod or
        // container, e.g. Unconfined) is a deliberate choice and stays for the user to resolve.
        remediate: (props, ctx) => {
            const f = pssFinding("seccompProfile_restricted", ctx.type, props, ctx.config);
            if (!f) return undefined;
            const podSc = f.pod.spec.securityContext;
            if (isObject(podSc) && podSc.seccompProfile !== undefined && podSc.seccompProfile !== null) return undefined;
            const out = cloneProps(props);
            const spec = ensurePath(out, [...podTemplatePath(ctx.type), "spec"]);
            ensurePath(spec, ["securityContext"]).seccompProfile = { type: "RuntimeDefault" };
            return out;
        },
    },
);
