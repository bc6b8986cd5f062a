import { onpremPolicy } from "./lib/check";
import { decodeContent, FoundCloudConfig } from "./lib/documents";

/** Every command and file body of a cloud-config, decoded, one string each. */
function texts(c: FoundCloudConfig): string[] {
    const files = Array.isArray(c.doc.write_files) ? c.doc.write_files : [];
    const cmds = Array.isArray(c.doc.runcmd) ? c.doc.runcmd : [];
    return [
        ...files.map((f: any) => decodeContent(f?.content, f?.encoding) ?? ""),
        ...cmds.map((r: unknown) => (Array.isArray(r) ? r.join(" ") : String(r))),
    ];
}

/** A command that snapshots etcd: etcdctl/etcdutl `snapshot save`, however it is invoked. */
const SNAPSHOT = /\betcd(ctl|utl)\b[^\n]*\bsnapshot\s+save\b/;

/** The cluster's whole state is etcd: a control plane without snapshots loses every object with etcd. */
export const onpremEtcdSnapshots = onpremPolicy(
    {
        name: "onprem-etcd-snapshots",
        measure: "data.backups",
        description:
            "A control-plane node's cloud-init (a ClusterConfiguration with local etcd) should schedule etcd snapshots - a systemd timer or cron entry running `etcdctl snapshot save` - and copy them off the node. etcd holds every object of the cluster: without snapshots, losing the etcd members (or an attacker deleting the data) leaves a cluster that can only be rebuilt from scratch.",
        severity: "medium",
        remediationSteps:
            "Keep OnPremNodePool's etcd-snapshot timer (every six hours, newest 14 kept) and install /usr/local/sbin/etcd-snapshot-upload to copy each snapshot to immutable storage off the node; or write an equivalent timer in the node's cloud-init.",
    },
    {
        kinds: ["ClusterConfiguration"],
        scan: (s, _c, report) => {
            for (const d of s.docs) {
                if (d.kind !== "ClusterConfiguration" || d.origin === "configmap") continue; // a ConfigMap is not a node
                const etcd = d.doc.etcd;
                if (etcd && typeof etcd === "object" && "external" in etcd) continue; // snapshots are the external cluster's
                if (s.cloudConfigs.some((c) => texts(c).some((t) => SNAPSHOT.test(t)))) continue;
                report(`ClusterConfiguration in ${d.where}: the control-plane node schedules no etcd snapshot (no \`etcdctl snapshot save\` in its write_files or runcmd).`);
            }
        },
    },
);
