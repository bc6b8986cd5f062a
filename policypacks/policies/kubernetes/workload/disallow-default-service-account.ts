import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";

/** The ServiceAccount a pod runs as, as the API server resolves it. */
export function effectiveServiceAccount(spec: any): string {
    const name = spec?.serviceAccountName;
    if (typeof name === "string" && name !== "") return name;
    const legacy = spec?.serviceAccount;
    if (typeof legacy === "string" && legacy !== "") return legacy;
    return "default";
}

export const disallowDefaultServiceAccount = resourcePolicy(
    {
        name: "disallow-default-service-account",
        measure: "workload.default-service-account",
        description:
            "Workloads must run under a dedicated ServiceAccount: spec.serviceAccountName must be set and must not be `default`. Every pod in a namespace shares the default ServiceAccount, so any permission granted to it, by anyone, is granted to all of them, and its use makes RBAC reviews meaningless.",
        severity: "medium",
        remediationSteps:
            "Create a ServiceAccount per workload (automountServiceAccountToken: false unless it calls the API), grant it only the Roles it needs, and set spec.serviceAccountName to it.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (effectiveServiceAccount(pod.spec) === "default") {
                    const explicit = typeof pod.spec.serviceAccountName === "string" && pod.spec.serviceAccountName !== "";
                    report(`${pod.specPath}.serviceAccountName=${explicit ? '"default"' : "unset"}: the pod runs as the namespace's default ServiceAccount.`);
                }
            }
        },
    },
);
