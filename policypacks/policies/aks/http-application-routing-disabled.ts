// The retired HTTP application routing add-on is off.
import { deferUnknown } from "../../lib/k8s";
import { addonOn, clusterPolicy } from "./common";

export const aksHttpApplicationRoutingDisabled = clusterPolicy(
    {
        name: "aks-http-application-routing-disabled",
        measure: "network.service-exposure",
        severity: "high",
        description:
            "The HTTP application routing add-on must be off. It publishes services through a public DNS zone and an ingress controller without TLS, is not meant for production and is retired.",
        remediationSteps: "Remove addonProfiles.httpApplicationRouting (or set enabled=false) and use the application routing add-on (ingressProfile.webAppRouting) with TLS.",
    },
    (props, _ctx, report) => {
        const a = addonOn(props, "httpApplicationRouting");
        if (a.enabled) report(`ManagedCluster sets addonProfiles.${a.enabled}.enabled=true`);
        // Not checkable during preview unless a known casing already decides.
        else if (a.unknown) deferUnknown(a.unknown);
    },
);
