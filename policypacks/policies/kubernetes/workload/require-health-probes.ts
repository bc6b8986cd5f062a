import { resourcePolicy } from "../../../lib/policy";
import { containersOf, isObject, T } from "../../../lib/k8s";
import { POD_SPEC_TYPES, podsOf } from "../../../lib/pod-specs";
import { containerLabel } from "./hardening-helpers";

interface Config {
    requireLiveness: boolean;
    requireReadiness: boolean;
}

/** Run-to-completion kinds have no use for liveness or readiness probes. */
export const PROBE_TYPES: readonly string[] = POD_SPEC_TYPES.filter((t) => t !== T.Job && t !== T.CronJob);

export const requireHealthProbes = resourcePolicy<Config>(
    {
        name: "require-health-probes",
        measure: "workload.health-probes",
        description:
            "Every regular container of a long-running workload must define a livenessProbe and a readinessProbe, so a hung process is restarted and traffic only reaches ready replicas. Jobs, CronJobs and Pods with restartPolicy Never or OnFailure run to completion and are exempt. Each probe can be switched off in the config.",
        severity: "low",
        remediationSteps: "Add livenessProbe and readinessProbe (httpGet, tcpSocket, grpc or exec) to each container; use a startupProbe for slow starters instead of long initial delays.",
        configSchema: {
            properties: {
                requireLiveness: { type: "boolean", default: true, description: "Require a livenessProbe on every regular container of a long-running workload." },
                requireReadiness: { type: "boolean", default: true, description: "Require a readinessProbe on every regular container of a long-running workload." },
            },
        },
    },
    {
        types: PROBE_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (pod.spec.restartPolicy === "Never" || pod.spec.restartPolicy === "OnFailure") continue;
                for (const v of containersOf(pod.spec).filter((x) => x.kind === "containers")) {
                    const missing: string[] = [];
                    if (ctx.config.requireLiveness !== false && !isObject(v.c.livenessProbe)) missing.push("livenessProbe");
                    if (ctx.config.requireReadiness !== false && !isObject(v.c.readinessProbe)) missing.push("readinessProbe");
                    if (missing.length > 0) report(`${containerLabel(pod, v)} has no ${missing.join(" or ")}.`);
                }
            }
        },
    },
);
