import { argsOf, csv, onpremPolicy } from "./lib/check";

/** CIS 1.2.3, 1.2.9–1.2.14: the admission plugins the benchmark requires, and none it forbids. */
export const onpremApiserverAdmissionPlugins = onpremPolicy<{ requiredPlugins: string[] }>(
    {
        name: "onprem-apiserver-admission-plugins",
        measure: "cluster.admission-plugins",
        description:
            "The API server must enable NodeRestriction (CIS 1.2.14), EventRateLimit with its configuration file (1.2.9), AlwaysPullImages (1.2.11) and DenyServiceExternalIPs (1.2.3), must not enable AlwaysAdmit (1.2.10) and must not disable ServiceAccount, NamespaceLifecycle, NodeRestriction or PodSecurity (1.2.12, 1.2.13).",
        severity: "high",
        remediationSteps:
            "Set `enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs` and `admission-control-config-file` (an AdmissionConfiguration with the EventRateLimit configuration) in `apiServer.extraArgs`, mount the file with `extraVolumes`, and remove protective plugins from `disable-admission-plugins`.",
        configSchema: {
            properties: {
                requiredPlugins: { type: "array", items: { type: "string" }, default: ["NodeRestriction", "EventRateLimit", "AlwaysPullImages", "DenyServiceExternalIPs"], description: "Admission plugins enable-admission-plugins must list." },
            },
        },
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, config, report) => {
            const args = argsOf(d.doc.apiServer);
            // kubeadm enables NodeRestriction when the flag is unset; a set flag replaces that.
            const enabled = args.has("enable-admission-plugins") ? csv(args.get("enable-admission-plugins")) : ["NodeRestriction"];
            const missing = config.requiredPlugins.filter((p) => !enabled.includes(p));
            if (missing.length > 0) report(`apiServer.extraArgs enable-admission-plugins lacks ${missing.join(", ")} (CIS 1.2.3/1.2.9/1.2.11/1.2.14).`);
            if (enabled.includes("AlwaysAdmit")) report(`apiServer.extraArgs enable-admission-plugins includes AlwaysAdmit (CIS 1.2.10).`);
            const disabled = csv(args.get("disable-admission-plugins"));
            const bad = disabled.filter((p) => ["ServiceAccount", "NamespaceLifecycle", "NodeRestriction", "PodSecurity"].includes(p));
            if (bad.length > 0) report(`apiServer.extraArgs disable-admission-plugins disables ${bad.join(", ")} (CIS 1.2.12/1.2.13).`);
            if (enabled.includes("EventRateLimit") && !args.get("admission-control-config-file")) {
                report(`EventRateLimit is enabled without admission-control-config-file: the API server will not start (CIS 1.2.9).`);
            }
        },
    },
);
