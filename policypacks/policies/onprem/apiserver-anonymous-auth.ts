import { argsOf, flagBool, get, onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";

/** CIS 1.2.1: anonymous requests only for health probes, through an AuthenticationConfiguration. */
export const onpremApiserverAnonymousAuth = onpremPolicy<{ allowedAnonymousPaths: string[] }>(
    {
        name: "onprem-apiserver-anonymous-auth",
        measure: "cluster.authn-anonymous-disabled",
        description:
            "The API server must not accept anonymous requests beyond health probes (CIS 1.2.1). Either `--anonymous-auth=false`, or an AuthenticationConfiguration (`--authentication-config`) whose `anonymous` section is disabled or limited by `conditions` to /livez, /readyz and /healthz. The flag's default is true, so leaving it unset exposes every endpoint that RBAC grants to system:anonymous.",
        severity: "high",
        remediationSteps:
            "Pass `authentication-config` pointing at an AuthenticationConfiguration with `anonymous: {enabled: true, conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]}` (Kubernetes 1.32+), or set `anonymous-auth=false` in `apiServer.extraArgs`.",
        configSchema: {
            properties: {
                allowedAnonymousPaths: { type: "array", items: { type: "string" }, default: ["/livez", "/readyz", "/healthz"], description: "Paths anonymous requests may reach through AuthenticationConfiguration conditions (health checks)." },
            },
        },
    },
    {
        kinds: ["ClusterConfiguration", "AuthenticationConfiguration"],
        doc: (d, config, report) => {
            if (d.kind === "ClusterConfiguration") {
                const args = argsOf(d.doc.apiServer);
                const flag = args.get("anonymous-auth");
                if (flag !== undefined) {
                    if (flagBool(flag) !== false) report(`apiServer.extraArgs anonymous-auth=${show(flag)} (CIS 1.2.1: must be false, or use an authentication config limited to health paths).`);
                } else if (!args.get("authentication-config")) {
                    report(`apiServer.extraArgs sets neither anonymous-auth=false nor authentication-config: the API server's default is anonymous-auth=true (CIS 1.2.1).`);
                }
                return;
            }
            const anon = get(d.doc, "anonymous");
            if (!isObject(anon) || anon.enabled !== true) return;
            const conditions = Array.isArray(anon.conditions) ? anon.conditions : [];
            if (conditions.length === 0) {
                report(`anonymous.enabled=true with no conditions: every endpoint is open to system:anonymous (CIS 1.2.1).`);
                return;
            }
            for (const c of conditions) {
                const path = isObject(c) ? c.path : undefined;
                if (typeof path !== "string" || !config.allowedAnonymousPaths.includes(path)) {
                    report(`anonymous.conditions allows path ${show(path)}; only ${config.allowedAnonymousPaths.join(", ")} may be anonymous (CIS 1.2.1).`);
                }
            }
        },
    },
);
