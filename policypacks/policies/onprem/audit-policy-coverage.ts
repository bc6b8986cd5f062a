import { onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";

const LEVELS = ["None", "Metadata", "Request", "RequestResponse"];

interface Req {
    verb: string;
    group: string;
    resource: string;
    subresource?: string;
    namespace?: string;
}

/** The level the first matching rule assigns, as the API server's audit policy evaluator does. */
export function auditLevel(policy: Record<string, any>, req: Req): string {
    const user = "alice@example.com";
    const groups = ["system:authenticated", "developers"];
    for (const r of Array.isArray(policy.rules) ? policy.rules : []) {
        if (!isObject(r)) continue;
        if (Array.isArray(r.users) && !r.users.includes(user)) continue;
        if (Array.isArray(r.userGroups) && !r.userGroups.some((g: unknown) => groups.includes(String(g)))) continue;
        if (Array.isArray(r.verbs) && !r.verbs.includes(req.verb) && !r.verbs.includes("*")) continue;
        if (Array.isArray(r.nonResourceURLs) && r.nonResourceURLs.length > 0) continue; // resource requests only
        if (Array.isArray(r.namespaces) && r.namespaces.length > 0 && !r.namespaces.includes(req.namespace ?? "")) continue;
        if (Array.isArray(r.resources) && r.resources.length > 0) {
            const full = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
            const hit = r.resources.some((g: unknown) => {
                if (!isObject(g)) return false;
                if ((g.group ?? "") !== req.group && g.group !== "*") return false;
                const names = Array.isArray(g.resources) ? g.resources.map(String) : [];
                if (names.length === 0) return true;
                return names.some((n: string) => n === full || n === "*" || n === "*/*" ||
                    (n.endsWith("/*") && n.slice(0, -2) === req.resource && !!req.subresource) ||
                    (n.startsWith("*/") && !!req.subresource && n.slice(2) === req.subresource));
            });
            if (!hit) continue;
        }
        return typeof r.level === "string" ? r.level : "None";
    }
    return "None";
}

const at = (l: string) => Math.max(0, LEVELS.indexOf(l));

/** CIS 3.2.2: the audit policy records what matters, and never the bodies of Secrets or tokens. */
export const onpremAuditPolicyCoverage = onpremPolicy(
    {
        name: "onprem-audit-policy-coverage",
        measure: "observability.audit-policy",
        description:
            "The audit Policy must cover the security-relevant requests (CIS 3.2.2): Secrets, ConfigMaps and TokenReviews at Metadata exactly (their bodies hold secret values and tokens), exec/attach/port-forward/proxy at Metadata or above, writes to workloads at Request or above, a catch-all rule at Metadata or above, and omit the RequestReceived stage.",
        severity: "medium",
        remediationSteps:
            "Use first-match rules: None for known noise, Metadata for secrets/configmaps/tokenreviews, Metadata for pods/exec, pods/portforward, pods/proxy and services/proxy, RequestResponse for create/update/patch/delete of pods and apps/* workloads, and a final `- level: Metadata`; set `omitStages: [RequestReceived]`.",
    },
    {
        kinds: ["Policy"],
        doc: (d, _c, report) => {
            const p = d.doc;
            const omit = Array.isArray(p.omitStages) ? p.omitStages : [];
            if (!omit.includes("RequestReceived")) report(`omitStages=${show(p.omitStages)} should include RequestReceived (CIS 3.2.2: duplicate events).`);
            const exact: Array<[Req, string]> = [
                [{ verb: "get", group: "", resource: "secrets", namespace: "default" }, "get secrets"],
                [{ verb: "list", group: "", resource: "configmaps", namespace: "default" }, "list configmaps"],
                [{ verb: "create", group: "authentication.k8s.io", resource: "tokenreviews" }, "create tokenreviews"],
            ];
            for (const [req, what] of exact) {
                const l = auditLevel(p, req);
                if (l !== "Metadata") report(`${what} is audited at ${l}; must be Metadata (${at(l) > 1 ? "bodies hold secret values" : "access must be recorded"}, CIS 3.2.2).`);
            }
            const atLeast: Array<[Req, string, string]> = [
                [{ verb: "create", group: "", resource: "pods", subresource: "exec", namespace: "default" }, "pods/exec", "Metadata"],
                [{ verb: "create", group: "", resource: "pods", subresource: "portforward", namespace: "default" }, "pods/portforward", "Metadata"],
                [{ verb: "get", group: "", resource: "pods", subresource: "proxy", namespace: "default" }, "pods/proxy", "Metadata"],
                [{ verb: "get", group: "", resource: "services", subresource: "proxy", namespace: "default" }, "services/proxy", "Metadata"],
                [{ verb: "create", group: "", resource: "pods", namespace: "default" }, "create pods", "Request"],
                [{ verb: "patch", group: "apps", resource: "deployments", namespace: "default" }, "patch deployments", "Request"],
                [{ verb: "list", group: "example.com", resource: "widgets", namespace: "default" }, "an unlisted request (catch-all)", "Metadata"],
            ];
            for (const [req, what, min] of atLeast) {
                const l = auditLevel(p, req);
                if (at(l) < at(min)) report(`${what} is audited at ${l}; must be ${min} or above (CIS 3.2.2).`);
            }
        },
    },
);
