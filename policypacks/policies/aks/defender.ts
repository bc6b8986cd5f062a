// The Defender sensor runs and reports to a workspace (the cluster part of Defender for Containers).
import { clusterPolicy, show, str } from "./common";

export const aksDefender = clusterPolicy(
    {
        name: "aks-defender",
        measure: "observability.runtime-threat-detection",
        severity: "high",
        description:
            "AKS must run the Microsoft Defender for Containers sensor, which detects runtime threats (crypto-miners, reverse shells, privilege escalation) on the nodes and reports them to a Log Analytics workspace.",
        remediationSteps:
            "Set securityProfile.defender={securityMonitoring: {enabled: true}, logAnalyticsWorkspaceResourceId: <workspace id>} and enable the Defender for Containers plan (security.Pricing \"Containers\", tier Standard).",
    },
    (props, _ctx, report) => {
        const d = props?.securityProfile?.defender;
        if (d?.securityMonitoring?.enabled !== true) {
            report(`ManagedCluster sets securityProfile.defender.securityMonitoring.enabled=${show(d?.securityMonitoring?.enabled)}`);
        } else if (!str(d?.logAnalyticsWorkspaceResourceId)) {
            report("ManagedCluster enables Defender without securityProfile.defender.logAnalyticsWorkspaceResourceId");
        }
    },
);
