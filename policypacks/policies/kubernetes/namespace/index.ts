// namespace policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import { requirePodSecurityLabels } from "./require-pod-security-labels";
import { restrictWorkloadNamespaces } from "./restrict-workload-namespaces";
import { requireResourceQuota } from "./require-resource-quota";
import { requireLimitRange } from "./require-limit-range";

export { requirePodSecurityLabels, restrictWorkloadNamespaces, requireResourceQuota, requireLimitRange };

export const namespacePolicies: KslPolicy[] = [requirePodSecurityLabels, restrictWorkloadNamespaces, requireResourceQuota, requireLimitRange];
