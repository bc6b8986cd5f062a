// HardenedNamespace: a tenant namespace that passes the namespace, RBAC and network policies of the
// packs by construction - Pod Security Admission labels, default-deny NetworkPolicies with a DNS
// allowance, a ResourceQuota and LimitRange, least-privilege tenant Roles bound to IdP groups, and
// a default ServiceAccount that mounts no token. Every opt-out needs a waiver, recorded on the child.
import * as pulumi from "@pulumi/pulumi";
// Submodules only: the root @pulumi/kubernetes module loads every API group at start-up.
import { LimitRange, Namespace, ResourceQuota, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import { Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import type * as inputs from "@pulumi/kubernetes/types/input";
import { ADMIN_RULES, EDIT_RULES, EXEC_RULE, NamespaceSpec, NamespaceSpecError, networkPolicySpecs, resolveNamespaceSpec, VIEW_RULES } from "./namespace/spec";
import type { HardenedNamespaceArgs } from "./namespace/spec";

export { DEFAULT_PSA_VERSION } from "./namespace/spec";
export type { HardenedNamespaceArgs, HardenedNamespaceLimits, HardenedNamespaceQuota, HardenedNamespaceWaiver } from "./namespace/spec";

/** Names of a hardened namespace's tenant Roles. */
export interface HardenedNamespaceRoleNames {
    /** Role bound to adminGroups. */
    admin: string;
    /** Role bound to editGroups. */
    edit: string;
    /** Role bound to viewGroups. */
    view: string;
}

/**
 * A Kubernetes namespace hardened by default. Type token `ksl:index:HardenedNamespace`.
 *
 * Workloads in it should bring their own PodDisruptionBudget (maxUnavailable: 1, or minAvailable
 * below the replicas): the namespace cannot know their selectors, and the packs report a
 * replicated workload without one (require-pod-disruption-budget), as the sample tenant shows.
 */
export class HardenedNamespace extends pulumi.ComponentResource {
    /** The namespace's name (depends on the Namespace, so children placed with it wait for it). */
    public readonly namespaceName: pulumi.Output<string>;
    /** The enforced Pod Security level. */
    public readonly podSecurityLevel: pulumi.Output<string>;
    /** Names of the tenant Roles: admin, edit, view. */
    public readonly roleNames: pulumi.Output<HardenedNamespaceRoleNames>;

    constructor(name: string, args: HardenedNamespaceArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // The arguments are the component's inputs, so policies and the engine see what was asked for.
        super("ksl:index:HardenedNamespace", name, args, opts);

        let spec: NamespaceSpec;
        try {
            spec = resolveNamespaceSpec(name, args);
        } catch (e) {
            if (e instanceof NamespaceSpecError) throw new pulumi.ResourceError(e.message, this);
            throw e;
        }
        const { nsName, level, version, quota, limits, psaWaiver, execWaiver } = spec;

        // The parent passes its providers down; an explicit `provider` is forwarded as well.
        const childOpts: pulumi.CustomResourceOptions = { parent: this, ...(opts?.provider ? { provider: opts.provider } : {}) };

        const ns = new Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: nsName,
                    labels: {
                        ...(args.labels ?? {}),
                        "kubernetes.io/metadata.name": nsName,
                        "pod-security.kubernetes.io/enforce": level,
                        "pod-security.kubernetes.io/enforce-version": version,
                        // Audit and warn stay at restricted: a weaker enforce level stays visible.
                        "pod-security.kubernetes.io/audit": "restricted",
                        "pod-security.kubernetes.io/audit-version": version,
                        "pod-security.kubernetes.io/warn": "restricted",
                        "pod-security.kubernetes.io/warn-version": version,
                    },
                    ...(args.annotations || level !== "restricted" ? { annotations: { ...(args.annotations ?? {}), ...psaWaiver } } : {}),
                },
            },
            childOpts,
        );
        const namespace = ns.metadata.name;
        const meta = (objName: string, extra: Record<string, string> = {}) => ({
            name: objName,
            namespace,
            labels: { "app.kubernetes.io/managed-by": "ksl-hardened-namespace" },
            ...(Object.keys(extra).length ? { annotations: extra } : {}),
        });

        for (const np of networkPolicySpecs(args)) new NetworkPolicy(`${name}-${np.id}`, { metadata: meta(np.name), spec: np.spec }, childOpts);

        new ResourceQuota(
            `${name}-quota`,
            {
                metadata: meta("tenant-quota"),
                spec: {
                    hard: {
                        "requests.cpu": quota.requestsCpu,
                        "requests.memory": quota.requestsMemory,
                        "limits.cpu": quota.limitsCpu,
                        "limits.memory": quota.limitsMemory,
                        pods: quota.pods,
                        services: quota.services,
                        secrets: quota.secrets,
                        configmaps: quota.configMaps,
                        persistentvolumeclaims: quota.persistentVolumeClaims,
                        "services.loadbalancers": quota.loadBalancers,
                        "services.nodeports": quota.nodePorts,
                    },
                },
            },
            childOpts,
        );
        new LimitRange(
            `${name}-limits`,
            {
                metadata: meta("tenant-limits"),
                spec: {
                    limits: [
                        {
                            type: "Container",
                            default: { cpu: limits.defaultCpu, memory: limits.defaultMemory },
                            defaultRequest: { cpu: limits.defaultRequestCpu, memory: limits.defaultRequestMemory },
                        },
                    ],
                },
            },
            childOpts,
        );

        const roles = { admin: "tenant-admin", edit: "tenant-edit", view: "tenant-view" };
        const roleSpecs: Array<[keyof typeof roles, inputs.rbac.v1.PolicyRule[], string[], Record<string, string>]> = [
            ["admin", args.allowPodExec ? [...ADMIN_RULES, EXEC_RULE] : ADMIN_RULES, args.adminGroups ?? [], execWaiver],
            ["edit", EDIT_RULES, args.editGroups ?? [], {}],
            ["view", VIEW_RULES, args.viewGroups ?? [], {}],
        ];
        for (const [role, rules, groups, waiver] of roleSpecs) {
            const r = new Role(`${name}-${role}`, { metadata: meta(roles[role], waiver), rules }, childOpts);
            if (!groups.length) continue;
            new RoleBinding(
                `${name}-${role}-binding`,
                {
                    metadata: meta(`${roles[role]}-groups`, waiver),
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: r.metadata.name },
                    subjects: groups.map((g) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: g })),
                },
                childOpts,
            );
        }

        if (args.manageDefaultServiceAccount ?? true) {
            // A managed ServiceAccount named `default` rather than ServiceAccountPatch: with server-side
            // apply (on by default in @pulumi/kubernetes 4) creating it upserts the object the token
            // controller makes, with no race on whether it exists yet, and it stays a plain
            // ServiceAccount that the packs' service-account checks read.
            new ServiceAccount(`${name}-default-sa`, { metadata: { name: "default", namespace }, automountServiceAccountToken: false }, childOpts);
        }

        this.namespaceName = namespace;
        this.podSecurityLevel = pulumi.output(level);
        this.roleNames = pulumi.output(roles);
        this.registerOutputs({ namespaceName: this.namespaceName, podSecurityLevel: this.podSecurityLevel, roleNames: this.roleNames });
    }
}
