// Mocks for the AKS component and sample: outputs as Azure would return them (ARM ids, names,
// versioned key URIs, identity principals), the user-credentials invoke answered with a kubeconfig,
// and any other invoke failing the test.
import * as pulumi from "@pulumi/pulumi";
import type { StackResourceInput } from "../helpers/policy-harness";
import { drain as drainRecords } from "../helpers/mocks";

export interface AzRecorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
    state: Record<string, any>;
}
export const azRecorded: AzRecorded[] = [];
export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

const PROVIDERS: Record<string, string> = {
    "containerservice:ManagedCluster": "Microsoft.ContainerService/managedClusters",
    "operationalinsights:Workspace": "Microsoft.OperationalInsights/workspaces",
    "keyvault:Vault": "Microsoft.KeyVault/vaults",
    "managedidentity:UserAssignedIdentity": "Microsoft.ManagedIdentity/userAssignedIdentities",
    "compute:DiskEncryptionSet": "Microsoft.Compute/diskEncryptionSets",
    "dataprotection:BackupVault": "Microsoft.DataProtection/backupVaults",
};

export const SAMPLE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: aks
  cluster:
    server: https://aks-1a2b3c4d.privatelink.westeurope.azmk8s.io:443
    certificate-authority-data: LS0tLS1CRUdJTi0tLS0t
contexts:
- name: aks
  context: { cluster: aks, user: clusterUser_rg_aks }
current-context: aks
users:
- name: clusterUser_rg_aks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, 72f988bf-86f1-41af-91ab-2d7cd011db47, --login, devicecode]
`;

export function installAzureMocks(stack = "test", config: Record<string, string> = {}): void {
    azRecorded.length = 0;
    for (const [k, v] of Object.entries(config)) pulumi.runtime.setConfig(k, v);
    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const state: Record<string, any> = { ...args.inputs };
                const short = args.type.replace(/^azure-native:/, "");
                if (args.type.startsWith("azure-native:")) {
                    const armName = args.inputs.resourceName ?? args.inputs.vaultName ?? args.inputs.workspaceName ?? args.inputs.keyName ?? args.name;
                    const rg = typeof args.inputs.resourceGroupName === "string" ? args.inputs.resourceGroupName : "rg";
                    state.name = args.type === "azure-native:resources:ResourceGroup" ? args.inputs.resourceGroupName ?? args.name : armName;
                    state.id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/${PROVIDERS[short] ?? short}/${armName}`;
                }
                if (args.type === "azure-native:keyvault:Key") state.keyUriWithVersion = `https://${args.inputs.vaultName}.vault.azure.net/keys/${args.name}/0123456789abcdef0123456789abcdef`;
                if (args.type === "azure-native:managedidentity:UserAssignedIdentity") state.principalId = "11111111-2222-3333-4444-555555555555";
                if (args.type === "azure-native:compute:DiskEncryptionSet") state.identity = { type: "SystemAssigned", principalId: "66666666-7777-8888-9999-000000000000" };
                if (args.type === "azure-native:dataprotection:BackupVault") state.identity = { type: "SystemAssigned", principalId: "77777777-8888-9999-0000-111111111111" };
                if (args.type === "azure-native:kubernetesconfiguration:Extension") state.aksAssignedIdentity = { type: "SystemAssigned", principalId: "88888888-9999-0000-1111-222222222222" };
                if (args.type === "azure-native:containerservice:ManagedCluster") state.oidcIssuerProfile = { enabled: true, issuerURL: "https://westeurope.oic.prod-aks.azure.com/tenant/guid/" };
                azRecorded.push({ type: args.type, name: args.name, inputs: args.inputs, state });
                return { id: state.id ?? `${args.name}-id`, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                if (args.token === "azure-native:containerservice:listManagedClusterUserCredentials") {
                    return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(SAMPLE_KUBECONFIG).toString("base64") }] };
                }
                if (args.token === "azure-native:authorization:getClientConfig") {
                    return { clientId: "client", objectId: "object", subscriptionId: SUBSCRIPTION, tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" };
                }
                throw new Error(`Mock not implemented for invoke ${args.token}`);
            },
        },
        "k8s-security-examples",
        stack,
        true,
    );
}

/** Waits until registrations stop producing more registrations. */
export const drain = (): Promise<void> => drainRecords(azRecorded);

export function azureStack(rs: AzRecorded[] = azRecorded): StackResourceInput[] {
    return rs.filter((r) => r.type.startsWith("azure-native:")).map((r) => ({ type: r.type, name: r.name, props: r.state }));
}

export const byType = (t: string) => azRecorded.filter((r) => r.type === t);
export const byName = (n: string) => azRecorded.find((r) => r.name === n);
