import { resourcePolicy } from "../../../lib/policy";
import { T } from "../../../lib/k8s";

export const disallowLegacyServiceAccountTokenSecrets = resourcePolicy(
    {
        name: "disallow-legacy-service-account-token-secrets",
        measure: "data.legacy-token-secrets",
        description:
            "Secrets of type kubernetes.io/service-account-token must not be created, and ServiceAccounts must not list Secrets in .secrets. Such a Secret makes the control plane mint a service-account token that never expires and is not bound to a pod, so a single leak grants permanent API access. Workloads get short-lived, audience-bound tokens through the TokenRequest API (projected volumes) instead.",
        severity: "high",
        remediationSteps:
            "Delete the token Secret and the ServiceAccount's secrets list. Pods use the projected token the kubelet mounts (or a projected serviceAccountToken volume with an audience); external systems use `kubectl create token` / the TokenRequest API or workload identity federation (AKS: Microsoft Entra Workload ID).",
    },
    {
        types: [T.Secret, T.ServiceAccount],
        validate: (props, ctx, report) => {
            if (ctx.type === T.Secret) {
                if (props?.type === "kubernetes.io/service-account-token") {
                    const sa = props?.metadata?.annotations?.["kubernetes.io/service-account.name"];
                    report(`Secret has type=kubernetes.io/service-account-token${typeof sa === "string" ? ` for ServiceAccount "${sa}"` : ""}: a non-expiring token.`);
                }
                return;
            }
            const secrets = props?.secrets;
            if (Array.isArray(secrets) && secrets.length > 0) {
                report(`ServiceAccount lists ${secrets.length} Secret${secrets.length === 1 ? "" : "s"} in .secrets (legacy token references).`);
            }
        },
    },
);
