import { resourcePolicy } from "../../../lib/policy";
import { cloneProps } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES, podsOf, builtInPodSpec } from "../../../lib/pod-specs";
import { showValue } from "../../../lib/format";

export const disallowDeprecatedServiceAccountField = resourcePolicy(
    {
        name: "disallow-deprecated-service-account-field",
        measure: "workload.default-service-account",
        description:
            "Pods must not use the deprecated spec.serviceAccount field. It is an alias of serviceAccountName that reviewers and tools overlook, and when both are set serviceAccountName silently wins. Remediation moves the value to serviceAccountName (when that is unset) and removes the deprecated field.",
        severity: "low",
        remediationSteps: "Replace spec.serviceAccount with spec.serviceAccountName.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const legacy = pod.spec.serviceAccount;
                if (legacy !== undefined && legacy !== null && legacy !== "") {
                    report(`${pod.specPath}.serviceAccount=${showValue(legacy)} uses the deprecated field; use serviceAccountName.`);
                }
            }
        },
        remediate: (props, ctx) => {
            const pod = POD_SPEC_TYPES.includes(ctx.type) ? podsOf(ctx.type, props)[0] : undefined;
            if (!pod) return undefined;
            const legacy = pod.spec.serviceAccount;
            if (legacy === undefined || legacy === null || legacy === "") return undefined;
            const out = cloneProps(props);
            const spec = builtInPodSpec(ctx.type, out);
            if ((typeof spec.serviceAccountName !== "string" || spec.serviceAccountName === "") && typeof legacy === "string") {
                spec.serviceAccountName = legacy;
            }
            delete spec.serviceAccount;
            return out;
        },
    },
);
