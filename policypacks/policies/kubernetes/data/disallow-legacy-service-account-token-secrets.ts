import { resourcePolicy } from "../../../lib/policy";
import { T } from "../../../lib/k8s";

export const disallowLegacyServiceAccountTokenSecrets = resourcePolicy(
    {
        name: "disallow-legacy-service-account-token-secrets",
        measure: "data.legacy-token-secrets",
        description:
            "Secrets of type kubernetes.io/service-account-token must not be created. Such a Secret makes the control plane mint a service-account token that never expires and is not bound to a pod, so a single leak grants permanent API access. Workloads get short-lived, audience-bound tokens through the TokenRequest API (projected volumes) instead. A ServiceAccount's .secrets list is not a token: it names the Secrets its pods may mount and mints nothing, so it is not reported.",
        severity: "high",
        remediationSteps:
            "Delete the token Secret. Pods use the projected token the kubelet mounts (or a projected serviceAccountToken volume with an audience); external systems use `kubectl create token` / the TokenRequest API or workload identity federation (AKS: Microsoft Entra Workload ID).",
    },
    {
        types: [T.Secret],
        validate: (props, _ctx, report) => {
            if (props?.type === "kubernetes.io/service-account-token") {
                const sa = props?.metadata?.annotations?.["kubernetes.io/service-account.name"];
                report(`Secret has type=kubernetes.io/service-account-token${typeof sa === "string" ? ` for ServiceAccount "${sa}"` : ""}: a non-expiring token.`);
            }
        },
    },
);
