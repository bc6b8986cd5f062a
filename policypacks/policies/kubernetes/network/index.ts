// network policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import { requireNamespaceDefaultDeny } from "./require-namespace-default-deny";
import { requireWorkloadNetworkPolicy } from "./require-workload-network-policy";
import { restrictNetworkPolicyRules } from "./restrict-networkpolicy-rules";
import { restrictServiceExposure } from "./restrict-service-exposure";
import { restrictServiceExternalIps } from "./restrict-service-external-ips";
import { requireIngressTls } from "./require-ingress-tls";
import { restrictIngressHosts } from "./restrict-ingress-hosts";
import { disallowIngressNginxSnippets } from "./disallow-ingress-nginx-snippets";
import { disallowExposedDashboards } from "./disallow-exposed-dashboards";

export {
    requireNamespaceDefaultDeny,
    requireWorkloadNetworkPolicy,
    restrictNetworkPolicyRules,
    restrictServiceExposure,
    restrictServiceExternalIps,
    requireIngressTls,
    restrictIngressHosts,
    disallowIngressNginxSnippets,
    disallowExposedDashboards,
};

export const networkPolicies: KslPolicy[] = [
    disallowExposedDashboards,
    requireNamespaceDefaultDeny,
    restrictServiceExposure,
    restrictServiceExternalIps,
    requireIngressTls,
    disallowIngressNginxSnippets,
    requireWorkloadNetworkPolicy,
    restrictIngressHosts,
    restrictNetworkPolicyRules,
];
