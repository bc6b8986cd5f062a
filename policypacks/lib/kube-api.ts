// What the Kubernetes API itself says about kinds, shared by the packs and the engine: which kinds
// are cluster-scoped (`kubectl api-resources --namespaced=false` on Kubernetes 1.35, plus kinds
// that older versions served). Everything else built in is namespaced.

/** Built-in cluster-scoped kinds, by kind name (kind names are unique across built-in groups). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
    // core
    "ComponentStatus", "Namespace", "Node", "PersistentVolume",
    // admissionregistration.k8s.io
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
    "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
    // apiextensions.k8s.io, apiregistration.k8s.io
    "CustomResourceDefinition", "APIService",
    // authentication / authorization reviews
    "TokenReview", "SelfSubjectReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview",
    // certificates.k8s.io
    "CertificateSigningRequest", "ClusterTrustBundle",
    // flowcontrol.apiserver.k8s.io
    "FlowSchema", "PriorityLevelConfiguration",
    // networking.k8s.io
    "IngressClass", "IPAddress", "ServiceCIDR",
    // node.k8s.io, scheduling.k8s.io
    "RuntimeClass", "PriorityClass",
    // rbac.authorization.k8s.io
    "ClusterRole", "ClusterRoleBinding",
    // storage.k8s.io
    "CSIDriver", "CSINode", "StorageClass", "VolumeAttachment", "VolumeAttributesClass",
    // resource.k8s.io
    "DeviceClass", "ResourceSlice", "DeviceTaintRule",
    // storagemigration.k8s.io, internal.apiserver.k8s.io
    "StorageVersionMigration", "StorageVersion",
    // policy/v1beta1 (removed in 1.25)
    "PodSecurityPolicy",
]);

/** Kinds whose scope the API does not fix (custom resources): the CRD decides. */
export interface CustomKindScopes {
    /** `group/Kind` → "Namespaced" | "Cluster", from CustomResourceDefinitions in the same input. */
    get(groupKind: string): string | undefined;
}

/**
 * Whether objects of this apiVersion/kind live in a namespace. Built-in kinds follow the API's own
 * list; a custom kind follows its CustomResourceDefinition's `spec.scope` when one is given, and is
 * otherwise taken as namespaced (as most custom resources are; `kubectl apply -n` places them there).
 */
export function isNamespacedKind(apiVersion: string, kind: string, crds?: CustomKindScopes): boolean {
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    const scope = crds?.get(`${group}/${kind}`);
    if (scope !== undefined) return scope !== "Cluster";
    return !CLUSTER_SCOPED_KINDS.has(kind);
}

/** The scopes the CustomResourceDefinitions among `objects` declare, keyed `group/Kind`. */
export function crdScopes(objects: Iterable<Record<string, unknown>>): Map<string, string> {
    const out = new Map<string, string>();
    for (const o of objects) {
        if (o.kind !== "CustomResourceDefinition") continue;
        const spec = o.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
        if (typeof spec?.group === "string" && typeof spec.names?.kind === "string" && typeof spec.scope === "string") {
            out.set(`${spec.group}/${spec.names.kind}`, spec.scope);
        }
    }
    return out;
}

/**
 * The Kubernetes provider's components that deploy content (manifests, kustomizations, charts).
 * In a preview their objects are registered as their children; `helm.v3.Release` is installed by
 * Helm inside the provider, so its objects never reach a policy pack.
 */
export const CONTENT_COMPONENT_TYPES = {
    yamlConfigFile: "kubernetes:yaml:ConfigFile",
    yamlConfigGroup: "kubernetes:yaml:ConfigGroup",
    yamlV2ConfigFile: "kubernetes:yaml/v2:ConfigFile",
    yamlV2ConfigGroup: "kubernetes:yaml/v2:ConfigGroup",
    kustomizeDirectory: "kubernetes:kustomize:Directory",
    kustomizeV2Directory: "kubernetes:kustomize/v2:Directory",
    helmV3Chart: "kubernetes:helm.sh/v3:Chart",
    helmV4Chart: "kubernetes:helm.sh/v4:Chart",
} as const;
export const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** A formerly served API version of a kind: the version it is read as, and the release that removed it. */
export interface FormerApiVersion {
    /** Type token of the current version the policies read it as; undefined when the kind is gone (PodSecurityPolicy). */
    current?: string;
    /** Kubernetes minor release that stopped serving it. */
    removedIn: string;
}

const k = (apiVersion: string, kind: string) => {
    const i = apiVersion.indexOf("/");
    return i < 0 ? `kubernetes:core/${apiVersion}:${kind}` : `kubernetes:${apiVersion.slice(0, i)}/${apiVersion.slice(i + 1)}:${kind}`;
};

/** Removed API versions (the Kubernetes deprecated-API migration guide), by type token. */
export const FORMER_API_VERSIONS: ReadonlyMap<string, FormerApiVersion> = new Map<string, FormerApiVersion>([
    ...(["Deployment", "DaemonSet", "ReplicaSet"] as const).map((kind) => [k("extensions/v1beta1", kind), { current: k("apps/v1", kind), removedIn: "1.16" }] as const),
    ...(["Deployment", "StatefulSet"] as const).map((kind) => [k("apps/v1beta1", kind), { current: k("apps/v1", kind), removedIn: "1.16" }] as const),
    ...(["Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"] as const).map((kind) => [k("apps/v1beta2", kind), { current: k("apps/v1", kind), removedIn: "1.16" }] as const),
    [k("extensions/v1beta1", "NetworkPolicy"), { current: k("networking.k8s.io/v1", "NetworkPolicy"), removedIn: "1.16" }],
    [k("extensions/v1beta1", "PodSecurityPolicy"), { removedIn: "1.16" }],
    [k("batch/v2alpha1", "CronJob"), { current: k("batch/v1", "CronJob"), removedIn: "1.21" }],
    [k("extensions/v1beta1", "Ingress"), { current: k("networking.k8s.io/v1", "Ingress"), removedIn: "1.22" }],
    [k("networking.k8s.io/v1beta1", "Ingress"), { current: k("networking.k8s.io/v1", "Ingress"), removedIn: "1.22" }],
    [k("networking.k8s.io/v1beta1", "IngressClass"), { current: k("networking.k8s.io/v1", "IngressClass"), removedIn: "1.22" }],
    ...["v1alpha1", "v1beta1"].flatMap((v) =>
        (["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"] as const).map((kind) => [k(`rbac.authorization.k8s.io/${v}`, kind), { current: k("rbac.authorization.k8s.io/v1", kind), removedIn: "1.22" }] as const),
    ),
    ...(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"] as const).map((kind) => [k("admissionregistration.k8s.io/v1beta1", kind), { current: k("admissionregistration.k8s.io/v1", kind), removedIn: "1.22" }] as const),
    [k("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"), { current: k("apiextensions.k8s.io/v1", "CustomResourceDefinition"), removedIn: "1.22" }],
    [k("apiregistration.k8s.io/v1beta1", "APIService"), { current: k("apiregistration.k8s.io/v1", "APIService"), removedIn: "1.22" }],
    [k("certificates.k8s.io/v1beta1", "CertificateSigningRequest"), { current: k("certificates.k8s.io/v1", "CertificateSigningRequest"), removedIn: "1.22" }],
    [k("coordination.k8s.io/v1beta1", "Lease"), { current: k("coordination.k8s.io/v1", "Lease"), removedIn: "1.22" }],
    [k("scheduling.k8s.io/v1beta1", "PriorityClass"), { current: k("scheduling.k8s.io/v1", "PriorityClass"), removedIn: "1.22" }],
    ...(["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"] as const).map((kind) => [k("storage.k8s.io/v1beta1", kind), { current: k("storage.k8s.io/v1", kind), removedIn: "1.22" }] as const),
    [k("batch/v1beta1", "CronJob"), { current: k("batch/v1", "CronJob"), removedIn: "1.25" }],
    [k("discovery.k8s.io/v1beta1", "EndpointSlice"), { current: k("discovery.k8s.io/v1", "EndpointSlice"), removedIn: "1.25" }],
    [k("events.k8s.io/v1beta1", "Event"), { current: k("events.k8s.io/v1", "Event"), removedIn: "1.25" }],
    [k("autoscaling/v2beta1", "HorizontalPodAutoscaler"), { current: k("autoscaling/v2", "HorizontalPodAutoscaler"), removedIn: "1.25" }],
    [k("policy/v1beta1", "PodDisruptionBudget"), { current: k("policy/v1", "PodDisruptionBudget"), removedIn: "1.25" }],
    [k("policy/v1beta1", "PodSecurityPolicy"), { removedIn: "1.25" }],
    [k("node.k8s.io/v1beta1", "RuntimeClass"), { current: k("node.k8s.io/v1", "RuntimeClass"), removedIn: "1.25" }],
    [k("autoscaling/v2beta2", "HorizontalPodAutoscaler"), { current: k("autoscaling/v2", "HorizontalPodAutoscaler"), removedIn: "1.26" }],
    ...(["FlowSchema", "PriorityLevelConfiguration"] as const).flatMap((kind) => [
        [k("flowcontrol.apiserver.k8s.io/v1beta1", kind), { current: k("flowcontrol.apiserver.k8s.io/v1", kind), removedIn: "1.26" }] as const,
        [k("flowcontrol.apiserver.k8s.io/v1beta2", kind), { current: k("flowcontrol.apiserver.k8s.io/v1", kind), removedIn: "1.29" }] as const,
        [k("flowcontrol.apiserver.k8s.io/v1beta3", kind), { current: k("flowcontrol.apiserver.k8s.io/v1", kind), removedIn: "1.32" }] as const,
    ]),
    [k("storage.k8s.io/v1beta1", "CSIStorageCapacity"), { current: k("storage.k8s.io/v1", "CSIStorageCapacity"), removedIn: "1.27" }],
]);

/** The current API version's type token for a removed one, else the token itself. */
export function currentKubernetesType(type: string): string {
    return FORMER_API_VERSIONS.get(type)?.current ?? type;
}

/** extensions / networking.k8s.io v1beta1 Ingress backends `{serviceName, servicePort}` as v1's `{service: {name, port}}`. */
function ingressBackendV1(b: unknown): unknown {
    if (typeof b !== "object" || b === null || Array.isArray(b)) return b;
    const { serviceName, servicePort, ...rest } = b as Record<string, unknown>;
    if (serviceName === undefined && servicePort === undefined) return b;
    const port = typeof servicePort === "number" ? { number: servicePort } : typeof servicePort === "string" ? (/^\d+$/.test(servicePort) ? { number: Number(servicePort) } : { name: servicePort }) : servicePort;
    return { ...rest, service: { name: serviceName, port } };
}

/**
 * The props of a resource of a removed API version, in its current version's shape (only where the
 * shapes differ: Ingress backends); other props unchanged. Reads values as they are (unknowns stay).
 */
export function canonicalKubernetesProps(type: string, props: any): any {
    if (currentKubernetesType(type) !== "kubernetes:networking.k8s.io/v1:Ingress" || type === "kubernetes:networking.k8s.io/v1:Ingress") return props;
    if (typeof props !== "object" || props === null) return props;
    const spec = props.spec;
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return props;
    const { backend, ...specRest } = spec as Record<string, unknown>;
    const rules = Array.isArray(spec.rules)
        ? spec.rules.map((r: any) => {
              const paths = r?.http?.paths;
              if (!Array.isArray(paths)) return r;
              return { ...r, http: { ...r.http, paths: paths.map((p: any) => (typeof p === "object" && p !== null ? { pathType: "ImplementationSpecific", ...p, backend: ingressBackendV1(p.backend) } : p)) } };
          })
        : spec.rules;
    const out: Record<string, unknown> = { ...specRest, ...(rules !== undefined ? { rules } : {}) };
    if (backend !== undefined) out.defaultBackend = ingressBackendV1(backend);
    return { ...props, apiVersion: "networking.k8s.io/v1", spec: out };
}
