import type { PolicyResource } from "@pulumi/policy";
import { CONTENT_COMPONENT_TYPES, HELM_RELEASE_TYPE } from "../lib/kube-api";
import { KslPolicy, stackPolicy } from "../lib/policy";
import { uncheckedContainersOf } from "../lib/pod-specs";
import { plain } from "../lib/props";
import { canonicalType } from "../lib/type-tokens";

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

const s = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const o = (v: unknown): Record<string, any> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, any>) : {});

/** `group/Kind` of a `kubernetes:<group>/<version>:<Kind>` token (or the token itself for other providers). */
function groupKind(type: string): string {
    const m = /^kubernetes:(?:(.+)\/)?[^/:]+:([A-Za-z0-9]+)$/.exec(type);
    return m ? `${m[1] ?? ""}/${m[2]}` : type;
}

/**
 * Objects that make a controller in the cluster deploy content the pack never sees: what each one
 * deploys, from its spec, and how to scan it.
 */
const IN_CLUSTER_DELIVERY: Readonly<Record<string, (p: Record<string, any>) => string>> = {
    "helm.toolkit.fluxcd.io/HelmRelease": (p) => {
        const chart = o(o(p.spec?.chart).spec);
        const what = s(chart.chart) ? `chart ${chart.chart}${s(chart.version) ? ` ${chart.version}` : ""} from ${o(chart.sourceRef).kind ?? "a source"} ${o(chart.sourceRef).name ?? ""}`.trim() : s(o(p.spec?.chartRef).name) ? `chart ${o(p.spec.chartRef).kind ?? ""} ${p.spec.chartRef.name}`.trim() : "a Helm chart";
        return `Flux's helm-controller installs ${what} in the cluster: render it with the release's values (helm template <release> <chart> -f <values> | ksl scan -)`;
    },
    "kustomize.toolkit.fluxcd.io/Kustomization": (p) =>
        `Flux's kustomize-controller applies ${s(p.spec?.path) ? `path ${p.spec.path}` : "the root"} of ${o(p.spec?.sourceRef).kind ?? "a source"} ${o(p.spec?.sourceRef).name ?? ""} in the cluster: scan that directory of the source (ksl scan <checkout>/${s(p.spec?.path)?.replace(/^\.\//, "") ?? ""})`,
    "argoproj.io/Application": (p) => {
        const sources = [o(p.spec?.source), ...(Array.isArray(p.spec?.sources) ? p.spec.sources.map(o) : [])].filter((x) => s(x.repoURL));
        const what = sources.map((x) => `${x.repoURL}${s(x.chart) ? ` chart ${x.chart}` : s(x.path) ? ` path ${x.path}` : ""}${s(x.targetRevision) ? ` at ${x.targetRevision}` : ""}`).join(", ") || "its source";
        return `Argo CD deploys ${what} in the cluster: scan the rendered manifests (argocd app manifests <app> | ksl scan -, or ksl scan of the path, or helm template of the chart)`;
    },
    "argoproj.io/ApplicationSet": () => `Argo CD generates Applications from this ApplicationSet and deploys their sources in the cluster: scan each generated Application's rendered manifests (argocd app manifests <app> | ksl scan -)`,
    "fleet.cattle.io/GitRepo": (p) => `Rancher Fleet deploys ${s(p.spec?.repo) ?? "a Git repository"}${Array.isArray(p.spec?.paths) ? ` paths ${p.spec.paths.join(", ")}` : ""} in the cluster: scan those paths (ksl scan <checkout>/<path>)`,
    "helm.cattle.io/HelmChart": (p) => `the k3s/RKE2 Helm controller installs chart ${s(p.spec?.chart) ?? "?"}${s(p.spec?.repo) ? ` from ${p.spec.repo}` : ""} in the cluster: render it (helm template ${s(p.spec?.chart) ?? "<chart>"} | ksl scan -)`,
    "kappctrl.k14s.io/App": () => `Carvel kapp-controller fetches, templates and deploys this App in the cluster: render it (kapp-controller's fetch and template steps, then ksl scan -)`,
    "helm.crossplane.io/Release": (p) => `Crossplane's Helm provider installs chart ${s(o(p.spec?.forProvider?.chart).name) ?? "?"} in the cluster: render it (helm template | ksl scan -)`,
    "azure-native:kubernetesconfiguration:FluxConfiguration": (p) => {
        const source = s(o(p.gitRepository).url) ?? s(o(p.bucket).url) ?? s(o(p.azureBlob).url) ?? "its source";
        const paths = Object.values(o(p.kustomizations)).map((k) => s(o(k).path)).filter(Boolean);
        return `the AKS Flux extension deploys ${paths.length ? `path${paths.length === 1 ? "" : "s"} ${paths.join(", ")} of ` : ""}${source} in the cluster: scan those paths (ksl scan <checkout>/<path>)`;
    },
};

/** azure-native ARM template deployments (`resources:Deployment`, in any API version). */
const ARM_DEPLOYMENT = /^azure-native:resources(?:\/v\d{8}(?:preview)?)?:Deployment$/;

/** What an ARM template deployment deploys: its template's resource types (nested ones included), or its link. */
function armTemplateContent(p: Record<string, any>): string {
    const props = o(p.properties);
    const template = o(props.template);
    const types = new Set<string>();
    const walk = (resources: unknown, depth: number) => {
        if (!Array.isArray(resources) || depth > 8) return;
        for (const r of resources.map(o)) {
            if (s(r.type)) types.add(r.type);
            walk(r.resources, depth + 1);
            walk(o(o(o(r.properties).template)).resources, depth + 1);
        }
    };
    walk(template.resources, 0);
    if (!Array.isArray(template.resources) && template.resources && typeof template.resources === "object") walk(Object.values(template.resources), 0);
    const link = s(o(props.templateLink).uri) ?? s(o(props.templateLink).id);
    const aks = [...types].filter((t) => /^microsoft\.containerservice\//i.test(t));
    const what = types.size ? `${[...types].join(", ")}${aks.length ? ` (an AKS cluster among them, judged by no AKS policy)` : ""}` : link ? `the template at ${link}` : "its template's resources";
    return `Azure Resource Manager deploys ${what} from the template; the pack sees only the deployment. Declare them as azure-native resources (or as resources:Resource, which the pack reads as its type), or check the template itself`;
}

/** Dynamic providers: their create/update code runs inside the Pulumi program, out of any pack's sight. */
const DYNAMIC_TYPES = new Set(["pulumi-nodejs:dynamic:Resource", "pulumi-python:dynamic:Resource"]);

/**
 * Never a silent pass: what a stack deploys is only checked if its objects reach the pack.
 * `helm.v3.Release` installs its objects inside the provider; a content component with no rendered
 * objects (it could not be rendered, or its inputs are unknown during preview) deployed something
 * nobody checked; a GitOps object (Flux, Argo CD, Fleet, the AKS Flux extension) makes a controller
 * deploy content from elsewhere; a custom resource may hold containers the packs cannot read as a
 * pod; a dynamic resource's provider is code in the program.
 */
export const requireRenderedContent: KslPolicy = stackPolicy(
    {
        name: "require-rendered-content",
        measure: "cluster.policy-controller",
        description:
            "What a stack deploys must reach the policy pack to be checked. A helm.v3.Release is installed by Helm inside the Kubernetes provider, so none of its objects is ever analyzed; a Helm chart, kustomization or YAML component (helm.v3/v4 Chart, kustomize Directory, yaml ConfigFile/ConfigGroup) whose objects did not reach the pack (not renderable, or inputs unknown during preview) was not checked either; a GitOps object (a Flux HelmRelease or Kustomization, an Argo CD Application or ApplicationSet, a Fleet GitRepo, an AKS FluxConfiguration, ...) makes a controller deploy content the pack never sees; a custom resource may hold containers the packs cannot read as part of a pod; an ARM template deployment (azure-native resources:Deployment) makes Azure create what its template declares; a dynamic resource is created by code in the program. The finding says so, and how to check it, rather than letting the stack pass unchecked.",
        severity: "medium",
        remediationSteps:
            "Deploy charts with helm.v4.Chart (its objects are registered and checked) instead of helm.v3.Release, or render the release and scan the output (`helm template NAME CHART -f values.yaml | ksl scan - --pack aks`). For a component that could not be rendered, install helm/kubectl (or set KSL_HELM/KSL_KUBECTL) for ksl, make its inputs known at preview, or scan its rendered output. For GitOps objects, scan what they deploy where it is built (the repository path, the chart with its values) in the same CI. Raise this policy to mandatory to block stacks with unchecked content.",
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
                    continue;
                }
                if (CONTENT_TYPES.has(r.type)) {
                    if (!parents.has(r.urn)) {
                        report(
                            r,
                            `${kindOf(r.type)} '${r.name}'${chartOf(r)}: none of the objects it deploys reached the pack (it was not rendered, or its inputs are unknown during preview), so nothing it deploys was checked. Render it (helm template / kubectl kustomize) and scan the output with ksl scan.`,
                        );
                    }
                    continue;
                }
                if (DYNAMIC_TYPES.has(r.type)) {
                    report(r, `dynamic resource '${r.name}': its provider is code in the program, which creates whatever it creates out of every policy pack's sight; nothing it deploys was checked.`);
                    continue;
                }
                if (ARM_DEPLOYMENT.test(r.type)) {
                    report(r, `ARM deployment '${r.name}': ${armTemplateContent(plain(r.props))}.`);
                    continue;
                }
                const type = canonicalType(r.type);
                const delivery = IN_CLUSTER_DELIVERY[groupKind(type)];
                if (delivery) {
                    report(r, `${groupKind(type).split("/").pop()} '${r.name}': ${delivery(plain(r.props))}. Nothing it deploys reached the pack.`);
                    continue;
                }
                if (type.startsWith("kubernetes:")) {
                    for (const u of uncheckedContainersOf(type, r.props)) {
                        report(r, `${groupKind(type)} '${r.name}' holds ${u.reason} at ${u.path}: its controller runs them, and no pod policy checked them. Scan the pods it creates, or declare the workload in a kind the packs read (policypacks/lib/pod-specs.ts).`);
                    }
                }
            }
        },
    },
);
