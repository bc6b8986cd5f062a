import { T } from "../../../lib/k8s";
import { stackPolicy } from "../../../lib/policy";
import { StackIndex, UNKNOWN, describe } from "../../../lib/stack-index";
import { matchesNamePattern } from "../../../lib/secret-refs";
import { Path, podSpecPath, Unknowns, workloadPods, namespaceKeyOrDefer } from "../../../lib/preview-unknowns";

interface Config {
    externalServiceAccounts: string[];
}

/** serviceAccountName, else the deprecated serviceAccount alias; undefined when unset or unknown (noted in `u`). */
function namedServiceAccount(spec: any, base: Path, u: Unknowns): { name: string; field: string } | undefined {
    for (const field of ["serviceAccountName", "serviceAccount"]) {
        const v = u.get(spec, [field], base);
        if (u.found) return undefined;
        if (typeof v === "string" && v !== "") return { name: v, field };
    }
    return undefined;
}

/**
 * A workload's ServiceAccount is defined next to it (kube-linter
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
            // Unknowns that decide a workload are deferred (the first one wins) while the known ones are checked.
            for (const { w, pod, u } of workloadPods(idx.items)) {
                const sa = namedServiceAccount(pod.spec, podSpecPath(w.type), u);
                u.raise();
                if (!sa || sa.name === "default") continue;
                const ns = idx.nsOf(w);
                const key = namespaceKeyOrDefer(ns, w, u);
                if (key === undefined) continue;
                const nsName = ns.kind === "known" ? ns.name : "default";
                const accounts = idx.inNamespace(key, T.ServiceAccount);
                if (accounts.some((a) => a.name === sa.name)) continue;
                if (matchesNamePattern(external, nsName, sa.name)) continue;
                // An account whose name is unknown at preview may be this one: not checkable, not reported.
                const unnamed = accounts.find((a) => a.props.metadata === UNKNOWN || a.props.metadata?.name === UNKNOWN);
                if (unnamed) {
                    const au = new Unknowns();
                    au.note(unnamed.props.metadata === UNKNOWN ? ["metadata"] : ["metadata", "name"]);
                    au.raise();
                    continue;
                }
                report(
                    w.r,
                    `${describe(w, ns)} runs as ServiceAccount "${sa.name}" (${pod.specPath}.${sa.field}), which is neither defined in namespace "${nsName ?? idx.nsLabel(ns)}" by the stack nor listed in externalServiceAccounts.`,
                );
            }
        },
    },
);
