// Whether a Service is exposed outside the cluster network; shared by service-exposure and dashboards.
import { isObject } from "../../../lib/k8s";
import { UNKNOWN, strMap } from "../../../lib/stack-index";

export const DEFAULT_INTERNAL_LB_ANNOTATIONS: Record<string, string> = {
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
};

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
        return `spec.type="LoadBalancer" without an internal load-balancer annotation (e.g. ${Object.entries(cfg.internalLoadBalancerAnnotations ?? {}).map(([k, v]) => `${k}: "${v}"`).join(", ") || "none configured"}) gets a public address`;
    }
    return undefined;
}
