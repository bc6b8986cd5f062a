// An AKS cluster is backed up by Azure Backup to a vault an attacker cannot empty: a backup
// instance of the cluster, the backup extension that takes it, the vault's trusted access to the
// cluster, and the vault's immutability and soft delete (Azure Policy 0b0434ec, 2514263b, 9798d31d).
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../lib/policy";
import { asArray, deferUnknown } from "../../lib/k8s";
import { AKS_BACKUP, AZ, clusterLabel, isType, ofType, probe, refersToState, safe, show, str } from "./common";

type Match = boolean | "unknown";

/** `r` seen with one nested reference `value` as its top-level `ref`, and only the dependencies of `depType`. */
function viewOf(r: PolicyResource, value: unknown, depsOf: string, depType: string): PolicyResource {
    const deps = asArray(safe(() => r.propertyDependencies?.[depsOf])).filter((d: any) => isType(d?.type, depType));
    return { ...r, props: { ref: value }, propertyDependencies: deps.length > 0 ? { ref: deps } : {}, dependencies: [] } as unknown as PolicyResource;
}

/** Whether a BackupInstance backs up `cluster` (its dataSourceInfo names the cluster). */
function instanceOf(inst: PolicyResource, cluster: PolicyResource, clusters: PolicyResource[]): Match {
    const source = probe(() => inst.props?.properties?.dataSourceInfo);
    if (source.unknown) return "unknown";
    const type = probe(() => str(source.value?.datasourceType));
    if (type.unknown) return "unknown";
    if (type.value?.toLowerCase() !== AKS_BACKUP.datasourceType) return false;
    const id = probe(() => source.value?.resourceID);
    return refersToState(viewOf(inst, id.unknown ? undefined : id.value, "properties", AZ.ManagedCluster), "ref", "id", cluster, clusters);
}

/** The vault a BackupInstance lives in: the stack's BackupVault, "outside" the stack, or "unknown". */
function vaultOf(inst: PolicyResource, vaults: PolicyResource[]): PolicyResource | "outside" | "unknown" {
    const deps = asArray(safe(() => inst.propertyDependencies?.vaultName)).filter((d: any) => isType(d?.type, AZ.BackupVault));
    const byDep = vaults.find((v) => deps.some((d: any) => d?.urn === v.urn));
    if (byDep) return byDep;
    const name = probe(() => str(inst.props?.vaultName));
    if (name.unknown) return "unknown";
    const want = name.value?.toLowerCase();
    const byName = vaults.find((v) => (safe(() => str(v.props?.vaultName)) ?? v.name).toLowerCase() === want);
    if (byName) return byName;
    return vaults.some((v) => probe(() => v.props?.vaultName).unknown) ? "unknown" : "outside";
}

/** What a vault lacks to survive an attacker: immutability and soft delete. */
function vaultGaps(vault: PolicyResource, requireLocked: boolean): string[] {
    const label = `BackupVault "${vault.name}"`;
    const gaps: string[] = [];
    const immutability = probe(() => str(vault.props?.properties?.securitySettings?.immutabilitySettings?.state));
    const wantImmutability = requireLocked ? ["locked"] : ["locked", "unlocked"];
    if (immutability.unknown) deferUnknown("properties.securitySettings.immutabilitySettings.state", label);
    else if (!wantImmutability.includes(immutability.value?.toLowerCase() ?? "")) {
        gaps.push(`immutability is ${show(immutability.value ?? "Disabled")} (set properties.securitySettings.immutabilitySettings.state to ${requireLocked ? '"Locked"' : '"Unlocked", or "Locked" to make it irreversible'})`);
    }
    const softDelete = probe(() => str(vault.props?.properties?.securitySettings?.softDeleteSettings?.state));
    if (softDelete.unknown) deferUnknown("properties.securitySettings.softDeleteSettings.state", label);
    // Soft delete is on by default for new vaults; only "Off" turns it off.
    else if (softDelete.value?.toLowerCase() === "off") gaps.push('soft delete is "Off" (set properties.securitySettings.softDeleteSettings.state to "On" or "AlwaysOn")');
    return gaps;
}

export const aksClusterBackup = stackPolicy<{ backupsManagedElsewhere: boolean; requireLockedImmutability: boolean }>(
    {
        name: "aks-cluster-backup",
        measure: "data.backups",
        severity: "medium",
        description:
            "Each AKS cluster should be backed up by Azure Backup: a dataprotection BackupInstance of the cluster, the backup extension (microsoft.dataprotection.kubernetes) installed in it, a TrustedAccessRoleBinding giving the vault the backup-operator role, and a Backup vault with immutability and soft delete on, so that an attacker with control of the cluster - or ransomware - cannot delete its backups. Without a backup, a deleted namespace or a lost cluster takes its workloads' state and volumes with it.",
        remediationSteps:
            "Use HardenedAKSCluster (it provisions the vault, policy, extension, trusted access and backup instance), or declare dataprotection.BackupVault (securitySettings.immutabilitySettings.state Unlocked or Locked, softDeleteSettings.state On), a BackupPolicy and a BackupInstance for the cluster, a kubernetesconfiguration.Extension of type microsoft.dataprotection.kubernetes, and a containerservice.TrustedAccessRoleBinding with role Microsoft.DataProtection/backupVaults/backup-operator. Set backupsManagedElsewhere when another stack owns the cluster's backup.",
        configSchema: {
            properties: {
                backupsManagedElsewhere: { type: "boolean", default: false, description: "The clusters' backups are configured outside this stack (another stack or the platform team)." },
                requireLockedImmutability: {
                    type: "boolean",
                    default: false,
                    description: "Require vault immutability Locked (irreversible) rather than Unlocked, which a vault contributor can turn off.",
                },
            },
        },
    },
    {
        validate: (args, config, report) => {
            if (config.backupsManagedElsewhere) return;
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            if (clusters.length === 0) return;
            const instances = ofType(args.resources, AZ.BackupInstance);
            const vaults = ofType(args.resources, AZ.BackupVault);
            const extensions = ofType(args.resources, AZ.Extension);
            const bindings = ofType(args.resources, AZ.TrustedAccessRoleBinding);
            const reportedVaults = new Set<string>();
            for (const cluster of clusters) {
                const label = clusterLabel(cluster);
                const mine = instances.map((i) => ({ i, m: instanceOf(i, cluster, clusters) }));
                const inst = mine.find((x) => x.m === true)?.i;
                const missing: string[] = [];
                let vault: PolicyResource | "outside" | "unknown" | undefined;
                if (!inst) {
                    const unknown = mine.find((x) => x.m === "unknown");
                    if (unknown) deferUnknown("properties.dataSourceInfo", `BackupInstance "${unknown.i.name}"`);
                    else missing.push("no dataprotection BackupInstance backs it up");
                } else {
                    vault = vaultOf(inst, vaults);
                    if (vault === "unknown") deferUnknown("vaultName", `BackupInstance "${inst.name}"`);
                    else if (vault === "outside") {
                        missing.push(`its BackupInstance "${inst.name}" is in vault ${show(safe(() => inst.props?.vaultName))}, which is not in this stack, so the vault's immutability and soft delete cannot be checked here (declare the vault in this stack, or set backupsManagedElsewhere when its settings are governed elsewhere)`);
                    } else if (!reportedVaults.has(vault.urn)) {
                        reportedVaults.add(vault.urn);
                        const gaps = vaultGaps(vault, config.requireLockedImmutability);
                        if (gaps.length > 0) report(vault, `BackupVault "${vault.name}" holds the backups of ${label} but ${gaps.join("; ")}: an attacker who reaches the vault can delete the backups before they are needed`);
                    }
                }
                const extension = extensions.map((x) => {
                    const type = probe(() => str(x.props?.extensionType));
                    if (type.unknown) return "unknown" as const;
                    return type.value?.toLowerCase() === AKS_BACKUP.extensionType ? refersToState(x, "clusterName", "name", cluster, clusters) : false;
                });
                if (!extension.includes(true)) {
                    if (extension.includes("unknown")) deferUnknown("extensionType / clusterName", `Extension of ${label}`);
                    else missing.push(`the backup extension is not installed (kubernetesconfiguration Extension of type "microsoft.dataprotection.kubernetes")`);
                }
                const trusted = bindings.map((b) => {
                    const roles = probe(() => asArray(b.props?.roles).map((r) => String(r).toLowerCase()));
                    if (roles.unknown) return "unknown" as const;
                    if (!roles.value!.includes(AKS_BACKUP.trustedAccessRole)) return false;
                    const toCluster = refersToState(b, "resourceName", "name", cluster, clusters);
                    if (toCluster !== true || typeof vault !== "object") return toCluster;
                    return refersToVault(b, vault);
                });
                if (!trusted.includes(true)) {
                    if (trusted.includes("unknown")) deferUnknown("roles / resourceName / sourceResourceId", `TrustedAccessRoleBinding of ${label}`);
                    else missing.push(`no TrustedAccessRoleBinding gives ${typeof vault === "object" ? `BackupVault "${vault.name}"` : "the backup vault"} the role "Microsoft.DataProtection/backupVaults/backup-operator" on it`);
                }
                if (missing.length > 0) report(cluster, `${label} is not backed up: ${missing.join("; ")}`);
            }
        },
    },
);

/** Whether a trusted-access binding's sourceResourceId is `vault`. */
function refersToVault(b: PolicyResource, vault: PolicyResource): Match {
    const deps = asArray(safe(() => b.propertyDependencies?.sourceResourceId));
    if (deps.length > 0) return deps.some((d: any) => d?.urn === vault.urn);
    const id = probe(() => str(b.props?.sourceResourceId));
    if (id.unknown) return "unknown";
    const name = probe(() => str(vault.props?.vaultName));
    if (name.unknown) return "unknown";
    return !!id.value && id.value.toLowerCase().endsWith(`/backupvaults/${(name.value ?? vault.name).toLowerCase()}`);
}
