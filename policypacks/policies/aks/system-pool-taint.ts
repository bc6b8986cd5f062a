// The system pool runs only critical add-ons.
import { asArray } from "../../lib/k8s";
import { isSystemPool, poolPolicy } from "./common";

const TAINT = "CriticalAddonsOnly=true:NoSchedule";

export const aksSystemPoolTaint = poolPolicy(
    {
        name: "aks-system-pool-taint",
        measure: "infrastructure.node-pool-isolation",
        severity: "medium",
        description:
            "AKS system node pools should carry the CriticalAddonsOnly=true:NoSchedule taint, so that application pods cannot land next to CoreDNS, konnectivity and the other kube-system components they could starve or attack.",
        remediationSteps: `Add "${TAINT}" to nodeTaints on every pool with mode "System" and run applications in separate user pools.`,
    },
    ({ pool, label, prefix }, _ctx, report) => {
        if (!isSystemPool(pool)) return;
        const taints = asArray(pool.nodeTaints).filter((t): t is string => typeof t === "string").map((t) => t.replace(/\s/g, ""));
        if (!taints.includes(TAINT) && !taints.includes("CriticalAddonsOnly=true:NoExecute")) {
            report(`${label} is a System pool without ${prefix}nodeTaints "${TAINT}"`);
        }
    },
);
