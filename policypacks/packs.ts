// Which policies each publishable pack holds. AKS and on-prem share the Kubernetes policies and
// add their own; no platform's policies leak into the other's pack.
import type { KslPolicy } from "./lib/policy";
import type { Platform } from "./catalog/types";
import { workloadPolicies } from "./policies/kubernetes/workload";
import { supplyChainPolicies } from "./policies/kubernetes/supply-chain";
import { dataPolicies } from "./policies/kubernetes/data";
import { namespacePolicies } from "./policies/kubernetes/namespace";
import { rbacPolicies } from "./policies/kubernetes/rbac";
import { networkPolicies } from "./policies/kubernetes/network";
import { aksPolicies } from "./policies/aks";
import { onpremPolicies } from "./policies/onprem";
import { waiverValid } from "./policies/waiver-valid";
import { requireRenderedContent } from "./policies/require-rendered-content";

export const kubernetesPolicies: readonly KslPolicy[] = [
    ...workloadPolicies,
    ...supplyChainPolicies,
    ...dataPolicies,
    ...namespacePolicies,
    ...rbacPolicies,
    ...networkPolicies,
    requireRenderedContent,
];

export const PACK_NAMES: Record<Platform, string> = {
    aks: "k8s-security-aks",
    onprem: "k8s-security-onprem",
};

/** The policies of one platform's pack, with waiver validation last. */
export function packPolicies(platform: Platform): KslPolicy[] {
    const own = platform === "aks" ? aksPolicies : onpremPolicies;
    const list = [...kubernetesPolicies, ...own];
    return [...list, waiverValid(list.map((p) => p.name))];
}
