import { T, deferUnknown } from "../../../lib/k8s";
import { resourcePolicy } from "../../../lib/policy";
import { plain } from "../../../lib/stack-index";
import { DEFAULT_INTERNAL_LB_ANNOTATIONS, ExposureConfig, exposure } from "./service-exposure";

/** NodePort and public LoadBalancer Services bypass the ingress layer. */
export const restrictServiceExposure = resourcePolicy<ExposureConfig>(
    {
        name: "restrict-service-exposure",
        measure: "network.service-exposure",
        description:
            "Services must not be of type NodePort, or LoadBalancer without an internal load-balancer annotation, unless the configuration allows it. A NodePort opens the port on every node's address; a public LoadBalancer puts the workload on the internet, bypassing the ingress controller's TLS, authentication and WAF. On AKS a LoadBalancer annotated service.beta.kubernetes.io/azure-load-balancer-internal: \"true\" stays on the virtual network and passes.",
        severity: "high",
        remediationSteps:
            "Use type ClusterIP and publish through an Ingress with TLS, or annotate the LoadBalancer as internal (AKS: service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"). For an intended public endpoint, waive this policy on the Service with a justification.",
        configSchema: {
            properties: {
                allowNodePort: { type: "boolean", default: false, description: "Accept NodePort Services (e.g. behind an external load balancer that is the only way in)." },
                allowLoadBalancer: { type: "boolean", default: false, description: "Allow public LoadBalancer Services." },
                internalLoadBalancerAnnotations: {
                    type: "object",
                    additionalProperties: { type: "string" },
                    default: DEFAULT_INTERNAL_LB_ANNOTATIONS,
                    description: "Annotation → value pairs that mark a LoadBalancer as internal (any one suffices).",
                },
            },
        },
    },
    {
        types: [T.Service],
        validate: (rawProps, ctx, report) => {
            // An unknown spec.type (or a LoadBalancer's unknown annotations) is reported as not checkable.
            const why = exposure(plain(rawProps), ctx.config, (path) => deferUnknown(path));
            if (why) report(`${why}.`);
        },
    },
);
