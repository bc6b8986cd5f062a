import { stackPolicy } from "../../../lib/policy";
import { deferUnknown, T } from "../../../lib/k8s";
import { Item, StackIndex, UNKNOWN, describe, strList } from "../../../lib/stack-index";

const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

/**
 * Backup schedules the stack may declare, by type, and the namespaces each covers: "all", or the
 * namespaces it names. Velero reads includedNamespaces/excludedNamespaces; k8up and Stash back up
 * their own namespace; a Kasten policy and an AKS Backup instance of the cluster cover the cluster.
 */
const SCHEDULES: Record<string, (s: Item, ns: string | undefined) => { all: boolean; include: string[]; exclude: string[] } | "unknown" | undefined> = {
    "kubernetes:velero.io/v1:Schedule": (s) => {
        const spec = s.props?.spec;
        if (spec === UNKNOWN || spec?.schedule === UNKNOWN || spec?.template === UNKNOWN) return "unknown";
        if (typeof spec?.schedule !== "string" || spec.schedule.trim() === "") return undefined;
        const include = strList(spec?.template?.includedNamespaces);
        return { all: include.length === 0 || include.includes("*"), include, exclude: strList(spec?.template?.excludedNamespaces) };
    },
    "kubernetes:k8up.io/v1:Schedule": (_s, ns) => (ns ? { all: false, include: [ns], exclude: [] } : undefined),
    "kubernetes:stash.appscode.com/v1beta1:BackupConfiguration": (_s, ns) => (ns ? { all: false, include: [ns], exclude: [] } : undefined),
    "kubernetes:config.kio.kasten.io/v1alpha1:Policy": () => ({ all: true, include: [], exclude: [] }),
    "azure-native:dataprotection:BackupInstance": (s) => {
        const type = s.props?.properties?.dataSourceInfo?.datasourceType;
        if (type === UNKNOWN) return "unknown";
        return typeof type === "string" && type.toLowerCase() === "microsoft.containerservice/managedclusters" ? { all: true, include: [], exclude: [] } : undefined;
    },
};

/**
 * Data that lives only in the cluster is lost to ransomware, a deleted namespace or a failed
 * cluster unless something backs it up off-cluster on a schedule.
 */
export const requireBackupSchedule = stackPolicy<{ backupsManagedElsewhere: boolean }>(
    {
        name: "require-backup-schedule",
        measure: "data.backups",
        description:
            "A stack with persistent data (PersistentVolumeClaims, StatefulSet volumeClaimTemplates) should declare a backup schedule that covers each of its namespaces: a Velero Schedule (includedNamespaces / excludedNamespaces), a k8up Schedule or Stash BackupConfiguration in the namespace, a Kasten policy, or on AKS a Backup instance of the cluster. Without one, data that stays confidential and intact can still become unusable - encrypted by ransomware, deleted with its namespace, or lost with the cluster. Reported once per stack; set backupsManagedElsewhere when another stack or the platform team owns the schedules.",
        severity: "medium",
        remediationSteps:
            "Declare a Velero Schedule (spec.schedule, spec.template.includedNamespaces, a BackupStorageLocation off the cluster in an immutable bucket) or the AKS Backup extension with a Backup vault (immutability and soft delete on) and a backup instance for the cluster.",
        configSchema: { properties: { backupsManagedElsewhere: { type: "boolean", default: false, description: "Backups of this stack's data are scheduled outside the stack." } } },
    },
    {
        validate: (args, config, report) => {
            if (config.backupsManagedElsewhere) return;
            const idx = StackIndex.of(args.resources);
            const data = [...idx.ofType(PVC), ...idx.ofType(T.StatefulSet).filter((s) => Array.isArray(s.props?.spec?.volumeClaimTemplates) && s.props.spec.volumeClaimTemplates.length > 0)];
            if (data.length === 0) return;
            const covers: Array<{ all: boolean; include: string[]; exclude: string[] }> = [];
            for (const [type, read] of Object.entries(SCHEDULES)) {
                for (const s of args.resources.filter((r) => r.type === type)) {
                    const item = idx.itemOf(s) ?? { r: s, type: s.type, props: s.props };
                    const ns = idx.nsOf(item);
                    const c = read(item, ns.kind === "known" ? ns.name ?? ns.key : undefined);
                    if (c === "unknown") deferUnknown("spec", describe(item));
                    else if (c) covers.push(c);
                }
            }
            const nsName = (i: Item) => {
                const ns = idx.nsOf(i);
                return ns.kind === "known" ? ns.name ?? ns.key : ns.kind === "unset" ? "default" : undefined;
            };
            const uncovered = new Map<string, Item[]>();
            for (const d of data) {
                const ns = nsName(d);
                if (ns === undefined) {
                    deferUnknown("metadata.namespace", describe(d));
                    continue;
                }
                if (covers.some((c) => !c.exclude.includes(ns) && (c.all || c.include.includes(ns)))) continue;
                uncovered.set(ns, [...(uncovered.get(ns) ?? []), d]);
            }
            if (uncovered.size === 0) return;
            const first = [...uncovered.values()][0][0];
            const list = [...uncovered].map(([ns, items]) => `${ns} (${items.slice(0, 3).map((i) => describe(i)).join(", ")}${items.length > 3 ? ` and ${items.length - 3} more` : ""})`).join("; ");
            report(first.r, `The stack keeps persistent data that no backup schedule in the stack covers: ${list}.`);
        },
    },
);
