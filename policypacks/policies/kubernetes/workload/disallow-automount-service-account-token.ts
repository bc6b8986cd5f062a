import { resourcePolicy } from "../../../lib/policy";
import { cloneProps, isObject, POD_SPEC_TYPES, podOf, T } from "../../../lib/k8s";

export const disallowAutomountServiceAccountToken = resourcePolicy(
    {
        name: "disallow-automount-service-account-token",
        measure: "workload.service-account-token",
        description:
            "Pods (every kind that carries a pod template) and ServiceAccounts must set automountServiceAccountToken: false. An automounted token gives anyone who compromises the container the pod's Kubernetes API identity; most workloads never call the API. A workload that does should mount a projected serviceAccountToken volume with an explicit audience and short expiry, or carry a waiver. Remediation sets the field to false where it is unset; an explicit true is the owner's decision and is left alone (and stays reported).",
        severity: "high",
        remediationSteps:
            "Set automountServiceAccountToken: false on the ServiceAccount and on the pod spec. Workloads that call the Kubernetes API mount a projected volume with a serviceAccountToken source (audience, expirationSeconds) instead.",
    },
    {
        types: [...POD_SPEC_TYPES, T.ServiceAccount],
        validate: (props, ctx, report) => {
            if (ctx.type === T.ServiceAccount) {
                const v = isObject(props) ? props.automountServiceAccountToken : undefined;
                if (v !== false) report(`ServiceAccount sets automountServiceAccountToken=${v === undefined ? "unset (defaults to true)" : JSON.stringify(v)}; it must be false.`);
                return;
            }
            const pod = podOf(ctx.type, props);
            if (!pod) return;
            const v = pod.spec.automountServiceAccountToken;
            if (v !== false) {
                report(`${pod.specPath}.automountServiceAccountToken=${v === undefined ? "unset (defaults to true)" : JSON.stringify(v)}; it must be false.`);
            }
        },
        remediate: (props, ctx) => {
            if (ctx.type === T.ServiceAccount) {
                if (!isObject(props) || props.automountServiceAccountToken !== undefined) return undefined;
                return { ...cloneProps(props), automountServiceAccountToken: false };
            }
            const pod = podOf(ctx.type, props);
            if (!pod || pod.spec.automountServiceAccountToken !== undefined) return undefined;
            const out = cloneProps(props);
            podOf(ctx.type, out)!.spec.automountServiceAccountToken = false;
            return out;
        },
    },
);
