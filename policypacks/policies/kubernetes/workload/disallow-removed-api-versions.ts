import { FORMER_API_VERSIONS } from "../../../lib/kube-api";
import { resourcePolicy } from "../../../lib/policy";

/** `kubernetes:apps/v1beta2:Deployment` → `apps/v1beta2 Deployment`. */
function apiOf(type: string): string {
    const [, gv, kind] = type.split(":");
    return `${gv.replace(/^core\//, "")} ${kind}`;
}

/**
 * Old charts and manifests still carry API versions that Kubernetes stopped serving: the policies
 * read them as the current version, and the version itself is reported, since the API server of
 * every supported release rejects it.
 */
export const disallowRemovedApiVersions = resourcePolicy(
    {
        name: "disallow-removed-api-versions",
        measure: "cluster.supported-version",
        description:
            "Objects must use an API version the cluster still serves. Versions removed from Kubernetes (extensions/v1beta1 and apps/v1beta1/v1beta2 workloads since 1.16, extensions and networking.k8s.io/v1beta1 Ingress and rbac.authorization.k8s.io/v1beta1 since 1.22, batch/v1beta1 CronJob and policy/v1beta1 since 1.25, ...) are rejected by the API server of every supported release, so the deployment fails, and they mark manifests nobody has maintained since. The other policies still check such objects, read as their current version.",
        severity: "high",
        remediationSteps:
            "Move the object to its current API version (kubectl convert, or the chart's current release) and fix what the new version requires (e.g. Ingress v1 backends `service: {name, port}` and pathType; apps/v1 requires spec.selector). PodSecurityPolicy has no successor API: use Pod Security Admission labels on the namespace.",
    },
    {
        types: [...FORMER_API_VERSIONS.keys()],
        validate: (_props, ctx, report) => {
            // ctx.type is the current version's token; the declared one is in the args.
            const declared = ctx.args.type;
            const former = FORMER_API_VERSIONS.get(declared);
            if (!former) return;
            const to = former.current ? `use ${apiOf(former.current)}` : "it has no successor API";
            report(`${apiOf(declared)} was removed in Kubernetes ${former.removedIn}: the API server of every supported release rejects it; ${to}.`);
        },
    },
);
