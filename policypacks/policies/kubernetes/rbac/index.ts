// rbac policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";

export const rbacPolicies: KslPolicy[] = [];
