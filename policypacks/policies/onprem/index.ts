// onprem-only policies. One policy per file; add each here.
import type { KslPolicy } from "../../lib/policy";

export const onpremPolicies: KslPolicy[] = [];
