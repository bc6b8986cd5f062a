// Azure Backup for a HardenedAKSCluster (measure data.backups, policy aks-cluster-backup): the
// vault, its policy, the extension in the cluster, the vault's trusted access, the role
// assignments Azure Backup for AKS documents, and the backup instance.
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as dataprotection from "@pulumi/azure-native/dataprotection";
import * as kubernetesconfiguration from "@pulumi/azure-native/kubernetesconfiguration";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import type { AksSpec, HardenedAKSClusterArgs } from "./spec";

const AKS_DATASOURCE = "Microsoft.ContainerService/managedClusters";
export const BACKUP_ROLE = {
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
};

export interface BackupRefs {
    cluster: containerservice.ManagedCluster;
    /** Principal id of the cluster's control-plane identity. */
    identityPrincipal: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    grant: (role: string, guid: string, principal: pulumi.Input<string>, scope: pulumi.Input<string>, deps?: pulumi.Input<pulumi.Resource>[]) => authorization.RoleAssignment;
    tags: Record<string, pulumi.Input<string>>;
}

/** Creates the backup of the cluster; returns the backup instance. */
export function provisionBackup(parent: pulumi.ComponentResource, name: string, args: HardenedAKSClusterArgs, backup: NonNullable<AksSpec["backup"]>, refs: BackupRefs) {
    const opts = { parent };
    const { cluster, grant, tags } = refs;
    const location = args.location;

    // Snapshots go to a group of their own: the cluster identity needs Contributor there.
    const snapshotGroupId = backup.snapshotResourceGroupId ?? new resources.ResourceGroup(`${name}-backup-snapshots`, { location, tags }, opts).id;

    // The extension keeps the backed-up manifests in a blob container.
    let account: { name: pulumi.Input<string>; resourceGroup: pulumi.Input<string>; id: pulumi.Input<string> };
    if (backup.storageAccountId) {
        const parts = pulumi.output(backup.storageAccountId).apply((id) => /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)/i.exec(id ?? "") ?? []);
        account = { id: backup.storageAccountId, resourceGroup: parts.apply((m) => m[1] ?? ""), name: parts.apply((m) => m[2] ?? "") };
    } else {
        // Auto-naming appends 8 characters: 10 + "backup" + 8 stays within the 24 Azure allows.
        const sa = new storage.StorageAccount(
            `${name.replace(/[^a-z0-9]/gi, "").toLowerCase().slice(0, 10) || "aks"}backup`,
            {
                resourceGroupName: args.resourceGroupName,
                location,
                kind: "StorageV2",
                sku: { name: backup.redundancy === "LocallyRedundant" ? "Standard_LRS" : backup.redundancy === "GeoRedundant" ? "Standard_GRS" : "Standard_ZRS" },
                minimumTlsVersion: "TLS1_2",
                enableHttpsTrafficOnly: true,
                allowBlobPublicAccess: false,
                allowSharedKeyAccess: false,
                allowCrossTenantReplication: false,
                defaultToOAuthAuthentication: true,
                tags,
            },
            opts,
        );
        account = { id: sa.id, resourceGroup: args.resourceGroupName, name: sa.name };
    }
    new storage.BlobContainer(
        `${name}-backup-container`,
        { accountName: account.name, resourceGroupName: account.resourceGroup, containerName: backup.blobContainerName, publicAccess: "None" },
        opts,
    );

    const vault = new dataprotection.BackupVault(
        `${name}-backup-vault`,
        {
            resourceGroupName: args.resourceGroupName,
            location,
            identity: { type: "SystemAssigned" },
            properties: {
                storageSettings: [{ datastoreType: "VaultStore", type: backup.redundancy }],
                securitySettings: {
                    immutabilitySettings: { state: backup.immutability },
                    softDeleteSettings: { state: "On", retentionDurationInDays: backup.softDeleteRetentionDays },
                },
            },
            tags,
        },
        opts,
    );
    const interval = backup.intervalHours === 24 ? "P1D" : `PT${backup.intervalHours}H`;
    const operational = { dataStoreType: "OperationalStore", objectType: "DataStoreInfoBase" };
    const policy = new dataprotection.BackupPolicy(
        `${name}-backup-policy`,
        {
            resourceGroupName: args.resourceGroupName,
            vaultName: vault.name,
            properties: {
                objectType: "BackupPolicy",
                datasourceTypes: [AKS_DATASOURCE],
                policyRules: [
                    {
                        objectType: "AzureBackupRule",
                        name: "BackupHourly",
                        backupParameters: { objectType: "AzureBackupParams", backupType: "Incremental" },
                        dataStore: operational,
                        trigger: {
                            objectType: "ScheduleBasedTriggerContext",
                            schedule: { repeatingTimeIntervals: [`R/2024-01-01T02:00:00+00:00/${interval}`], timeZone: "UTC" },
                            taggingCriteria: [{ isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } }],
                        },
                    },
                    {
                        objectType: "AzureRetentionRule",
                        name: "Default",
                        isDefault: true,
                        lifecycles: [{ deleteAfter: { objectType: "AbsoluteDeleteOption", duration: `P${backup.retentionDays}D` }, sourceDataStore: operational }],
                    },
                ],
            },
        },
        opts,
    );

    const extension = new kubernetesconfiguration.Extension(
        `${name}-backup-extension`,
        {
            resourceGroupName: args.resourceGroupName,
            clusterRp: "Microsoft.ContainerService",
            clusterResourceName: "managedClusters",
            clusterName: cluster.name,
            extensionName: "azure-aks-backup",
            extensionType: "microsoft.dataprotection.kubernetes",
            releaseTrain: "stable",
            autoUpgradeMinorVersion: true,
            configurationSettings: {
                "configuration.backupStorageLocation.bucket": backup.blobContainerName,
                "configuration.backupStorageLocation.config.storageAccount": account.name,
                "configuration.backupStorageLocation.config.resourceGroup": account.resourceGroup,
                "configuration.backupStorageLocation.config.subscriptionId": refs.subscriptionId,
                "credentials.tenantId": args.tenantId ?? authorization.getClientConfigOutput({ parent }).tenantId,
            },
        },
        opts,
    );
    const extensionPrincipal = extension.aksAssignedIdentity.apply((i) => i?.principalId ?? "");
    const vaultPrincipal = vault.identity.apply((i) => i?.principalId ?? "");
    const ready = [
        grant("backup-extension-storage", BACKUP_ROLE.storageBlobDataContributor, extensionPrincipal, account.id),
        grant("backup-vault-reader-cluster", BACKUP_ROLE.reader, vaultPrincipal, cluster.id),
        grant("backup-vault-reader-snapshots", BACKUP_ROLE.reader, vaultPrincipal, snapshotGroupId),
        // Azure Backup writes the disk snapshots as the cluster: Contributor on the snapshot group only.
        grant("backup-cluster-snapshots", BACKUP_ROLE.contributor, refs.identityPrincipal, snapshotGroupId),
        new containerservice.TrustedAccessRoleBinding(
            `${name}-backup-access`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: cluster.name,
                trustedAccessRoleBindingName: "aks-backup",
                sourceResourceId: vault.id,
                roles: ["Microsoft.DataProtection/backupVaults/backup-operator"],
            },
            opts,
        ),
    ];

    const source = { datasourceType: AKS_DATASOURCE, objectType: "Datasource", resourceID: cluster.id, resourceName: cluster.name, resourceType: AKS_DATASOURCE, resourceUri: cluster.id, resourceLocation: cluster.location };
    return new dataprotection.BackupInstance(
        `${name}-backup`,
        {
            resourceGroupName: args.resourceGroupName,
            vaultName: vault.name,
            properties: {
                objectType: "BackupInstance",
                friendlyName: cluster.name,
                dataSourceInfo: source,
                dataSourceSetInfo: { ...source, objectType: "DatasourceSet" },
                policyInfo: {
                    policyId: policy.id,
                    policyParameters: {
                        backupDatasourceParametersList: [{ objectType: "KubernetesClusterBackupDatasourceParameters", includeClusterScopeResources: true, snapshotVolumes: true }],
                        dataStoreParametersList: [{ objectType: "AzureOperationalStoreParameters", dataStoreType: "OperationalStore", resourceGroupId: snapshotGroupId }],
                    },
                },
            },
        },
        { parent, dependsOn: [extension, ...ready] },
    );
}
