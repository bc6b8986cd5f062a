// workload policies on Kubernetes resources. One policy per file; add each here.
import type { KslPolicy } from "../../../lib/policy";
import { beyondPssPolicies } from "./beyond-pss";

export const workloadPolicies: KslPolicy[] = [...beyondPssPolicies];
