// pss-allow-privilege-escalation: Pod Security Admission check `allowPrivilegeEscalation` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { asArray, cloneProps, containersOf, ensurePath, isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podTemplatePath } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssFinding, pssValidate } from "../../../lib/pod-security";

export const pssAllowPrivilegeEscalation = resourcePolicy<PssConfig>(
    {
        name: "pss-allow-privilege-escalation",
        measure: "workload.privilege-escalation",
        description: "Pod Security Standards (restricted) check allowPrivilegeEscalation (policy version 1.8 and later). Unless no_new_privs is set, a process can gain more privileges than its parent (setuid binaries). securityContext.allowPrivilegeEscalation must be exactly false in every container; from 1.25 pods with spec.os.name windows are exempt.",
        severity: "high",
        remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container. Remediation sets it automatically, except on containers that are privileged or add SYS_ADMIN, where the API server would reject it.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("allowPrivilegeEscalation"),
        // The API server rejects allowPrivilegeEscalation=false on privileged containers and on
        // containers adding SYS_ADMIN, so those are left for the user to resolve.
        remediate: (props, ctx) => {
            if (!pssFinding("allowPrivilegeEscalation", ctx.type, props, ctx.config)) return undefined;
            const out = cloneProps(props);
            const spec = ensurePath(out, [...podTemplatePath(ctx.type), "spec"]);
            let changed = false;
            for (const { c } of containersOf(spec)) {
                const sc = isObject(c.securityContext) ? c.securityContext : undefined;
                if (sc?.allowPrivilegeEscalation === false) continue;
                const added = asArray(isObject(sc?.capabilities) ? sc?.capabilities.add : undefined);
                if (sc?.privileged === true || added.includes("SYS_ADMIN") || added.includes("CAP_SYS_ADMIN")) continue;
                ensurePath(c, ["securityContext"]).allowPrivilegeEscalation = false;
                changed = true;
            }
            return changed ? out : undefined;
        },
    },
);
