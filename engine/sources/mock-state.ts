// Believable provider state for a program run under Pulumi's mocks, so that outputs resolve the
// way they would after a deployment: inputs echoed, ids, Kubernetes auto-names and the Azure
// outputs our components read. No value here is a real credential.
import { createHash } from "crypto";
import { UNKNOWN_WIRE_VALUE as UNKNOWN } from "../../policypacks/lib/wire";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const TENANT = "11111111-1111-1111-1111-111111111111";

/** A deterministic, random-looking hex string derived from `seed`. */
export function pseudoRandom(seed: string, length = 8): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

export function pseudoGuid(seed: string): string {
    const h = pseudoRandom(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function isObj(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `azure-native:containerservice:ManagedCluster` → `Microsoft.ContainerService/managedClusters`. */
function armType(token: string): string {
    const [, mod, type] = token.split(":");
    const known: Record<string, string> = {
        containerservice: "Microsoft.ContainerService",
        keyvault: "Microsoft.KeyVault",
        operationalinsights: "Microsoft.OperationalInsights",
        network: "Microsoft.Network",
        managedidentity: "Microsoft.ManagedIdentity",
        authorization: "Microsoft.Authorization",
        insights: "Microsoft.Insights",
        containerregistry: "Microsoft.ContainerRegistry",
        storage: "Microsoft.Storage",
        security: "Microsoft.Security",
        monitor: "Microsoft.Monitor",
        dataprotection: "Microsoft.DataProtection",
        kubernetesconfiguration: "Microsoft.KubernetesConfiguration",
    };
    const ns = known[mod] ?? `Microsoft.${mod.charAt(0).toUpperCase()}${mod.slice(1)}`;
    const t = type ?? "resource";
    return `${ns}/${t.charAt(0).toLowerCase()}${t.slice(1)}s`;
}

function azureName(type: string, name: string, inputs: Record<string, any>): string {
    const short = type.split(":")[2] ?? "";
    const candidates = [
        "resourceName",
        `${short.charAt(0).toLowerCase()}${short.slice(1)}Name`,
        "vaultName",
        "keyName",
        "workspaceName",
        "clusterName",
        "agentPoolName",
        "roleAssignmentName",
        "name",
    ];
    for (const k of candidates) if (typeof inputs[k] === "string" && inputs[k]) return inputs[k];
    return `${name}${pseudoRandom(type + name, 6)}`;
}

export interface MockResult {
    id: string;
    state: Record<string, any>;
}


/**
 * What a preview knows of a resource being created: its inputs, and the names providers compute
 * during preview (Kubernetes metadata.name auto-naming, azure-native auto-names); every other output
 * (ids, FQDNs, principal ids, URIs) is unknown until the update.
 */
function previewState(type: string, inputs: Record<string, any>, state: Record<string, any>): Record<string, any> {
    const knownAtPreview = (p: string[]) =>
        (type.startsWith("kubernetes:") && p.length === 2 && p[0] === "metadata" && (p[1] === "name" || p[1] === "namespace")) ||
        (type.startsWith("azure-native:") && p.length === 1 && p[0] === "name");
    // Only plain objects are walked: a resource (or asset) an input holds is passed on as it is.
    const plainObj = (v: unknown): v is Record<string, any> => isObj(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));
    const walk = (inp: any, st: any, at: string[]): any => {
        if (!plainObj(st)) return st;
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(st)) {
            const p = [...at, k];
            if (isObj(inp) && k in inp) out[k] = plainObj(v) && plainObj(inp[k]) ? walk(inp[k], v, p) : v;
            // A Kubernetes object declared without metadata still gets its auto-name at preview.
            else if (type.startsWith("kubernetes:") && p.length === 1 && k === "metadata" && plainObj(v)) out[k] = walk({}, v, p);
            else out[k] = knownAtPreview(p) ? v : UNKNOWN;
        }
        return out;
    };
    return walk(inputs, state, []);
}

/** The mock provider's answer during a preview: unknown id, outputs unknown where a preview cannot know them. */
export function mockResourceAtPreview(type: string, name: string, inputs: Record<string, any>): MockResult {
    const r = mockResource(type, name, inputs);
    return { id: "", state: previewState(type, inputs, r.state) };
}

export function mockResource(type: string, name: string, inputs: Record<string, any>): MockResult {
    const state: Record<string, any> = { ...inputs };
    const seed = `${type}::${name}`;
    if (type.startsWith("pulumi:providers:")) {
        return { id: pseudoGuid(seed), state };
    }
    if (type.startsWith("kubernetes:")) {
        const meta = isObj(inputs.metadata) ? { ...inputs.metadata } : {};
        // Pulumi auto-names Kubernetes objects: logical name + random suffix.
        if (typeof meta.name !== "string" || !meta.name) meta.name = `${name}-${pseudoRandom(seed)}`;
        meta.uid = pseudoGuid(seed + "uid");
        state.metadata = meta;
        const ns = typeof meta.namespace === "string" ? `${meta.namespace}/` : "";
        return { id: `${ns}${meta.name}`, state };
    }
    if (type.startsWith("azure-native:")) {
        const resName = azureName(type, name, inputs);
        const rg = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : "rg";
        const id =
            type === "azure-native:resources:ResourceGroup"
                ? `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resName}`
                : `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/${armType(type)}/${resName}`;
        state.id = id;
        state.name = resName;
        const location = typeof inputs.location === "string" ? inputs.location : "westeurope";
        if (isObj(inputs.identity)) {
            state.identity = { ...inputs.identity, principalId: pseudoGuid(seed + "principal"), tenantId: TENANT };
        }
        switch (type) {
            case "azure-native:containerservice:ManagedCluster": {
                const prefix = typeof inputs.dnsPrefix === "string" ? inputs.dnsPrefix : resName;
                const suffix = pseudoRandom(seed, 8);
                state.fqdn = `${prefix}-${suffix}.hcp.${location}.azmk8s.io`;
                if (inputs.apiServerAccessProfile?.enablePrivateCluster === true) {
                    state.privateFQDN = `${prefix}-${suffix}.privatelink.${location}.azmk8s.io`;
                }
                state.oidcIssuerProfile = {
                    ...(isObj(inputs.oidcIssuerProfile) ? inputs.oidcIssuerProfile : {}),
                    issuerURL: `https://${location}.oic.prod-aks.azure.com/${TENANT}/${pseudoGuid(seed + "oidc")}/`,
                };
                state.identityProfile = {
                    ...(isObj(inputs.identityProfile) ? inputs.identityProfile : {}),
                    kubeletidentity: {
                        clientId: pseudoGuid(seed + "kubelet-client"),
                        objectId: pseudoGuid(seed + "kubelet-object"),
                        resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/MC_${rg}_${resName}_${location}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${resName}-agentpool`,
                    },
                };
                state.nodeResourceGroup = inputs.nodeResourceGroup ?? `MC_${rg}_${resName}_${location}`;
                state.provisioningState = "Succeeded";
                break;
            }
            case "azure-native:keyvault:Vault": {
                const vaultUri = `https://${resName}.vault.azure.net/`;
                state.vaultUri = vaultUri;
                state.properties = { ...(isObj(inputs.properties) ? inputs.properties : {}), vaultUri };
                break;
            }
            case "azure-native:keyvault:Key": {
                const vault = typeof inputs.vaultName === "string" ? inputs.vaultName : "vault";
                const keyUri = `https://${vault}.vault.azure.net/keys/${resName}`;
                state.keyUri = keyUri;
                state.keyUriWithVersion = `${keyUri}/${pseudoRandom(seed, 32)}`;
                break;
            }
            case "azure-native:operationalinsights:Workspace":
                state.customerId = pseudoGuid(seed + "customer");
                break;
            case "azure-native:kubernetesconfiguration:Extension":
                // The identity AKS assigns the extension (the backup extension's storage access uses it).
                state.aksAssignedIdentity = { principalId: pseudoGuid(seed + "extension-principal"), tenantId: TENANT, type: "SystemAssigned" };
                break;
            case "azure-native:managedidentity:UserAssignedIdentity":
                state.principalId = pseudoGuid(seed + "principal");
                state.clientId = pseudoGuid(seed + "client");
                state.tenantId = TENANT;
                break;
        }
        return { id, state };
    }
    return { id: `${name}-${pseudoRandom(seed)}`, state };
}

function kubeconfig(cluster: string, rg: string): string {
    const server = `https://${cluster}-${pseudoRandom(rg + cluster)}.hcp.westeurope.azmk8s.io:443`;
    // Entra ID (kubelogin) auth: the config holds no credential, as AKS with local accounts disabled.
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${cluster}`,
        "  cluster:",
        `    server: ${server}`,
        `    certificate-authority-data: ${Buffer.from("mock CA certificate").toString("base64")}`,
        "contexts:",
        `- name: ${cluster}`,
        "  context:",
        `    cluster: ${cluster}`,
        `    user: clusterUser_${rg}_${cluster}`,
        `current-context: ${cluster}`,
        "users:",
        `- name: clusterUser_${rg}_${cluster}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        "      args: [get-token, --login, azurecli, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]",
        "",
    ].join("\n");
}

/** Mocked provider functions (invokes). Unknown tokens fail with a message naming the token. */
export function mockCall(token: string, inputs: Record<string, any>): Record<string, any> {
    switch (token) {
        case "azure-native:containerservice:listManagedClusterUserCredentials":
        case "azure-native:containerservice:listManagedClusterAdminCredentials": {
            const cluster = typeof inputs.resourceName === "string" ? inputs.resourceName : "cluster";
            const rg = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : "rg";
            return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig(cluster, rg)).toString("base64") }] };
        }
        case "azure-native:authorization:getClientConfig":
            return { clientId: pseudoGuid("client"), objectId: pseudoGuid("object"), subscriptionId: SUBSCRIPTION, tenantId: TENANT };
        default:
            throw new Error(`ksl has no mock for the provider function '${token}': the offline engine cannot call it`);
    }
}
