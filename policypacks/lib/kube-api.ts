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
