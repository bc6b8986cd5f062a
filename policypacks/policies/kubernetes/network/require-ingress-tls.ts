import { T, isObject } from "../../../lib/k8s";
import { resourcePolicy } from "../../../lib/policy";
import { plain, strList } from "../../../lib/stack-index";
import { showValue } from "../../../lib/format";

/** Whether TLS host `pattern` covers `host` (a wildcard covers exactly one left-most label). */
export function hostCovered(host: string, pattern: string): boolean {
    const h = host.toLowerCase();
    const p = pattern.toLowerCase();
    if (h === p) return true;
    if (p.startsWith("*.")) {
        const suffix = p.slice(1);
        return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes(".") && h.length > suffix.length;
    }
    return false;
}

export function ruleHosts(props: any): string[] {
    const rules = props?.spec?.rules;
    if (!Array.isArray(rules)) return [];
    return rules.filter((r: unknown) => isObject(r) && typeof r.host === "string" && r.host !== "").map((r: any) => r.host as string);
}

/** Ingress traffic must be encrypted, for every host it serves. */
export const requireIngressTls = resourcePolicy(
    {
        name: "require-ingress-tls",
        measure: "network.ingress-tls",
        description:
            "Every Ingress must terminate TLS: spec.tls must be present and its hosts must cover every host in spec.rules (a *.example.com entry covers one label). Without TLS, credentials and session tokens cross the network in clear text and can be read or altered.",
        severity: "high",
        remediationSteps:
            "Add spec.tls [{hosts: [<every rule host>], secretName: <certificate secret>}], issuing the certificate with cert-manager or Key Vault, and enable the controller's HTTPS redirect.",
    },
    {
        types: [T.Ingress],
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            const tls = props?.spec?.tls;
            if (!Array.isArray(tls) || tls.length === 0) {
                report(`spec.tls is not set: the Ingress serves plain HTTP.`);
                return;
            }
            const patterns = tls.flatMap((t: any) => (isObject(t) ? strList(t.hosts) : []));
            const uncovered = ruleHosts(props).filter((h) => !patterns.some((p) => hostCovered(h, p)));
            if (uncovered.length) report(`spec.rules hosts ${showValue(uncovered)} are not covered by any spec.tls[].hosts.`);
        },
    },
);
