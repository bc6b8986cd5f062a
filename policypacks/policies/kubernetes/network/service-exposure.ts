// Whether a Service is exposed outside the cluster network; shared by service-exposure and dashboards.
import { isObject } from "../../../lib/k8s";
import { strMap } from "../namespace/stack";

export const DEFAULT_INTERNAL_LB_ANNOTATIONS: Record<string, string> = {
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
};

export interface ExposureConfig {
    allowNodePort: boolean;
    allowLoadBalancer: boolean;
    internalLoadBalancerAnnotations: Record<string, string>;
}

/** Why a Service is externally reachable, or undefined when it is not. */
export function exposure(props: any, cfg: ExposureConfig): string | undefined {
    const type = props?.spec?.type;
    if (type === "NodePort" && !cfg.allowNodePort) {
        return `spec.type="NodePort" opens the port on every node's address`;
    }
    if (type === "LoadBalancer" && !cfg.allowLoadBalancer) {
        const ann = strMap(props?.metadata?.annotations);
        const internal = Object.entries(isObject(cfg.internalLoadBalancerAnnotations) ? cfg.internalLoadBalancerAnnotations : {}).find(([k, v]) => ann[k] === v);
        if (internal) return undefined;
        return `spec.type="LoadBalancer" without an internal load-balancer annotation (e.g. ${Object.entries(cfg.internalLoadBalancerAnnotations ?? {}).map(([k, v]) => `${k}: "${v}"`).join(", ") || "none configured"}) gets a public address`;
    }
    return undefined;
}
