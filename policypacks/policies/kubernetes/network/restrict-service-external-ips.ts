import { T, deferUnknown, isObject } from "../../../lib/k8s";
import { resourcePolicy } from "../../../lib/policy";
import { UNKNOWN, plain, strList } from "../../../lib/stack-index";
import { showValue } from "../../../lib/format";

export const LOCAL_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)\.?$/i;

function isLocalTarget(name: string): boolean {
    const n = name.trim().toLowerCase();
    return LOCAL_NAMES.test(n) || /^127\./.test(n) || n === "::1" || n === "0.0.0.0" || n === "::" || /^\[?::1\]?$/.test(n) || n.endsWith(".localhost");
}

/** externalIPs let any Service owner hijack traffic to an address (CVE-2020-8554); rows 78-79. */
export const restrictServiceExternalIps = resourcePolicy<{ allowedExternalIPs: string[] }>(
    {
        name: "restrict-service-external-ips",
        measure: "network.service-external-ips",
        description:
            "Services must not set spec.externalIPs (unless each address is in the allowed list), and an ExternalName Service must not point to localhost, 127.0.0.0/8, ::1 or 0.0.0.0. With externalIPs a user who can create Services intercepts cluster traffic to any address (CVE-2020-8554); an ExternalName to a loopback name makes proxies and ingress controllers reach services on the node itself.",
        severity: "high",
        remediationSteps:
            "Remove spec.externalIPs and use a LoadBalancer or Ingress; block the field cluster-wide with the DenyServiceExternalIPs admission plugin. Point ExternalName at a real DNS name.",
        configSchema: {
            properties: {
                allowedExternalIPs: { type: "array", items: { type: "string" }, default: [], description: "Addresses that may appear in spec.externalIPs." },
            },
        },
    },
    {
        types: [T.Service],
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            const spec = props?.spec;
            if (spec === UNKNOWN) return deferUnknown("spec");
            if (!isObject(spec)) return;
            const allowed = new Set(Array.isArray(ctx.config.allowedExternalIPs) ? ctx.config.allowedExternalIPs : []);
            // Unknown addresses may be any address: not checkable, while the known ones are still judged.
            if (spec.externalIPs === UNKNOWN) deferUnknown("spec.externalIPs");
            else if (Array.isArray(spec.externalIPs)) {
                const i = spec.externalIPs.indexOf(UNKNOWN);
                if (i >= 0) deferUnknown(`spec.externalIPs[${i}]`);
            }
            const ips = strList(spec.externalIPs).filter((ip) => !allowed.has(ip));
            if (ips.length) report(`spec.externalIPs=${showValue(ips)}: traffic to these addresses is captured by this Service (CVE-2020-8554).`);
            const type = spec.type;
            const ext = spec.externalName;
            // externalName only matters on an ExternalName Service; each of the two may be unknown.
            if (type === "ExternalName" || type === UNKNOWN) {
                if (ext === UNKNOWN) deferUnknown("spec.externalName");
                else if (typeof ext === "string" && isLocalTarget(ext)) {
                    if (type === UNKNOWN) deferUnknown("spec.type");
                    else report(`spec.externalName="${ext}" points to the node itself.`);
                }
            }
        },
    },
);
