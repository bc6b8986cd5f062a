import { T, deferUnknown, isObject } from "../../../lib/k8s";
import { resourcePolicy } from "../../../lib/policy";
import { UNKNOWN, plain } from "../../../lib/stack-index";

const PREFIX = "nginx.ingress.kubernetes.io/";

/** Snippet annotations inject raw nginx config into the controller (CVE-2021-25742). */
export const disallowIngressNginxSnippets = resourcePolicy(
    {
        name: "disallow-ingress-nginx-snippets",
        measure: "network.ingress-controller-hardening",
        description:
            "Ingresses must not carry ingress-nginx snippet annotations (server-snippet, configuration-snippet, auth-snippet, stream-snippet, modsecurity-snippet or any other *-snippet), and the ingress-nginx controller ConfigMap must not set allow-snippet-annotations to true. Snippets inject raw nginx configuration into the shared controller, which lets any Ingress author read the controller's service-account token and every Secret it can see (CVE-2021-25742) or reroute other tenants' traffic.",
        severity: "high",
        remediationSteps:
            "Remove the snippet annotation and use the dedicated ingress-nginx annotations instead; set allow-snippet-annotations: \"false\" in the controller ConfigMap (the default since controller v1.9).",
    },
    {
        types: [T.Ingress, T.ConfigMap],
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            if (ctx.type === T.ConfigMap) {
                const data = props?.data;
                // The value is a boolean switch of a known key, not a secret; it is still not echoed.
                const allow = isObject(data) ? data["allow-snippet-annotations"] : undefined;
                if (typeof allow === "string" && allow.trim().toLowerCase() === "true") {
                    report(`data["allow-snippet-annotations"] enables ingress-nginx snippet annotations for every Ingress.`);
                } else if (allow === UNKNOWN) {
                    deferUnknown("data.allow-snippet-annotations");
                } else if (data === UNKNOWN && isControllerConfig(props)) {
                    // Any other ConfigMap's unknown data is none of this policy's business.
                    deferUnknown("data");
                }
                return;
            }
            const meta = props?.metadata;
            const ann = meta === UNKNOWN ? UNKNOWN : meta?.annotations;
            // Only the annotation keys matter (always known once the map is); an unknown map may hold a snippet.
            if (ann === UNKNOWN) return deferUnknown("metadata.annotations");
            if (!isObject(ann)) return;
            for (const key of Object.keys(ann)) {
                if (key.startsWith(PREFIX) && key.endsWith("-snippet")) {
                    report(`metadata.annotations["${key}"] injects raw nginx configuration into the shared controller.`);
                }
            }
        },
    },
);

/** The ingress-nginx controller's ConfigMap, by the chart's name or labels (metadata known at preview). */
function isControllerConfig(props: any): boolean {
    const meta = props?.metadata;
    const name = typeof meta?.name === "string" ? meta.name : "";
    const labels = isObject(meta?.labels) ? meta.labels : {};
    return /ingress-nginx|nginx-ingress|nginx-configuration/i.test(name) || labels["app.kubernetes.io/name"] === "ingress-nginx";
}
