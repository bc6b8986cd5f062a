import type { PolicyResource } from "@pulumi/policy";
import { CONTENT_COMPONENT_TYPES, HELM_RELEASE_TYPE } from "../lib/kube-api";
import { KslPolicy, stackPolicy } from "../lib/policy";

const CONTENT_TYPES = new Set<string>(Object.values(CONTENT_COMPONENT_TYPES));

/** `kubernetes:helm.sh/v4:Chart` → `helm.sh/v4:Chart`, as users know the component. */
function kindOf(type: string): string {
    return type.split(":").slice(1).join(":");
}

function chartOf(r: PolicyResource): string {
    const p = r.props as { chart?: unknown; path?: unknown; repositoryOpts?: { repo?: unknown } };
    const chart = typeof p.chart === "string" ? p.chart : typeof p.path === "string" ? p.path : "";
    const repo = typeof p.repositoryOpts?.repo === "string" ? ` from ${p.repositoryOpts.repo}` : "";
    return chart ? ` (chart ${chart}${repo})` : "";
}

/**
 * Never a silent pass: what a stack deploys through Helm, YAML or kustomize components is only
 * checked if its objects reach the pack. `helm.v3.Release` installs its objects inside the
 * provider, out of every policy pack's sight; a content component with no rendered objects
 * (it could not be rendered, or its inputs are unknown during preview) deployed something
 * nobody checked.
 */
export const requireRenderedContent: KslPolicy = stackPolicy(
    {
        name: "require-rendered-content",
        measure: "cluster.policy-controller",
        description:
            "What a stack deploys must reach the policy pack to be checked. A helm.v3.Release is installed by Helm inside the Kubernetes provider, so none of its objects is ever analyzed; a Helm chart, kustomization or YAML component (helm.v3/v4 Chart, kustomize Directory, yaml ConfigFile/ConfigGroup) whose objects did not reach the pack (not renderable, or inputs unknown during preview) was not checked either. The finding says so rather than letting the stack pass unchecked.",
        severity: "medium",
        remediationSteps:
            "Deploy charts with helm.v4.Chart (its objects are registered and checked) instead of helm.v3.Release, or render the release and scan the output (`helm template NAME CHART -f values.yaml | ksl scan - --pack aks`). For a component that could not be rendered, install helm/kubectl (or set KSL_HELM/KSL_KUBECTL) for ksl, make its inputs known at preview, or scan its rendered output. Raise this policy to mandatory to block stacks with unchecked content.",
    },
    {
        validate: (args, _config, report) => {
            const parents = new Set<string>();
            for (const r of args.resources) if (r.parent) parents.add(r.parent.urn);
            for (const r of args.resources) {
                if (r.type === HELM_RELEASE_TYPE) {
                    report(
                        r,
                        `helm.sh/v3:Release '${r.name}'${chartOf(r)} is installed by Helm inside the provider: its objects never reach a policy pack, so nothing in this release was checked. Render it and scan the output (helm template ${r.name} <chart> -f <values> | ksl scan - --pack <pack>), or deploy it with helm.v4.Chart.`,
                    );
                } else if (CONTENT_TYPES.has(r.type) && !parents.has(r.urn)) {
                    report(
                        r,
                        `${kindOf(r.type)} '${r.name}'${chartOf(r)}: none of the objects it deploys reached the pack (it was not rendered, or its inputs are unknown during preview), so nothing it deploys was checked. Render it (helm template / kubectl kustomize) and scan the output with ksl scan.`,
                    );
                }
            }
        },
    },
);
