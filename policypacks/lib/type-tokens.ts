// The type token a policy reads a resource as. One resource, several spellings: a Kubernetes kind in
// a removed API version (read as its current version), an azure-native type from an API-versioned
// module (`azure-native:containerservice/v20240901:ManagedCluster`, as the v1 and v2 SDKs offer
// them) read as the unversioned one, and a classic-provider AKS cluster, node pool or diagnostic
// setting (`azure:containerservice/kubernetesCluster:KubernetesCluster`) read as azure-native, and an
// AKS cluster or node pool declared as a generic ARM resource (`azure-native:resources:Resource`,
// resourceType managedClusters) read as its azure-native type (the type then depends on the props).
// Policies match canonical tokens and read canonical props only.
import { nativePropsOfClassic, nativeTypeOfClassic } from "./azure-classic";
import { canonicalKubernetesProps, currentKubernetesType, FORMER_API_VERSIONS } from "./kube-api";

const AZURE_VERSIONED = /^azure-native:([a-z0-9]+)\/v\d{8}(?:preview)?:([A-Za-z0-9]+)$/;

// Called for every policy on every resource: a stack has few distinct types, so remember them.
const memo = new Map<string, string>();

/** azure-native's generic ARM resource (`resources:Resource`), which can declare any Azure type. */
const GENERIC_ARM = /^azure-native:resources(?:\/v\d{8}(?:preview)?)?:Resource$/;

/** ARM resource types the packs judge, read from a generic resource as their azure-native type. */
const ARM_TYPES: Readonly<Record<string, string>> = {
    "microsoft.containerservice/managedclusters": "azure-native:containerservice:ManagedCluster",
    "microsoft.containerservice/managedclusters/agentpools": "azure-native:containerservice:AgentPool",
};

function str(o: any, k: string): string | undefined {
    try {
        const v = o?.[k];
        return typeof v === "string" ? v : undefined;
    } catch {
        return undefined; // unknown during preview: stays the generic type
    }
}

/** `Microsoft.ContainerService/managedClusters/agentPools` of a generic resource's inputs. */
function armTypeOf(props: any): { type: string; parentNames: string[] } | undefined {
    const ns = str(props, "resourceProviderNamespace");
    const rt = str(props, "resourceType");
    if (!ns || !rt) return undefined;
    const parent = (str(props, "parentResourcePath") ?? "").split("/").filter(Boolean);
    const parentTypes = parent.filter((_, i) => i % 2 === 0);
    const full = [ns, ...parentTypes, ...rt.split("/").filter(Boolean)].join("/").toLowerCase();
    const type = ARM_TYPES[full];
    return type ? { type, parentNames: parent.filter((_, i) => i % 2 === 1) } : undefined;
}

/**
 * A generic resource's inputs in its azure-native type's shape: ARM's `properties` flattened to the
 * top, as the typed SDK declares them, with location, identity, sku and tags beside them.
 */
function armProps(props: any, arm: { type: string; parentNames: string[] }): any {
    const out: Record<string, unknown> = {};
    const define = (k: string, get: () => unknown) => Object.defineProperty(out, k, { enumerable: true, configurable: true, get });
    let properties: Record<string, unknown> = {};
    try {
        const p = props?.properties;
        if (p && typeof p === "object") properties = p;
    } catch {
        // unknown during preview: the flattened fields read as unknown through the original
    }
    for (const k of Object.keys(properties)) define(k, () => properties[k]);
    for (const k of ["location", "identity", "sku", "tags", "resourceGroupName"]) define(k, () => props?.[k]);
    if (arm.type === ARM_TYPES["microsoft.containerservice/managedclusters/agentpools"]) {
        define("agentPoolName", () => props?.resourceName);
        define("resourceName", () => arm.parentNames[0]);
    } else define("resourceName", () => props?.resourceName);
    return out;
}

export function canonicalType(type: string, props?: unknown): string {
    if (props !== undefined && GENERIC_ARM.test(type)) {
        const arm = armTypeOf(props);
        if (arm) return arm.type;
    }
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
    if (GENERIC_ARM.test(type)) {
        const arm = armTypeOf(props);
        return arm ? armProps(props, arm) : props;
    }
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
