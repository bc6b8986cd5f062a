// pss-run-as-non-root: Pod Security Admission check `runAsNonRoot` (policy/check_*.go), at the workload's effective
// Pod Security level and version (lib/pod-security.ts).
import { resourcePolicy } from "../../../lib/policy";
import { cloneProps, containersOf, ensurePath, isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podTemplatePath } from "../../../lib/pod-specs";
import { PSS_CONFIG_SCHEMA, PssConfig, pssFinding, pssValidate } from "../../../lib/pod-security";

export const pssRunAsNonRoot = resourcePolicy<PssConfig>(
    {
        name: "pss-run-as-non-root",
        measure: "workload.run-as-non-root",
        description: "Pod Security Standards (restricted) check runAsNonRoot. Containers running as root are one kernel bug away from root on the node. securityContext.runAsNonRoot must be true at pod level or in every container, and must not be false anywhere; from policy version 1.35 pods with hostUsers: false are exempt.",
        severity: "high",
        remediationSteps: "Set spec.securityContext.runAsNonRoot: true (and run the image as a non-zero UID). Remediation sets it at pod level unless a pod or container says false explicitly.",
        configSchema: PSS_CONFIG_SCHEMA,
    },
    {
        types: POD_CARRIER_TYPES,
        validate: pssValidate("runAsNonRoot"),
        // Sets pod-level runAsNonRoot only when nothing contradicts it: an explicit false (pod or
        // container) or runAsUser: 0 is a real conflict, left for the user to resolve.
        remediate: (props, ctx) => {
            const f = pssFinding("runAsNonRoot", ctx.type, props, ctx.config);
            if (!f) return undefined;
            const podSc = isObject(f.pod.spec.securityContext) ? f.pod.spec.securityContext : {};
            const scs = [podSc, ...containersOf(f.pod.spec).map(({ c }) => (isObject(c.securityContext) ? c.securityContext : {}))];
            if (scs.some((sc) => sc.runAsNonRoot === false || sc.runAsUser === 0)) return undefined;
            const out = cloneProps(props);
            const spec = ensurePath(out, [...podTemplatePath(ctx.type), "spec"]);
            ensurePath(spec, ["securityContext"]).runAsNonRoot = true;
            return out;
        },
    },
);
