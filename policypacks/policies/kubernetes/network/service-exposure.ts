// Whether a Service is exposed outside the cluster network; shared by service-exposure and dashboards.
import { isObject } from "../../../lib/k8s";
import { UNKNOWN, strMap } from "../../../lib/stack-index";
import { PLATFORM_INFO, type Platform } from "../../../catalog/platforms";

/** The annotations that make a LoadBalancer internal on this platform (its cloud controller's own). */
export function internalLoadBalancerAnnotations(platform: Platform): Record<string, string> {
    return { ...PLATFORM_INFO[platform].internalLoadBalancerAnnotations };
}

export interface ExposureConfig {
    allowNodePort: boolean;
    allowLoadBalancer: boolean;
    internalLoadBalancerAnnotations: Record<string, string>;
}

/**
 * Why a Service (a plain() snapshot) is externally reachable, or undefined when it is not.
 * `onUnknown` is told the path of a field that is unknown during preview and would decide the
 * answer (spec.type, or the annotations of a LoadBalancer); the answer is then undefined.
 */
export function exposure(props: any, cfg: ExposureConfig, onUnknown?: (path: string) => void): string | undefined {
    const spec = props?.spec;
    if (spec === UNKNOWN) {
        onUnknown?.("spec");
        return undefined;
    }
    const type = isObject(spec) ? spec.type : undefined;
    if (type === UNKNOWN) {
        onUnknown?.("spec.type");
        return undefined;
    }
    if (type === "NodePort" && !cfg.allowNodePort) {
        return `spec.type="NodePort" opens the port on every node's address`;
    }
    if (type === "LoadBalancer" && !cfg.allowLoadBalancer) {
        const wanted = Object.entries(isObject(cfg.internalLoadBalancerAnnotations) ? cfg.internalLoadBalancerAnnotations : {});
        const meta = props?.metadata;
        const raw = meta === UNKNOWN ? UNKNOWN : isObject(meta) ? meta.annotations : undefined;
        if (raw === UNKNOWN) {
            // Whether it is internal is exactly what the annotations say.
            onUnknown?.("metadata.annotations");
            return undefined;
        }
        const ann = strMap(raw);
        const internal = wanted.find(([k, v]) => ann[k] === v);
        if (internal) return undefined;
        if (isObject(raw) && wanted.some(([k]) => raw[k] === UNKNOWN)) {
            onUnknown?.("metadata.annotations");
            return undefined;
        }
        const known = Object.entries(cfg.internalLoadBalancerAnnotations ?? {}).map(([k, v]) => `${k}: "${v}"`);
        return known.length
            ? `spec.type="LoadBalancer" without an internal load-balancer annotation (${known.join(", ")}) gets a public address`
            : `spec.type="LoadBalancer" may get an address reachable from outside: no annotation is configured as internal on this platform (set internalLoadBalancerAnnotations to your load balancer's private-pool annotation)`;
    }
    return undefined;
}
