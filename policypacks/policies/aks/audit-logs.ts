// Control-plane audit logs (kube-audit-admin, guard) go to a workspace.
import { stackPolicy } from "../../lib/policy";
import { asArray, isObject } from "../../lib/k8s";
import { AZ, clusterLabel, ofType, probe, refersTo, safe, str } from "./common";

/** Category groups that include the AKS audit categories. */
const GROUPS: Record<string, string[]> = {
    audit: ["kube-audit", "kube-audit-admin", "guard"],
    alllogs: ["*"],
};

function enabledCategories(ds: any): Set<string> {
    const out = new Set<string>();
    for (const l of safe(() => asArray(ds.props?.logs)) ?? []) {
        if (!isObject(l) || safe(() => l.enabled) !== true) continue;
        const c = safe(() => str(l.category))?.toLowerCase();
        if (c) out.add(c);
        const g = safe(() => str(l.categoryGroup))?.toLowerCase();
        for (const x of (g && GROUPS[g]) || []) out.add(x);
    }
    // kube-audit (every request) is a superset of kube-audit-admin (writes only).
    if (out.has("kube-audit")) out.add("kube-audit-admin");
    return out;
}

function hasDestination(ds: any): boolean {
    return ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"].some((k) => {
        const v = probe(() => ds.props?.[k]);
        // Unknown during preview (an output of a resource being created) counts as set.
        return v.unknown || (typeof v.value === "string" && v.value !== "");
    });
}

export const aksAuditLogs = stackPolicy<{ requiredCategories: string[] }>(
    {
        name: "aks-audit-logs",
        measure: "observability.audit-logging",
        severity: "high",
        description:
            "Every AKS cluster must have a diagnostic setting that sends its control-plane audit logs (kube-audit-admin and guard) to a Log Analytics workspace or another destination. Without them no change to the cluster and no Entra ID authentication can be traced.",
        remediationSteps:
            "Add a monitor.DiagnosticSetting with resourceUri=<cluster id>, workspaceId=<workspace id>, logAnalyticsDestinationType=\"Dedicated\" and logs [{category: \"kube-audit-admin\", enabled: true}, {category: \"guard\", enabled: true}] (HardenedAKSCluster creates it).",
        configSchema: {
            properties: {
                requiredCategories: {
                    type: "array",
                    items: { type: "string" },
                    default: ["kube-audit-admin", "guard"],
                    description: "Log categories that must be enabled for each cluster.",
                },
            },
        },
    },
    {
        validate: (args, config, report) => {
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            const settings = ofType(args.resources, AZ.DiagnosticSetting);
            for (const c of clusters) {
                const mine = settings.filter((d) => refersTo(d, "resourceUri", "id", c, clusters) && hasDestination(d));
                if (mine.length === 0) {
                    report(c, `${clusterLabel(c)} has no monitor DiagnosticSetting (resourceUri = the cluster's id) with a destination: control-plane audit logs are not kept`);
                    continue;
                }
                const enabled = new Set<string>();
                for (const d of mine) for (const x of enabledCategories(d)) enabled.add(x);
                const missing = asArray<string>(config.requiredCategories).filter(
                    (x) => typeof x === "string" && !enabled.has("*") && !enabled.has(x.toLowerCase()),
                );
                if (missing.length > 0) {
                    report(c, `${clusterLabel(c)}'s DiagnosticSetting does not enable log categories ${missing.map((m) => `"${m}"`).join(", ")}`);
                }
            }
        },
    },
);
