// The compliance framework Pulumi Cloud shows for a policy: its measure's primary reference, as
// the framework itself names it. AKS policies name CIS AKS first; the others Pod Security Standards,
// then CIS Kubernetes, NSA/CISA and the Microsoft cloud security benchmark.
import type { PolicyComplianceFramework } from "@pulumi/policy";
import type { References } from "../catalog/types";

interface Source {
    key: keyof References;
    name: string;
    version: string;
    specification: string;
}

const PSS: Source = { key: "pss", name: "Kubernetes Pod Security Standards", version: "v1.33", specification: "https://kubernetes.io/docs/concepts/security/pod-security-standards/" };
const CIS_K8S: Source = { key: "cisKubernetes", name: "CIS Kubernetes Benchmark", version: "1.12", specification: "https://www.cisecurity.org/benchmark/kubernetes" };
const CIS_AKS: Source = { key: "cisAks", name: "CIS Azure Kubernetes Service Benchmark", version: "1.8", specification: "https://www.cisecurity.org/benchmark/kubernetes" };
const NSA: Source = { key: "nsaCisa", name: "NSA/CISA Kubernetes Hardening Guide", version: "1.2", specification: "https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF" };
const MCSB: Source = { key: "mcsb", name: "Microsoft cloud security benchmark", version: "1.0", specification: "https://learn.microsoft.com/security/benchmark/azure/" };

/** The framework of a policy, or undefined when its measure cites none of the frameworks above. */
export function frameworkOf(policyName: string, refs: References): PolicyComplianceFramework | undefined {
    const order = policyName.startsWith("aks-") ? [CIS_AKS, CIS_K8S, PSS, MCSB, NSA] : [PSS, CIS_K8S, CIS_AKS, NSA, MCSB];
    for (const s of order) {
        const ids = refs[s.key];
        if (Array.isArray(ids) && ids.length > 0) return { name: s.name, version: s.version, reference: ids.join(", "), specification: s.specification };
    }
    return undefined;
}
