// Container Insights with Entra authentication, and managed Prometheus metrics.
import { addonConfig, addonOf, clusterPolicy, isTrueString, show, str } from "./common";

export const aksContainerInsights = clusterPolicy<{ requireMetrics: boolean }>(
    {
        name: "aks-container-insights",
        measure: "observability.monitoring-alerting",
        severity: "medium",
        description:
            "AKS should send container logs and metrics to Azure Monitor (Container Insights, authenticated with Entra ID rather than a workspace key, plus managed Prometheus metrics), so that incidents can be alerted on and investigated.",
        remediationSteps:
            "Set addonProfiles.omsagent={enabled: true, config: {logAnalyticsWorkspaceResourceID: <workspace id>, useAADAuth: \"true\"}} and azureMonitorProfile.metrics.enabled=true.",
        configSchema: {
            properties: { requireMetrics: { type: "boolean", default: true, description: "Also require azureMonitorProfile.metrics.enabled." } },
        },
    },
    (props, ctx, report) => {
        const a = addonOf(props, "omsagent");
        if (!a || a.profile?.enabled !== true) {
            report(a ? `ManagedCluster sets addonProfiles.${a.key}.enabled=${show(a.profile?.enabled)}` : "ManagedCluster has no addonProfiles.omsagent: Container Insights is off");
        } else {
            if (!str(addonConfig(a.profile, "logAnalyticsWorkspaceResourceID"))) report(`ManagedCluster sets no addonProfiles.${a.key}.config.logAnalyticsWorkspaceResourceID`);
            if (!isTrueString(addonConfig(a.profile, "useAADAuth"))) {
                report(`ManagedCluster sets addonProfiles.${a.key}.config.useAADAuth=${show(addonConfig(a.profile, "useAADAuth"))} (the agent would authenticate with a workspace key)`);
            }
        }
        if (ctx.config.requireMetrics && props?.azureMonitorProfile?.metrics?.enabled !== true) {
            report(`ManagedCluster sets azureMonitorProfile.metrics.enabled=${show(props?.azureMonitorProfile?.metrics?.enabled)}`);
        }
    },
);
