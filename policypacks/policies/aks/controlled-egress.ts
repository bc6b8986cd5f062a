// Egress leaves through a controlled path (firewall via UDR, or a NAT gateway).
import { asArray } from "../../lib/k8s";
import { clusterPolicy, show, str } from "./common";

export const aksControlledEgress = clusterPolicy<{ allowedOutboundTypes: string[] }>(
    {
        name: "aks-controlled-egress",
        measure: "network.controlled-egress",
        severity: "medium",
        description:
            "AKS egress should leave through a controlled path: user-defined routing to a firewall, or a NAT gateway with known addresses, not the default load-balancer SNAT. A Basic load balancer must never be used.",
        remediationSteps:
            "Set networkProfile.outboundType to \"userDefinedRouting\" (route 0.0.0.0/0 to Azure Firewall) or \"managedNATGateway\"/\"userAssignedNATGateway\", and networkProfile.loadBalancerSku=\"standard\".",
        configSchema: {
            properties: {
                allowedOutboundTypes: {
                    type: "array",
                    items: { type: "string" },
                    default: ["userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"],
                    description: "Accepted networkProfile.outboundType values.",
                },
            },
        },
    },
    (props, ctx, report) => {
        const np = props?.networkProfile;
        const allowed = asArray<string>(ctx.config.allowedOutboundTypes).map((s) => String(s).toLowerCase());
        const t = str(np?.outboundType);
        if (!t || !allowed.includes(t.toLowerCase())) {
            report(`ManagedCluster sets networkProfile.outboundType=${show(np?.outboundType)}${t ? "" : " (defaults to loadBalancer)"}; allowed: ${ctx.config.allowedOutboundTypes.join(", ")}`);
        }
        if (str(np?.loadBalancerSku)?.toLowerCase() === "basic") report("ManagedCluster sets networkProfile.loadBalancerSku=\"basic\"");
    },
);
