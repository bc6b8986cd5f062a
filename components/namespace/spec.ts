// HardenedNamespace's arguments resolved to what it provisions: defaults, validation, and the
// waiver annotation of each opt-out. Pure (no resources), so the component's constructor only
// creates resources.
import type * as inputs from "@pulumi/kubernetes/types/input";
import { waiverArgProblem, waiverEntry } from "../../policypacks/lib/waivers";

/** The Pod Security Standards version the namespace is pinned to unless `podSecurityVersion` says otherwise. */
export const DEFAULT_PSA_VERSION = "v1.33";

// String enums are `as const` objects (not bare literal unions) so the component package's
// schema carries them as enum types for the other languages' SDKs.

/** Pod Security Standards level. */
export const PodSecurityLevel = { privileged: "privileged", baseline: "baseline", restricted: "restricted" } as const;
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

const PSA_LEVELS: string[] = Object.values(PodSecurityLevel);

/** An explicit, time-bound exception to one policy of the packs. */
export interface HardenedNamespaceWaiver {
    /** Name of the policy waived, e.g. `require-pod-security-labels`. */
    policy: string;
    /** Why the exception is acceptable (at least 10 characters); shown in every report. */
    justification: string;
    /** Last day the waiver holds, `YYYY-MM-DD` (the packs accept at most a year ahead). */
    expires: string;
}

/** ResourceQuota caps (Kubernetes quantity strings). Each field defaults as documented. */
export interface HardenedNamespaceQuota {
    /** Sum of CPU requests in the namespace. @default "4" */
    requestsCpu?: string;
    /** Sum of memory requests in the namespace. @default "8Gi" */
    requestsMemory?: string;
    /** Sum of CPU limits in the namespace. @default "8" */
    limitsCpu?: string;
    /** Sum of memory limits in the namespace. @default "16Gi" */
    limitsMemory?: string;
    /** Must be at least 1. @default "50" */
    pods?: string;
    /** Number of Services. @default "20" */
    services?: string;
    /** Number of Secrets. @default "50" */
    secrets?: string;
    /** Number of ConfigMaps. @default "50" */
    configMaps?: string;
    /** Number of PersistentVolumeClaims. @default "20" */
    persistentVolumeClaims?: string;
    /**
     * LoadBalancer Services allowed. Secure default 0: tenants publish through the shared ingress
     * controller, not their own public addresses. @default "0"
     */
    loadBalancers?: string;
    /** NodePort Services allowed. Secure default 0: node ports bypass ingress and firewalls. @default "0" */
    nodePorts?: string;
}

/** LimitRange defaults for containers that declare no resources. */
export interface HardenedNamespaceLimits {
    /** CPU limit of a container that sets none. @default "500m" */
    defaultCpu?: string;
    /** Memory limit of a container that sets none. @default "512Mi" */
    defaultMemory?: string;
    /** CPU request of a container that sets none. @default "100m" */
    defaultRequestCpu?: string;
    /** Memory request of a container that sets none. @default "128Mi" */
    defaultRequestMemory?: string;
}

export interface HardenedNamespaceArgs {
    /**
     * The Kubernetes namespace name (a DNS label). Kept exact (no auto-naming suffix) so that
     * NetworkPolicy namespace selectors and policy allow-lists can name it.
     * @default the component's resource name
     */
    namespaceName?: string;
    /** Extra labels for the Namespace. Pod Security labels set by this component cannot be overridden here. */
    labels?: Record<string, string>;
    /** Extra annotations for the Namespace. */
    annotations?: Record<string, string>;
    /**
     * Pod Security Admission level enforced (`restricted`, `baseline` or `privileged`). Secure default
     * `restricted`: no root, no privilege escalation, no host access. A weaker level requires a
     * waiver for `require-pod-security-labels` in `waivers`; audit and warn stay at `restricted` so the
     * gap remains visible.
     * @default "restricted"
     */
    podSecurityLevel?: PodSecurityLevel;
    /**
     * Pod Security Standards version the labels are pinned to (`v1.<minor>`). Pinned rather than
     * `latest` so a cluster upgrade cannot change what is admitted without a reviewed change.
     * @default DEFAULT_PSA_VERSION ("v1.33")
     */
    podSecurityVersion?: string;
    /** Waivers for the opt-outs chosen in these args; each is recorded as an annotation on the affected child. */
    waivers?: HardenedNamespaceWaiver[];
    /**
     * Allow DNS egress to kube-dns (kube-system, `k8s-app: kube-dns`, UDP/TCP 53). Default on: with
     * default-deny egress nothing resolves without it.
     * @default true
     */
    allowDnsEgress?: boolean;
    /**
     * Allow traffic between pods of this namespace (ingress and egress). Secure default off: each
     * workload declares the flows it needs.
     * @default false
     */
    allowSameNamespace?: boolean;
    /**
     * Namespace of the ingress controller allowed to reach this namespace's pods. Default none: no
     * ingress from outside the namespace.
     */
    ingressControllerNamespace?: string;
    /** Other namespaces whose pods may reach this namespace's pods. @default [] */
    allowIngressFromNamespaces?: string[];
    /** Other namespaces this namespace's pods may reach. @default [] */
    allowEgressToNamespaces?: string[];
    /** ResourceQuota caps. Secure default: every cap set, no LoadBalancer or NodePort Services. */
    quota?: HardenedNamespaceQuota;
    /** LimitRange defaults. Secure default: every container gets requests and limits. */
    limits?: HardenedNamespaceLimits;
    /**
     * Identity-provider groups (Entra ID group object ids, OIDC group names) bound to the namespace
     * `tenant-admin` Role. Groups, not users: membership is managed centrally and revocable. @default []
     */
    adminGroups?: string[];
    /** Groups bound to the `tenant-edit` Role. @default [] */
    editGroups?: string[];
    /** Groups bound to the `tenant-view` Role. @default [] */
    viewGroups?: string[];
    /**
     * Give `tenant-admin` pods/exec, pods/attach and pods/portforward. Secure default off: a shell
     * into a running container bypasses the image and its audit trail. Requires a waiver for
     * `restrict-pod-exec`.
     * @default false
     */
    allowPodExec?: boolean;
    /**
     * Manage the namespace's `default` ServiceAccount with automountServiceAccountToken=false, so pods
     * that name no account get no API token.
     * @default true
     */
    manageDefaultServiceAccount?: boolean;
}

const DEFAULT_QUOTA: Required<HardenedNamespaceQuota> = {
    requestsCpu: "4",
    requestsMemory: "8Gi",
    limitsCpu: "8",
    limitsMemory: "16Gi",
    pods: "50",
    services: "20",
    secrets: "50",
    configMaps: "50",
    persistentVolumeClaims: "20",
    loadBalancers: "0",
    nodePorts: "0",
};

const DEFAULT_LIMITS: Required<HardenedNamespaceLimits> = {
    defaultCpu: "500m",
    defaultMemory: "512Mi",
    defaultRequestCpu: "100m",
    defaultRequestMemory: "128Mi",
};

const READ = ["get", "list", "watch"];
const WRITE = ["create", "update", "patch", "delete"];

/** Read access to a tenant's own objects; no Secrets (reading them discloses credentials). */
export const VIEW_RULES: inputs.rbac.v1.PolicyRule[] = [
    {
        apiGroups: [""],
        resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "persistentvolumeclaims", "events", "serviceaccounts", "resourcequotas", "limitranges"],
        verbs: READ,
    },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"], verbs: READ },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
];

/**
 * Write access to workloads and their configuration. Secrets are write-only (create/update/delete,
 * no get/list/watch and no patch, whose response returns the merged Secret).
 */
export const EDIT_RULES: inputs.rbac.v1.PolicyRule[] = [
    ...VIEW_RULES,
    { apiGroups: [""], resources: ["pods", "services", "configmaps", "persistentvolumeclaims", "serviceaccounts"], verbs: WRITE },
    { apiGroups: [""], resources: ["secrets"], verbs: ["create", "update", "delete"] },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"], verbs: WRITE },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: WRITE },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE },
];

/**
 * Edit plus managing the tenant's own Roles and RoleBindings. Without escalate/bind, RBAC stops an
 * admin from granting anything it does not hold itself.
 */
export const ADMIN_RULES: inputs.rbac.v1.PolicyRule[] = [
    ...EDIT_RULES,
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...READ, ...WRITE] },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: WRITE },
];

export const EXEC_RULE: inputs.rbac.v1.PolicyRule = { apiGroups: [""], resources: ["pods/exec", "pods/attach", "pods/portforward"], verbs: ["create", "get"] };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Invalid arguments; the component reports it as a ResourceError naming itself. */
export class NamespaceSpecError extends Error {}

export interface NamespaceSpec {
    nsName: string;
    level: NonNullable<HardenedNamespaceArgs["podSecurityLevel"]>;
    version: string;
    quota: Required<HardenedNamespaceQuota>;
    limits: Required<HardenedNamespaceLimits>;
    /** The waiver annotation for a weaker Pod Security level, and for pod exec. */
    psaWaiver: Record<string, string>;
    execWaiver: Record<string, string>;
}

export function resolveNamespaceSpec(name: string, args: HardenedNamespaceArgs): NamespaceSpec {
    const nsName = args.namespaceName ?? name;
    const level = args.podSecurityLevel ?? "restricted"; // restricted: the only level without known escapes
    const version = args.podSecurityVersion ?? DEFAULT_PSA_VERSION; // pinned: upgrades must not relax admission
    const quota = { ...DEFAULT_QUOTA, ...(args.quota ?? {}) };
    const limits = { ...DEFAULT_LIMITS, ...(args.limits ?? {}) };
    const waivers = args.waivers ?? [];

    // Fail fast on args the API server or the packs would reject later.
    if (!DNS_LABEL.test(nsName)) throw new NamespaceSpecError(`namespaceName "${nsName}" is not a DNS label (lowercase letters, digits, '-', at most 63 characters).`);
    if (!PSA_LEVELS.includes(level)) throw new NamespaceSpecError(`podSecurityLevel "${level}" is not one of ${PSA_LEVELS.join(", ")}.`);
    if (!/^v1\.\d+$/.test(version)) throw new NamespaceSpecError(`podSecurityVersion "${version}" must be pinned as v1.<minor> (not "latest").`);
    for (const [k, v] of Object.entries(quota)) {
        if (typeof v !== "string" || !QUANTITY.test(v)) throw new NamespaceSpecError(`quota.${k} "${String(v)}" is not a Kubernetes quantity.`);
    }
    if (!/^[0-9]+$/.test(quota.pods) || Number(quota.pods) < 1) throw new NamespaceSpecError(`quota.pods must be a whole number of at least 1, not "${quota.pods}".`);
    for (const [k, v] of Object.entries(limits)) {
        if (typeof v !== "string" || !QUANTITY.test(v)) throw new NamespaceSpecError(`limits.${k} "${String(v)}" is not a Kubernetes quantity.`);
    }
    for (const w of waivers) {
        const problem = waiverArgProblem(w);
        if (problem) throw new NamespaceSpecError(problem);
    }
    for (const peer of [args.ingressControllerNamespace, ...(args.allowIngressFromNamespaces ?? []), ...(args.allowEgressToNamespaces ?? [])]) {
        if (peer !== undefined && !DNS_LABEL.test(peer)) throw new NamespaceSpecError(`peer namespace "${peer}" is not a DNS label.`);
    }
    for (const g of [...(args.adminGroups ?? []), ...(args.editGroups ?? []), ...(args.viewGroups ?? [])]) {
        if (typeof g !== "string" || g === "" || g.startsWith("system:")) throw new NamespaceSpecError(`group "${g}" must be an identity-provider group, not empty or a system: group.`);
    }

    /** The waiver annotation an opt-out needs, or a ResourceError naming the missing waiver. */
    const waiverFor = (policy: string, optOut: string): Record<string, string> => {
        const w = waivers.find((x) => x.policy === policy);
        if (!w) {
            throw new NamespaceSpecError(`${optOut} is an opt-out of policy ${policy}: add waivers: [{ policy: "${policy}", justification, expires }].`);
        }
        const [k, v] = waiverEntry("k8s", policy, w.justification.trim(), w.expires);
        return { [k]: v };
    };

    const psaWaiver = level === "restricted" ? {} : waiverFor("require-pod-security-labels", `podSecurityLevel "${level}"`);
    const execWaiver = args.allowPodExec ? waiverFor("restrict-pod-exec", "allowPodExec") : {};
    return { nsName, level: level as NamespaceSpec["level"], version, quota, limits, psaWaiver, execWaiver };
}

type PolicySpec = inputs.networking.v1.NetworkPolicySpec;
const byName = (names: string[]) => ({ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: names }] } });

/** The namespace's NetworkPolicies (resource suffix, object name, spec): default deny both ways, then each declared allowance. */
export function networkPolicySpecs(args: HardenedNamespaceArgs): Array<{ id: string; name: string; spec: PolicySpec }> {
    // Pods start isolated and every flow is declared.
    const out: Array<{ id: string; name: string; spec: PolicySpec }> = [
        { id: "default-deny", name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    ];
    if (args.allowDnsEgress ?? true) {
        const dns = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } };
        const ports = [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
        ];
        out.push({ id: "allow-dns", name: "allow-dns-egress", spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [dns], ports }] } });
    }
    if (args.allowSameNamespace ?? false) {
        out.push({
            id: "allow-same-namespace",
            name: "allow-same-namespace",
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
        });
    }
    if (args.ingressControllerNamespace) {
        const from = [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.ingressControllerNamespace } } }];
        out.push({ id: "allow-ingress-controller", name: "allow-ingress-controller", spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from }] } });
    }
    const peersIn = args.allowIngressFromNamespaces ?? [];
    if (peersIn.length) {
        out.push({ id: "allow-peer-ingress", name: "allow-peer-namespaces-ingress", spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [byName(peersIn)] }] } });
    }
    const peersOut = args.allowEgressToNamespaces ?? [];
    if (peersOut.length) {
        out.push({ id: "allow-peer-egress", name: "allow-peer-namespaces-egress", spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [byName(peersOut)] }] } });
    }
    return out;
}
