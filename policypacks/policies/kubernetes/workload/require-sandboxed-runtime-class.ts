import { resourcePolicy } from "../../../lib/policy";
import { namespaceOf } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { labelOf, stringList } from "./hardening-helpers";

interface Config {
    sandboxedRuntimeClasses: string[];
    untrustedLabelKey: string;
    untrustedLabelValue: string;
    untrustedNamespaces: string[];
    requireForAll: boolean;
}

export const requireSandboxedRuntimeClass = resourcePolicy<Config>(
    {
        name: "require-sandboxed-runtime-class",
        measure: "workload.sandboxed-runtime",
        description:
            "Untrusted workloads must run under a sandboxed runtime: spec.runtimeClassName must name one of sandboxedRuntimeClasses (Kata Containers, gVisor; on AKS `kata-mshv-vm-isolation` / `kata-vm-isolation`). A workload is untrusted when its pod template or resource carries the label untrustedLabelKey=untrustedLabelValue (default `security.ksl.dev/trust=untrusted`), when it is in one of untrustedNamespaces, or for every workload when requireForAll is true. A sandbox gives the workload its own kernel, so a kernel exploit does not reach the node. Advisory by default because it needs sandbox-capable node pools.",
        severity: "medium",
        remediationSteps:
            "Set spec.runtimeClassName to a sandboxed RuntimeClass available on the cluster (AKS: a node pool with workloadRuntime KataVmIsolation and runtimeClassName kata-vm-isolation; on-prem: install Kata Containers or gVisor and its RuntimeClass), and schedule the workload on nodes that provide it.",
        configSchema: {
            properties: {
                sandboxedRuntimeClasses: {
                    type: "array",
                    items: { type: "string" },
                    default: ["kata", "kata-qemu", "kata-clh", "kata-fc", "kata-vm-isolation", "kata-mshv-vm-isolation", "gvisor", "runsc"],
                    description: "RuntimeClass names that run pods in a sandbox (Kata VM, gVisor).",
                },
                untrustedLabelKey: { type: "string", default: "security.ksl.dev/trust", description: "Pod label that marks a workload as running untrusted code." },
                untrustedLabelValue: { type: "string", default: "untrusted", description: "Value of untrustedLabelKey that marks a workload as untrusted." },
                untrustedNamespaces: { type: "array", items: { type: "string" }, default: [], description: "Namespaces whose every workload runs untrusted code and needs a sandboxed runtime class." },
                requireForAll: { type: "boolean", default: false, description: "Require a sandboxed runtime class for every workload, not only untrusted ones." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const c = ctx.config;
                const labelled = typeof c.untrustedLabelKey === "string" && labelOf(props, pod, c.untrustedLabelKey) === c.untrustedLabelValue;
                const ns = namespaceOf(props);
                const untrusted = c.requireForAll === true || labelled || (ns !== undefined && stringList(c.untrustedNamespaces).includes(ns));
                if (!untrusted) continue;
                const rc = pod.spec.runtimeClassName;
                const allowed = stringList(c.sandboxedRuntimeClasses);
                if (typeof rc !== "string" || !allowed.includes(rc)) {
                    report(`${pod.specPath}.runtimeClassName=${typeof rc === "string" ? `"${rc}"` : "unset"} for an untrusted workload; use a sandboxed runtime class (${allowed.join(", ")}).`);
                }
            }
        },
    },
);
