import { T, deferUnknown } from "../../../lib/k8s";
import { perPlatformPolicy, resourcePolicy } from "../../../lib/policy";
import { plain } from "../../../lib/stack-index";
import { ExposureConfig, exposure, internalLoadBalancerAnnotations } from "./service-exposure";

/**
 * NodePort and public LoadBalancer Services bypass the ingress layer. Per pack: which annotation
 * makes a LoadBalancer internal is the platform's own (AKS's means nothing on-prem).
 */
export const restrictServiceExposureFor = perPlatformPolicy((platform) => resourcePolicy<ExposureConfig>(
    {
        name: "restrict-service-exposure",
        measure: "network.service-exposure",
        description:
            "Services must not be of type NodePort, or LoadBalancer without an internal load-balancer annotation, unless the configuration allows it. A NodePort opens the port on every node's address; a public LoadBalancer puts the workload on the internet, bypassing the ingress controller's TLS, authentication and WAF. A LoadBalancer passes when it carries one of internalLoadBalancerAnnotations, which default to the platform's own: on AKS service.beta.kubernetes.io/azure-load-balancer-internal: \"true\" (it stays on the virtual network); on-prem none, because an address pool decides (configure your MetalLB or kube-vip private-pool annotation). Another cloud's annotation does nothing on this platform and does not pass.",
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
                    default: internalLoadBalancerAnnotations(platform),
                    description: "Annotation → value pairs that mark a LoadBalancer as internal (any one suffices); defaults to the platform's own.",
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
));
