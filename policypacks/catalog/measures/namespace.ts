import type { Measure } from "../types";

// The namespace layer (tenancy and RBAC). Order within the file does not set significance: see ../significance.ts.
const RBAC_ON_BOTH = "Checked on Role, ClusterRole, RoleBinding and ClusterRoleBinding objects; the same on every cluster.";
/** RBAC plus the pod-spec check for debugging sessions left in manifests. */
const POD_EXEC_HOW = `${RBAC_ON_BOTH} Declared pod specs are also checked for spec.ephemeralContainers.`;

export const namespaceMeasures: Measure[] = [
    {
        id: "namespace.isolation",
        title: "Workloads isolated in their own namespaces",
        layer: "namespace",
        exploitability: 3,
        hexad: ["confidentiality", "integrity"],
        phase: "build",
        summary:
            "Each application runs in its own namespace, never in `default`, so that RBAC, quotas, Pod Security levels and network policies can be scoped to it. Namespaces alone do not isolate network traffic; they are the unit the other tenancy measures attach to.",
        platforms: {
            kubernetes: { applies: true, how: "One namespace per application or team, created with HardenedNamespace; objects set `metadata.namespace` to it, not `default`." },
        },
        components: ["HardenedNamespace"],
        references: {
            cisKubernetes: ["5.6.1", "5.6.4"],
            cisAks: ["4.6.1", "4.6.4"],
            nsaCisa: ["Network separation and hardening: namespaces"],
            other: ["CKV_K8S_21", "kubescape C-0061", "kube-linter use-namespace"],
        },
        covers: ["kubernetes:default-namespace", "seed:namespace isolation"],
    },
    {
        id: "namespace.pod-security-labels",
        title: "Pod Security Admission labels on every namespace",
        layer: "namespace",
        exploitability: 4,
        hexad: ["integrity", "possession"],
        phase: "build",
        summary:
            "Every namespace carries `pod-security.kubernetes.io/enforce` (restricted, or baseline with a reason) with a pinned `enforce-version`, plus `audit` and `warn` labels. The labels are how Pod Security Admission knows which standard to enforce; `privileged` switches it off.",
        platforms: {
            aks: { applies: true, how: "Namespace labels `pod-security.kubernetes.io/enforce: restricted` and `enforce-version`, set by HardenedNamespace; PSA is built into the AKS API server." },
            kubernetes: { applies: true, how: "Namespace labels `pod-security.kubernetes.io/enforce: restricted` and `enforce-version`, set by HardenedNamespace; cluster-wide defaults come from cluster.pod-security-admission." },
        },
        components: ["HardenedNamespace"],
        references: {
            cisKubernetes: ["5.2.1"],
            nsaCisa: ["Kubernetes Pod security: pod security enforcement"],
            pss: ["baseline", "restricted"],
            other: ["Kyverno add-psa-labels", "kubescape C-0192"],
        },
        covers: ["kubernetes:psa-labels-on-namespace"],
    },
    {
        id: "namespace.resource-quota",
        title: "ResourceQuota on every namespace",
        layer: "namespace",
        exploitability: 3,
        hexad: ["availability", "utility"],
        phase: "build",
        summary:
            "Every namespace has a ResourceQuota capping CPU, memory, pods, services and load balancers. A compromised or misbehaving tenant then cannot consume the cluster, e.g. for crypto-mining, or create public load balancers at will.",
        platforms: {
            aks: { applies: true, how: "A ResourceQuota in each namespace (HardenedNamespace creates one), with `services.loadbalancers` limited." },
            kubernetes: { applies: true, how: "A ResourceQuota in each namespace (HardenedNamespace creates one), with `services.loadbalancers` and `services.nodeports` limited." },
        },
        components: ["HardenedNamespace"],
        references: {
            nsaCisa: ["Network separation and hardening: resource policies"],
            other: ["Kyverno add-ns-quota"],
        },
        covers: ["kubernetes:resourcequota-limitrange", "seed:resource quotas"],
    },
    {
        id: "namespace.limit-range",
        title: "LimitRange defaults on every namespace",
        layer: "namespace",
        exploitability: 2,
        hexad: ["availability", "utility"],
        phase: "build",
        summary:
            "Every namespace has a LimitRange that gives containers default requests and limits and caps the maximum. Containers that declare nothing still get bounded resources, and a ResourceQuota can be satisfied: without defaults, a quota rejects every pod that declares no resources and the namespace becomes unusable.",
        platforms: {
            kubernetes: { applies: true, how: "A LimitRange of `type: Container` with `default`, `defaultRequest` and `max` in each namespace (HardenedNamespace creates one)." },
        },
        components: ["HardenedNamespace"],
        references: {
            nsaCisa: ["Network separation and hardening: resource policies"],
        },
        covers: [],
    },
    {
        id: "namespace.rbac-wildcards",
        title: "RBAC rules without wildcards",
        layer: "namespace",
        exploitability: 4,
        hexad: ["possession", "integrity", "confidentiality"],
        phase: "build",
        summary:
            "Role and ClusterRole rules name their API groups, resources and verbs instead of `*`. A wildcard grants today's and every future resource and verb, including ones that escalate privileges.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.3"],
            cisAks: ["4.1.3"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            mcsb: ["PA-7"],
            other: ["CKV_K8S_49", "kubescape C-0187", "kube-linter wildcard-in-rules"],
        },
        covers: ["kubernetes:rbac-wildcard-verbs-resources"],
    },
    {
        id: "namespace.rbac-cluster-admin",
        title: "No cluster-admin bindings beyond break-glass",
        layer: "namespace",
        exploitability: 5,
        hexad: ["possession", "integrity", "confidentiality"],
        phase: "build",
        summary:
            "No RoleBinding or ClusterRoleBinding grants `cluster-admin` except to a documented break-glass group, and no workload's ServiceAccount holds an admin role. cluster-admin is every permission on every object; a workload holding it turns any compromise into cluster takeover.",
        platforms: {
            aks: { applies: true, how: "Checked on bindings; on AKS, administrators get access through `aadProfile.adminGroupObjectIDs` or Azure RBAC roles instead of cluster-admin bindings." },
            kubernetes: { applies: true, how: "Checked on bindings; administrators get cluster-admin only through a break-glass IdP group." },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.1"],
            cisAks: ["4.1.1"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            mcsb: ["PA-1", "PA-7"],
            other: ["kubescape C-0035", "kubescape C-0267", "kubescape C-0272", "kube-linter cluster-admin-role-binding"],
        },
        covers: ["kubernetes:cluster-admin-binding", "kubernetes:workload-bound-to-admin-takeover-role"],
    },
    {
        id: "namespace.rbac-secrets-access",
        title: "Read access to Secrets restricted",
        layer: "namespace",
        exploitability: 4,
        hexad: ["confidentiality", "possession"],
        phase: "build",
        summary:
            "Only identities that need them may get, list or watch Secrets, and list/watch are avoided (they return every Secret's content). Secret read access is credential access: tokens, passwords and keys of the whole namespace.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.2"],
            cisAks: ["4.1.2"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            other: ["CKV2_K8S_5", "kubescape C-0015", "kubescape C-0186", "kube-linter access-to-secrets"],
        },
        covers: ["kubernetes:read-secrets"],
    },
    {
        id: "namespace.rbac-pod-exec",
        title: "pods/exec, attach, portforward and ephemeral containers restricted",
        layer: "namespace",
        exploitability: 4,
        hexad: ["confidentiality", "integrity", "possession"],
        phase: "build",
        summary:
            "Rights to `pods/exec`, `pods/attach`, `pods/portforward` and `pods/ephemeralcontainers` are granted only to operators who need them. They give a shell inside running containers, with access to their mounted secrets and network position, bypassing admission controls on the image.",
        platforms: {
            kubernetes: { applies: true, how: POD_EXEC_HOW },
        },
        components: [],
        references: {
            nsaCisa: ["Authentication and authorization: role-based access control"],
            other: ["CKV2_K8S_2", "kubescape C-0002", "kubescape C-0063", "Kyverno block-ephemeral-containers"],
        },
        covers: ["kubernetes:ephemeral-containers", "kubernetes:pods-exec-pods-attach"],
    },
    {
        id: "namespace.rbac-privilege-escalation",
        title: "No escalate, bind or impersonate",
        layer: "namespace",
        exploitability: 5,
        hexad: ["possession", "integrity", "authenticity"],
        phase: "build",
        summary:
            "The `escalate`, `bind` and `impersonate` verbs are not granted outside the control plane. They bypass RBAC's own escalation prevention: with them, an identity can grant itself or act as any other identity, including cluster-admin.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.8"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            other: ["CKV_K8S_157", "CKV_K8S_158", "CKV2_K8S_1", "CKV2_K8S_3", "kubescape C-0191", "kubescape C-0065"],
        },
        covers: ["kubernetes:escalate-bind-impersonate"],
    },
    {
        id: "namespace.rbac-node-proxy",
        title: "No nodes/proxy access",
        layer: "namespace",
        exploitability: 4,
        hexad: ["possession", "integrity"],
        phase: "build",
        summary:
            "No one outside the control plane gets `nodes/proxy`. It reaches the kubelet API directly, which runs commands in any pod on the node without passing admission or leaving API server audit records.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.10"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            other: ["kubescape C-0279", "Kyverno restrict-clusterrole-nodesproxy"],
        },
        covers: ["kubernetes:nodes-proxy"],
    },
    {
        id: "namespace.rbac-cluster-control",
        title: "Cluster-control permissions restricted (CSR approval, webhooks, tokens, PVs, endpoints)",
        layer: "namespace",
        exploitability: 4,
        hexad: ["possession", "integrity", "authenticity"],
        phase: "build",
        summary:
            "Permissions that control the cluster itself are kept to administrators: approving CertificateSigningRequests, editing admission webhook configurations, creating service-account tokens, creating PersistentVolumes and editing Endpoints/EndpointSlices. Each one lets a holder mint credentials, disable admission, mount host storage or redirect traffic.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.9", "5.1.11", "5.1.12", "5.1.13"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            other: ["CKV_K8S_155", "CKV_K8S_156", "CKV2_K8S_4", "kubescape C-0278", "kubescape C-0280", "kubescape C-0281", "kubescape C-0282"],
        },
        covers: ["kubernetes:csr-approve-webhook-configs", "kubernetes:sa-token-create-pv-create-portforward", "kubernetes:endpoints-edit-services-status"],
    },
    {
        id: "namespace.rbac-workload-creation",
        title: "Workload creation rights restricted",
        layer: "namespace",
        exploitability: 3,
        hexad: ["possession", "integrity"],
        phase: "build",
        summary:
            "Rights to create pods and pod-creating workloads are limited to deployers and controllers. Whoever can create a pod can mount any Secret and run as any ServiceAccount of the namespace, so pod creation is a privilege in its own right.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.4"],
            cisAks: ["4.1.4"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            other: ["kubescape C-0188", "kube-linter access-to-create-pods"],
        },
        covers: ["kubernetes:create-pods-workloads"],
    },
    {
        id: "namespace.rbac-system-groups",
        title: "No bindings to system:anonymous, system:unauthenticated or system:masters",
        layer: "namespace",
        exploitability: 5,
        hexad: ["possession", "authenticity", "confidentiality"],
        phase: "build",
        summary:
            "No binding grants anything to `system:anonymous`, `system:unauthenticated` or `system:masters`. The first two are everyone who can reach the API server; `system:masters` bypasses RBAC entirely and cannot be revoked by removing bindings.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.7"],
            nsaCisa: ["Authentication and authorization: role-based access control"],
            other: ["kubesec BindingsToSystemAnonymous", "kubescape C-0262", "kubescape C-0265"],
        },
        covers: ["kubernetes:bind-to-system-anonymous-unauthenticated-or-masters"],
    },
    {
        id: "namespace.rbac-default-service-account",
        title: "No bindings to default ServiceAccounts",
        layer: "namespace",
        exploitability: 3,
        hexad: ["possession", "authenticity"],
        phase: "build",
        summary:
            "No RoleBinding or ClusterRoleBinding names a namespace's `default` ServiceAccount. Every pod that names no ServiceAccount runs as `default`, so permissions given to it go to every such pod.",
        platforms: {
            kubernetes: { applies: true, how: RBAC_ON_BOTH },
        },
        components: [],
        references: {
            cisKubernetes: ["5.1.5"],
            cisAks: ["4.1.5"],
            nsaCisa: ["Kubernetes Pod security: protecting Pod service account tokens"],
            other: ["CKV_K8S_42"],
        },
        covers: ["kubernetes:binding-to-default-sa"],
    },
    {
        id: "namespace.rbac-binding-scope",
        title: "Namespace-scoped bindings where possible",
        layer: "namespace",
        exploitability: 2,
        hexad: ["possession", "confidentiality"],
        phase: "build",
        summary:
            "Access is granted with Roles and RoleBindings in the namespace that needs it; ClusterRoleBindings are for genuinely cluster-wide duties. A ClusterRoleBinding grants its rules in every namespace, including future ones, which is rarely least privilege.",
        platforms: {
            kubernetes: { applies: true, how: "RoleBindings to IdP groups per namespace (HardenedNamespace binds its admin and viewer groups that way); ClusterRoleBindings only for platform roles." },
        },
        components: ["HardenedNamespace"],
        references: {
            nsaCisa: ["Authentication and authorization: role-based access control"],
            mcsb: ["PA-7"],
        },
        covers: ["seed:RBAC least privilege"],
    },
];
