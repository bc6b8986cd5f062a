// The platform registry: every place that needs to know the platforms (packs, build, engine, CLI
// choices, reports, bench, tests) reads it here. A new platform is an entry here, its id in
// types.ts PLATFORMS, its policies in packs.ts, a pack directory, a component, a sample stack and
// tests.
import { DeclaredPlatforms, Platform, PlatformEntry, PLATFORMS } from "./types";

export interface PlatformInfo {
    id: Platform;
    /** How reports and docs name it. */
    label: string;
    /** The published pack's name (PulumiPolicy.yaml, package.json). */
    packName: string;
    /** The pack directory under policypacks/. */
    packDir: string;
    /** Prefix of the cloud resource tag that carries a waiver, where the platform has tags. */
    cloudWaiverPrefix?: string;
    /**
     * Service annotations (name → value) that make the platform's cloud controller give a
     * LoadBalancer a private address. Only the platform's own count: another cloud's annotation
     * does nothing there.
     */
    internalLoadBalancerAnnotations: Readonly<Record<string, string>>;
}

export const PLATFORM_INFO: Readonly<Record<Platform, PlatformInfo>> = {
    aks: {
        id: "aks",
        label: "AKS",
        packName: "k8s-security-aks",
        packDir: "aks",
        cloudWaiverPrefix: "ksl-waiver-",
        internalLoadBalancerAnnotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
    },
    // On-prem, whether a LoadBalancer address is reachable from outside depends on the address pool
    // (MetalLB, kube-vip, Cilium LB-IPAM) the site configures: no annotation is internal by default.
    onprem: { id: "onprem", label: "on-prem", packName: "k8s-security-onprem", packDir: "onprem", internalLoadBalancerAnnotations: {} },
};

export { PLATFORMS };
export type { Platform };

/** A record with one value per registered platform. */
export function perPlatform<T>(f: (p: Platform) => T): Record<Platform, T> {
    return Object.fromEntries(PLATFORMS.map((p) => [p, f(p)])) as Record<Platform, T>;
}

/** Whether a string names a registered platform. */
export function isPlatform(s: string): s is Platform {
    return (PLATFORMS as readonly string[]).includes(s);
}

/** One entry per registered platform: its own where declared, else the Kubernetes-level one. */
export function resolvePlatforms(id: string, declared: DeclaredPlatforms): Record<Platform, PlatformEntry> {
    return perPlatform((p) => {
        const e = declared[p] ?? declared.kubernetes;
        if (!e) throw new Error(`measure ${id}: no entry for platform ${p} and no kubernetes entry`);
        return e;
    });
}
