// pss-capabilities-restricted: Pod Security Admission check `capabilities_restricted` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { cloneProps, containersOf, ensurePath } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podTemplatePath } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssFinding, pssValidate } from "../../../lib/pod-security";

export const pssCapabilitiesRestricted = resourcePolicy<PssConfig>(
    {
        name: "pss-capabilities-restricted",
        measure: "workload.capabilities",
        description: "Pod Security Standards (restricted) check capabilities_restricted (policy version 1.22 and later). Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE; from 1.25 pods with spec.os.name windows are exempt. It overrides capabilities_baseline at the restricted level.",
        severity: "high",
        remediationSteps: "Add ALL to securityContext.capabilities.drop of every container and remove every added capability except NET_BIND_SERVICE. Remediation adds ALL to the drop lists.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("capabilities_restricted"),
        // Adds ALL to every container's drop list and changes nothing else: added capabilities
        // other than NET_BIND_SERVICE are the user's call.
        remediate: (props, ctx) => {
            if (!pssFinding("capabilities_restricted", ctx.type, props, ctx.config)) return undefined;
            const out = cloneProps(props);
            const spec = ensurePath(out, [...podTemplatePath(ctx.type), "spec"]);
            let changed = false;
            for (const { c } of containersOf(spec)) {
                const caps = ensurePath(c, ["securityContext", "capabilities"]);
                const drop = Array.isArray(caps.drop) ? caps.drop : [];
                if (drop.includes("ALL")) continue;
                caps.drop = [...drop, "ALL"];
                changed = true;
            }
            return changed ? out : undefined;
        },
    },
);
