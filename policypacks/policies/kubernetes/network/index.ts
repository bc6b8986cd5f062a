// network policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import type { Platform } from "../../../catalog/platforms";
import { requireNamespaceDefaultDeny } from "./require-namespace-default-deny";
import { requireWorkloadNetworkPolicy } from "./require-workload-network-policy";
import { restrictNetworkPolicyRules } from "./restrict-networkpolicy-rules";
import { restrictServiceExposureFor } from "./restrict-service-exposure";
import { restrictServiceExternalIps } from "./restrict-service-external-ips";
import { requireIngressTls } from "./require-ingress-tls";
import { restrictIngressHosts } from "./restrict-ingress-hosts";
import { disallowIngressNginxSnippets } from "./disallow-ingress-nginx-snippets";
import { disallowExposedDashboardsFor } from "./disallow-exposed-dashboards";

export {
    requireNamespaceDefaultDeny,
    requireWorkloadNetworkPolicy,
    restrictNetworkPolicyRules,
    restrictServiceExposureFor,
    restrictServiceExternalIps,
    requireIngressTls,
    restrictIngressHosts,
    disallowIngressNginxSnippets,
    disallowExposedDashboardsFor,
};

/** The network policies of one platform's pack (exposure depends on the platform's load balancer). */
export const networkPoliciesFor = (platform: Platform): KslPolicy[] => [
    disallowExposedDashboardsFor(platform),
    requireNamespaceDefaultDeny,
    restrictServiceExposureFor(platform),
    restrictServiceExternalIps,
    requireIngressTls,
    disallowIngressNginxSnippets,
    requireWorkloadNetworkPolicy,
    restrictIngressHosts,
    restrictNetworkPolicyRules,
];
