// The type token a policy reads a resource as. One resource, several spellings: a Kubernetes kind in
// a removed API version (read as its current version), an azure-native type from an API-versioned
// module (`azure-native:containerservice/v20240901:ManagedCluster`, as the v1 and v2 SDKs offer
// them) read as the unversioned one, and a classic-provider AKS cluster, node pool or diagnostic
// setting (`azure:containerservice/kubernetesCluster:KubernetesCluster`) read as azure-native.
// Policies match canonical tokens and read canonical props only.
import { nativePropsOfClassic, nativeTypeOfClassic } from "./azure-classic";
import { canonicalKubernetesProps, currentKubernetesType, FORMER_API_VERSIONS } from "./kube-api";

const AZURE_VERSIONED = /^azure-native:([a-z0-9]+)\/v\d{8}(?:preview)?:([A-Za-z0-9]+)$/;

// Called for every policy on every resource: a stack has few distinct types, so remember them.
const memo = new Map<string, string>();

export function canonicalType(type: string): string {
    let t = memo.get(type);
    if (t === undefined) {
        const az = AZURE_VERSIONED.exec(type);
        t = az ? `azure-native:${az[1]}:${az[2]}` : (nativeTypeOfClassic(type) ?? currentKubernetesType(type));
        if (memo.size < 10_000) memo.set(type, t);
    }
    return t;
}

/** A resource's props in its canonical type's shape (only where the shapes differ). */
export function canonicalProps(type: string, props: any): any {
    return nativeTypeOfClassic(type) ? nativePropsOfClassic(type, props) : canonicalKubernetesProps(type, props);
}

/**
 * Whether `canonical` is the only token read as itself. The SDK's type-skip marker may only be set
 * on such a policy type: azure-native types have versioned spellings, some Kubernetes kinds former
 * API versions.
 */
export function hasOneSpelling(canonical: string): boolean {
    if (canonical.startsWith("azure-native:")) return false;
    for (const v of FORMER_API_VERSIONS.values()) if (v.current === canonical) return false;
    return true;
}
