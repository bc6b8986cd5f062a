import { T, isObject, podOf } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { StackIndex, UNKNOWN, describe, isWorkload } from "../namespace/stack";
import { globMatch } from "../data/secret-refs";

interface Config {
    externalServiceAccounts: string[];
}

/** serviceAccountName, else the deprecated serviceAccount alias; undefined when unset or unknown. */
function namedServiceAccount(spec: any): { name: string; field: string } | undefined {
    for (const field of ["serviceAccountName", "serviceAccount"]) {
        const v = isObject(spec) ? spec[field] : undefined;
        if (typeof v === "string" && v !== "") return { name: v, field };
        // Unknown at preview: the API server would resolve it; we cannot.
        if (v !== undefined && v !== null && v !== "") return undefined;
    }
    return undefined;
}

/**
 * A workload's ServiceAccount is defined next to it (peer-checks#55: kube-linter
 * non-existent-service-account, kubescape C-0294/C-0307). An account created out of band carries
 * RBAC bindings and cloud-identity annotations nobody reviews with the workload, or is another
 * workload's account borrowed from the namespace.
 */
export const requireServiceAccountInStack = stackPolicy<Config>(
    {
        name: "require-service-account-in-stack",
        measure: "workload.default-service-account",
        description:
            "The ServiceAccount a workload runs as (spec.serviceAccountName, or the deprecated spec.serviceAccount) must be a ServiceAccount of the same namespace in the stack, or be declared in externalServiceAccounts (`name` or `namespace/name` patterns, `*` wildcard). The namespace's built-in `default` account is left to disallow-default-service-account. An account the stack does not define has permissions (RoleBindings, workload-identity annotations) that are reviewed nowhere near the workload, or belongs to another workload of the namespace; and if it does not exist at all, the pod is rejected at admission.",
        severity: "low",
        remediationSteps:
            "Create the ServiceAccount in the stack next to the workload (automountServiceAccountToken: false unless it calls the API), or, when another team or controller provides it, list it in externalServiceAccounts.",
        configSchema: {
            properties: {
                externalServiceAccounts: {
                    type: "array",
                    items: { type: "string" },
                    default: [],
                    description: "ServiceAccounts provisioned outside the stack: `name` (any namespace) or `namespace/name`, `*` wildcard.",
                },
            },
        },
    },
    {
        validate: (args, config, report) => {
            const idx = StackIndex.of(args.resources);
            const external = Array.isArray(config.externalServiceAccounts) ? config.externalServiceAccounts.filter((p): p is string => typeof p === "string") : [];
            for (const w of idx.items.filter((i) => isWorkload(i.type))) {
                const pod = podOf(w.type, w.props);
                if (!pod) continue;
                const sa = namedServiceAccount(pod.spec);
                if (!sa || sa.name === "default") continue;
                const ns = idx.nsOf(w);
                if (ns.kind === "unknown") continue;
                const key = ns.kind === "known" ? ns.key : "default";
                const nsName = ns.kind === "known" ? ns.name : "default";
                // An account whose name is unknown at preview may be this one: not verifiable, not reported.
                if (idx.inNamespace(key, T.ServiceAccount).some((a) => a.name === sa.name || a.props?.metadata?.name === UNKNOWN || a.props?.metadata === UNKNOWN)) continue;
                if (external.some((p) => (p.includes("/") ? nsName !== undefined && globMatch(p, `${nsName}/${sa.name}`) : globMatch(p, sa.name)))) continue;
                report(
                    w.r,
                    `${describe(w, ns)} runs as ServiceAccount "${sa.name}" (${pod.specPath}.${sa.field}), which is neither defined in namespace "${nsName ?? idx.nsLabel(ns)}" by the stack nor listed in externalServiceAccounts.`,
                );
            }
        },
    },
);
