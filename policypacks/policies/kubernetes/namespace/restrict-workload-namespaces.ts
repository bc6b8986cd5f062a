import { stackPolicy } from "../../../lib/policy";
import { isObject, T } from "../../../lib/k8s";
import { NAMESPACED_APP_TYPES, SYSTEM_NAMESPACES, StackIndex, UNKNOWN, describe } from "../../../lib/stack-index";

/**
 * Roles and RoleBindings grant within their own namespace, so they must live where they grant
 * (a metrics adapter reads kube-system/extension-apiserver-authentication, Prometheus discovers
 * targets in default): their placement is no isolation weakness; the RBAC policies judge what they grant.
 */
const PLACED_TYPES = NAMESPACED_APP_TYPES.filter((t) => t !== T.Role && t !== T.RoleBinding);

/** Whether a Service selects pods (a non-empty spec.selector, or one unknown during preview). */
function selects(props: any): boolean {
    const sel = props?.spec?.selector;
    return sel === UNKNOWN || (isObject(sel) && Object.keys(sel).length > 0);
}

/**
 * Workloads belong in their own namespaces: `default` has no isolation, quotas or PSA labels of its
 * own, and the system namespaces hold the cluster's own components.
 */
export const restrictWorkloadNamespaces = stackPolicy<{ systemAllowList: string[] }>(
    {
        name: "restrict-workload-namespaces",
        measure: "namespace.isolation",
        description:
            "Workloads and the objects they use (pods and pod controllers, Services without a selector, Ingresses, ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims) must not be placed in the default namespace or without a namespace, and must not be placed in kube-system, kube-public or kube-node-lease unless listed in the system allow-list. The default namespace has no isolation, quota or Pod Security labels of its own; the system namespaces hold the control plane's add-ons and are often exempt from Pod Security Admission. Roles and RoleBindings are not judged here: they grant within their namespace and must live where they grant; nor are Services with a selector, which run nothing and must live with the pods they select (those pods are judged). The objects kubeadm and the control plane keep in system namespaces themselves are allowed by default.",
        severity: "high",
        remediationSteps:
            "Set metadata.namespace to a dedicated namespace (create it with HardenedNamespace). For a platform component that must live in a system namespace, add \"<namespace>/<name>\" to systemAllowList.",
        configSchema: {
            properties: {
                systemAllowList: {
                    type: "array",
                    items: { type: "string" },
                    default: [
                        "kube-system/coredns-custom",
                        "kube-system/coredns",
                        "kube-system/kubeadm-config",
                        "kube-system/kubelet-config",
                        "kube-system/kubelet-config-*",
                        "kube-system/kube-proxy",
                        "kube-system/extension-apiserver-authentication",
                        "kube-public/cluster-info",
                    ],
                    description:
                        "Objects allowed in system namespaces, as \"<namespace>/<name>\", \"<namespace>/<prefix>*\" or \"<namespace>/*\". Defaults: AKS reads CoreDNS customisation from kube-system/coredns-custom; kubeadm keeps its cluster, kubelet, kube-proxy and CoreDNS configuration in kube-system/kubeadm-config, kubelet-config (OnPremNodePool writes per-pool kubelet-config-<pool>), kube-proxy and coredns, and the bootstrap kube-public/cluster-info; the API server writes kube-system/extension-apiserver-authentication.",
                },
            },
        },
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.of(args.resources);
            const allow = Array.isArray(config.systemAllowList) ? config.systemAllowList.filter((x) => typeof x === "string") : [];
            for (const item of idx.ofType(...PLACED_TYPES)) {
                // A Service runs nothing: one with a selector must live with the pods it selects (a
                // monitoring stack's headless Services for control-plane pods in kube-system); those
                // pods, when the stack deploys them, are judged themselves.
                if (item.type === T.Service && selects(item.props)) continue;
                const ns = idx.nsOf(item);
                if (ns.kind === "unknown") continue;
                if (ns.kind === "unset") {
                    report(item.r, `${describe(item)} sets no metadata.namespace, so it lands in the provider's default namespace (usually "default").`);
                    continue;
                }
                const name = ns.name;
                if (name === "default") {
                    report(item.r, `${describe(item, ns)}: metadata.namespace="default"; use a dedicated namespace.`);
                } else if (name && SYSTEM_NAMESPACES.includes(name)) {
                    const objName = item.name ?? item.r.name;
                    const full = `${name}/${objName}`;
                    if (allow.some((a) => a === full || (a.endsWith("*") && full.startsWith(a.slice(0, -1))))) continue;
                    report(item.r, `${describe(item, ns)}: metadata.namespace="${name}" is a system namespace; it is not in systemAllowList.`);
                }
            }
        },
    },
);
