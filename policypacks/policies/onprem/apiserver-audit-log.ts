import { argsOf, onpremPolicy, show } from "./lib/check";

/** CIS 1.2.16–1.2.19 and 3.2.1: an audit policy, an audit log file, and retention for it. */
export const onpremApiserverAuditLog = onpremPolicy<{ minMaxAge: number; minMaxBackup: number; minMaxSize: number }>(
    {
        name: "onprem-apiserver-audit-log",
        measure: "observability.audit-logging",
        description:
            "The API server must write audit events: an audit policy file (CIS 3.2.1), an audit log path (1.2.16) and retention of at least 30 days, 10 backups and 100 MB per file (1.2.17–1.2.19). Without them there is no record of who read Secrets or changed RBAC.",
        severity: "high",
        remediationSteps:
            "Set `audit-policy-file=/etc/kubernetes/audit/policy.yaml`, `audit-log-path=/var/log/kubernetes/audit/audit.log`, `audit-log-maxage=30`, `audit-log-maxbackup=10` and `audit-log-maxsize=100` in `apiServer.extraArgs`, and mount both paths with `extraVolumes`.",
        configSchema: {
            properties: {
                minMaxAge: { type: "integer", minimum: 1, default: 30, description: "Fewest days audit-log-maxage may keep audit files." },
                minMaxBackup: { type: "integer", minimum: 1, default: 10, description: "Fewest rotated audit files audit-log-maxbackup may keep." },
                minMaxSize: { type: "integer", minimum: 1, default: 100, description: "Smallest audit-log-maxsize, in megabytes, before rotation." },
            },
        },
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, config, report) => {
            const args = argsOf(d.doc.apiServer);
            if (!args.get("audit-policy-file")) report(`apiServer.extraArgs has no audit-policy-file: no audit events are recorded (CIS 3.2.1).`);
            const path = args.get("audit-log-path");
            if (!path) {
                report(`apiServer.extraArgs has no audit-log-path (CIS 1.2.16).`);
                return;
            }
            if (path === "-") return; // stdout: retention is the log collector's job
            const checks: Array<[string, number, string]> = [
                ["audit-log-maxage", config.minMaxAge, "1.2.17"],
                ["audit-log-maxbackup", config.minMaxBackup, "1.2.18"],
                ["audit-log-maxsize", config.minMaxSize, "1.2.19"],
            ];
            for (const [flag, min, cis] of checks) {
                const v = args.get(flag);
                const n = v === undefined ? NaN : Number(v);
                if (!(n >= min)) report(`apiServer.extraArgs ${flag}=${show(v)} (CIS ${cis}: at least ${min}).`);
            }
        },
    },
);
