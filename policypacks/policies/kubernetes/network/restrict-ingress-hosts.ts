import { T, isObject } from "../../../lib/k8s";
import { resourcePolicy } from "../../../lib/policy";
import { plain } from "../../../lib/stack-index";

/** Catch-all Ingress routing takes traffic meant for other tenants' hosts. */
export const restrictIngressHosts = resourcePolicy(
    {
        name: "restrict-ingress-hosts",
        measure: "network.ingress-host-hygiene",
        description:
            "Every Ingress rule must name an explicit host: no empty host (matches every host), no wildcard host, and no spec.defaultBackend. Catch-all routing lets one tenant receive traffic addressed to hosts it does not own and exposes backends to requests for arbitrary host names.",
        severity: "medium",
        remediationSteps:
            "Set spec.rules[].host to the fully qualified name the application serves and remove spec.defaultBackend (the controller's own default backend answers unknown hosts).",
    },
    {
        types: [T.Ingress],
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            const spec = props?.spec;
            if (!isObject(spec)) return;
            if (spec.defaultBackend !== undefined && spec.defaultBackend !== null) {
                report(`spec.defaultBackend is set: requests for any host reach it.`);
            }
            const rules = Array.isArray(spec.rules) ? spec.rules : [];
            rules.forEach((r: unknown, i: number) => {
                if (!isObject(r)) return;
                if (r.host === undefined || r.host === "") report(`spec.rules[${i}].host is empty: the rule matches every host.`);
                else if (typeof r.host === "string" && r.host.includes("*")) report(`spec.rules[${i}].host="${r.host}" is a wildcard host.`);
            });
        },
    },
);
