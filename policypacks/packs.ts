// Which policies each publishable pack holds. AKS and on-prem share the Kubernetes policies and
// add their own; no platform's policies leak into the other's pack.
import type { KslPolicy } from "./lib/policy";
import { perPlatform, PLATFORM_INFO, type Platform } from "./catalog/platforms";
import { workloadPolicies } from "./policies/kubernetes/workload";
import { supplyChainPolicies } from "./policies/kubernetes/supply-chain";
import { dataPolicies } from "./policies/kubernetes/data";
import { namespacePolicies } from "./policies/kubernetes/namespace";
import { rbacPolicies } from "./policies/kubernetes/rbac";
import { networkPoliciesFor } from "./policies/kubernetes/network";
import { aksPolicies } from "./policies/aks";
import { onpremPolicies } from "./policies/onprem";
import { waiverValid } from "./policies/waiver-valid";
import { requireRenderedContent } from "./policies/require-rendered-content";

/**
 * The Kubernetes policies of one platform's pack: the same policies in both packs, except that a
 * few take platform facts as defaults (which annotation makes a LoadBalancer internal).
 */
export function kubernetesPoliciesFor(platform: Platform): readonly KslPolicy[] {
    return [
        ...workloadPolicies,
        ...supplyChainPolicies,
        ...dataPolicies,
        ...namespacePolicies,
        ...rbacPolicies,
        ...networkPoliciesFor(platform),
        requireRenderedContent,
    ];
}

/** Each registered platform's own policies (the registry's policy half; the rest is catalog/platforms.ts). */
export const PLATFORM_POLICIES: Readonly<Record<Platform, readonly KslPolicy[]>> = {
    aks: aksPolicies,
    onprem: onpremPolicies,
};

export const PACK_NAMES: Readonly<Record<Platform, string>> = perPlatform((p) => PLATFORM_INFO[p].packName);

/** The policies of one platform's pack, with waiver validation last. */
export function packPolicies(platform: Platform): KslPolicy[] {
    const list = [...kubernetesPoliciesFor(platform), ...PLATFORM_POLICIES[platform]];
    return [...list, waiverValid(list.map((p) => p.name))];
}
