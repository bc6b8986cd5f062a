import { T, isObject } from "../../../lib/k8s";
import { resourcePolicy } from "../../../lib/policy";
import { UNKNOWN, plain } from "../../../lib/stack-index";
import { showValue } from "../../../lib/format";

export const PSA_PREFIX = "pod-security.kubernetes.io/";
export const PSA_LEVELS = ["privileged", "baseline", "restricted"] as const;
const rank = (level: string) => PSA_LEVELS.indexOf(level as (typeof PSA_LEVELS)[number]);

/**
 * Pod Security Admission only acts on namespaces that carry its labels. Enforce must be
 * the configured level (restricted) - anything weaker needs a waiver - and pinned to a version, so
 * a cluster upgrade cannot change what is admitted without a reviewed change.
 */
export const requirePodSecurityLabels = resourcePolicy<{ level: string }>(
    {
        name: "require-pod-security-labels",
        measure: "namespace.pod-security-labels",
        description:
            "Every Namespace must carry the Pod Security Admission labels pod-security.kubernetes.io/enforce, audit and warn, with enforce at the configured level (restricted by default) and enforce-version pinned to a Kubernetes minor version such as v1.33 rather than latest. Without the enforce label the API server admits privileged pods; an unpinned version changes what is admitted on every upgrade. A weaker level (baseline, or privileged) needs a waiver with a justification.",
        severity: "high",
        remediationSteps:
            "Label the namespace pod-security.kubernetes.io/enforce=restricted, enforce-version=v1.<minor of your cluster>, audit=restricted and warn=restricted (HardenedNamespace does this). For a namespace that must run baseline pods, set enforce=baseline, keep audit and warn at restricted, and add the annotation waivers.ksl.dev/require-pod-security-labels with a justification and expiry.",
        configSchema: {
            properties: {
                level: { type: "string", enum: ["baseline", "restricted"], default: "restricted", description: "Minimum enforce level." },
            },
        },
    },
    {
        types: [T.Namespace],
        // One root cause, one finding: every missing or weak label of the namespace in one message.
        validate: (rawProps, ctx, reportOne) => {
            const problems: string[] = [];
            const report = (p: string) => problems.push(p);
            const props = plain(rawProps);
            const labels = props?.metadata?.labels;
            // Unknown during preview: read it through the SDK's proxy, which reports the policy as
            // not checkable (advisory) rather than letting an unverified namespace pass silently.
            if (labels === UNKNOWN || props?.metadata === UNKNOWN) return void rawProps.metadata.labels;
            const l: Record<string, unknown> = isObject(labels) ? labels : {};
            const want = ctx.config.level === "baseline" ? "baseline" : "restricted";
            const enforce = l[`${PSA_PREFIX}enforce`];
            const lbl = (k: string) => `metadata.labels["${PSA_PREFIX}${k}"]`;
            if (enforce === undefined) {
                report(`${lbl("enforce")} is not set: Pod Security Admission admits privileged pods into this namespace.`);
            } else if (typeof enforce === "string" && rank(enforce) < 0) {
                report(`${lbl("enforce")}=${showValue(enforce)} is not a Pod Security level (privileged, baseline, restricted).`);
            } else if (typeof enforce === "string" && rank(enforce) < rank(want)) {
                const why = enforce === "privileged" ? "admits privileged pods, host namespaces and hostPath" : "admits pods running as root with writable root filesystems and privilege escalation";
                report(`${lbl("enforce")}=${showValue(enforce)} is weaker than "${want}": it ${why}.`);
            }
            const version = l[`${PSA_PREFIX}enforce-version`];
            if (version === undefined) {
                report(`${lbl("enforce-version")} is not set: it defaults to "latest", so what is admitted changes on every cluster upgrade.`);
            } else if (version === "latest") {
                report(`${lbl("enforce-version")}="latest" is not pinned: pin it to the cluster's minor version, e.g. "v1.33".`);
            } else if (typeof version === "string" && !/^v1\.\d+$/.test(version)) {
                report(`${lbl("enforce-version")}=${showValue(version)} is not a version of the form v1.<minor>.`);
            }
            for (const mode of ["audit", "warn"]) {
                const v = l[`${PSA_PREFIX}${mode}`];
                if (v === undefined) {
                    report(`${lbl(mode)} is not set: violations of the policy are not ${mode === "audit" ? "recorded in the audit log" : "shown to the user"}.`);
                } else if (typeof v === "string" && rank(v) < 0) {
                    report(`${lbl(mode)}=${showValue(v)} is not a Pod Security level (privileged, baseline, restricted).`);
                } else if (typeof v === "string" && typeof enforce === "string" && rank(enforce) >= 0 && rank(v) < rank(enforce)) {
                    report(`${lbl(mode)}=${showValue(v)} is weaker than enforce=${showValue(enforce)}; set it to "restricted".`);
                }
            }
            if (problems.length) reportOne(problems.length === 1 ? problems[0] : problems.map((p) => p.replace(/\.$/, "")).join("; ") + ".");
            // The known labels are checked above; an unknown one makes the policy not checkable.
            for (const k of ["enforce", "enforce-version", "audit", "warn"]) if (l[`${PSA_PREFIX}${k}`] === UNKNOWN) void rawProps.metadata.labels[`${PSA_PREFIX}${k}`];
        },
    },
);
