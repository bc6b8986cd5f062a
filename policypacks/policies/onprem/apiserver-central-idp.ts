import { argsOf, onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";

/** People sign in through the organisation's IdP (OIDC), not with certificates or static files. */
export const onpremApiserverCentralIdp = onpremPolicy(
    {
        name: "onprem-apiserver-central-idp",
        measure: "cluster.authn-central-idp",
        description:
            "The API server should authenticate people through the organisation's identity provider: a JWT (OIDC) issuer in the AuthenticationConfiguration or the `oidc-issuer-url` flag, over https. Otherwise users hold client certificates, which cannot be revoked and bypass MFA and offboarding.",
        severity: "medium",
        remediationSteps:
            "Add a `jwt` issuer (https URL, audiences, username and groups claim mappings with a prefix) to the AuthenticationConfiguration passed with `authentication-config`, and bind RBAC to the IdP's groups.",
    },
    {
        kinds: ["ClusterConfiguration", "AuthenticationConfiguration"],
        doc: (d, _c, report) => {
            if (d.kind === "ClusterConfiguration") {
                const args = argsOf(d.doc.apiServer);
                const issuer = args.get("oidc-issuer-url");
                if (issuer !== undefined && !/^https:\/\//.test(issuer)) report(`apiServer.extraArgs oidc-issuer-url=${show(issuer)} must be https.`);
                if (!issuer && !args.get("authentication-config")) report(`apiServer.extraArgs has neither oidc-issuer-url nor authentication-config: no central identity provider.`);
                return;
            }
            const jwt = Array.isArray(d.doc.jwt) ? d.doc.jwt.filter(isObject) : [];
            if (jwt.length === 0) report(`jwt has no issuer: no central identity provider.`);
            jwt.forEach((j: Record<string, any>, i: number) => {
                const url = isObject(j.issuer) ? j.issuer.url : undefined;
                if (typeof url !== "string" || !/^https:\/\//.test(url)) report(`jwt[${i}].issuer.url=${show(url)} must be an https URL.`);
            });
        },
    },
);
