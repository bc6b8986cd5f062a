import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { isWindowsPod } from "./hardening-helpers";
import { showValue } from "../../../lib/format";

export const requireUserNamespaces = resourcePolicy(
    {
        name: "require-user-namespaces",
        measure: "workload.user-namespaces",
        description:
            "Pods should set spec.hostUsers: false so they run in a user namespace: root inside the container maps to an unprivileged uid on the node, which defeats most container-escape exploits. This is advisory because it needs Kubernetes 1.33 or later (on by default), a Linux kernel of at least 6.3 and a runtime with idmapped-mount support, and it cannot be combined with host namespaces. Windows pods are exempt.",
        severity: "low",
        remediationSteps: "Set spec.hostUsers: false in the pod template after confirming the nodes support user namespaces (AKS: Kubernetes 1.33+ with Azure Linux 3 or Ubuntu 24.04 nodes; on-prem: kernel 6.3+, containerd 2.0+ or CRI-O 1.25+).",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                if (isWindowsPod(pod.spec)) continue;
                const v = pod.spec.hostUsers;
                if (v !== false) report(`${pod.specPath}.hostUsers=${v === undefined ? "unset (defaults to true)" : showValue(v)}; set it to false to run in a user namespace.`);
            }
        },
    },
);
