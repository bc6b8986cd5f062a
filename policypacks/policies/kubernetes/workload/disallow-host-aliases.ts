import { resourcePolicy } from "../../../lib/policy";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";

export const disallowHostAliases = resourcePolicy(
    {
        name: "disallow-host-aliases",
        measure: "workload.host-aliases",
        description:
            "Pods must not set spec.hostAliases. Entries in the pod's /etc/hosts override DNS, so they can redirect a workload's traffic (including to the API server or an identity endpoint) without anything visible in cluster DNS or NetworkPolicy.",
        severity: "medium",
        remediationSteps:
            "Remove spec.hostAliases and publish the name in DNS instead (a Service, an ExternalName Service or a CoreDNS/Azure Private DNS record).",
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const aliases = pod.spec.hostAliases;
                if (Array.isArray(aliases) && aliases.length > 0) {
                    const names = aliases.flatMap((a: any) => (Array.isArray(a?.hostnames) ? a.hostnames.filter((h: unknown) => typeof h === "string") : []));
                    report(`${pod.specPath}.hostAliases overrides /etc/hosts for ${names.length ? names.slice(0, 5).map((n: string) => `"${n}"`).join(", ") : `${aliases.length} entr${aliases.length === 1 ? "y" : "ies"}`}.`);
                }
            }
        },
    },
);
