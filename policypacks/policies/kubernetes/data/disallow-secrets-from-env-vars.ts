import { resourcePolicy } from "../../../lib/policy";
import { containersOf, describeContainer, isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";

export const disallowSecretsFromEnvVars = resourcePolicy(
    {
        name: "disallow-secrets-from-env-vars",
        measure: "data.secrets-as-volumes",
        description:
            "Containers should read Secrets from mounted files (a secret, projected or Secrets Store CSI volume), not from environment variables (env[].valueFrom.secretKeyRef or envFrom[].secretRef). Environment variables leak into crash dumps, debug endpoints, child processes and `kubectl describe`-style tooling, and they cannot be rotated without a restart, whereas mounted Secrets are updated in place.",
        severity: "medium",
        remediationSteps:
            "Mount the Secret as a volume (or use the Secrets Store CSI driver) and point the application at the file, e.g. DB_PASSWORD_FILE=/var/run/secrets/db/password.",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                for (const v of containersOf(pod.spec)) {
                    const where = `${describeContainer(v)} (${pod.specPath}.${v.kind}[${v.index}])`;
                    if (Array.isArray(v.c.env)) {
                        v.c.env.forEach((e: any, i: number) => {
                            const ref = isObject(e) && isObject(e.valueFrom) ? e.valueFrom.secretKeyRef : undefined;
                            if (isObject(ref)) {
                                const secret = typeof ref.name === "string" ? ` from Secret "${ref.name}"` : "";
                                report(`${where} env[${i}] "${typeof e.name === "string" ? e.name : "?"}" reads a Secret key${secret} into an environment variable.`);
                            }
                        });
                    }
                    if (Array.isArray(v.c.envFrom)) {
                        v.c.envFrom.forEach((e: any, i: number) => {
                            if (isObject(e) && isObject(e.secretRef)) {
                                const secret = typeof e.secretRef.name === "string" ? ` "${e.secretRef.name}"` : "";
                                report(`${where} envFrom[${i}] loads Secret${secret} into environment variables.`);
                            }
                        });
                    }
                }
            }
        },
    },
);
