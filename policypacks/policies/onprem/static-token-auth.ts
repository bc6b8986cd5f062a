import { argsOf, onpremPolicy } from "./lib/check";

/** CIS 1.2.2: static token and password files are long-lived, unrevocable credentials. */
export const onpremStaticTokenAuth = onpremPolicy(
    {
        name: "onprem-static-token-auth",
        measure: "cluster.authn-no-static-credentials",
        description:
            "The API server must not authenticate with static token or password files (`token-auth-file`, `basic-auth-file`; CIS 1.2.2). Their credentials never expire, cannot be revoked without a restart and sit in plain text on every control-plane node.",
        severity: "critical",
        remediationSteps: "Remove `token-auth-file` (and `basic-auth-file`) from `apiServer.extraArgs`; authenticate people through OIDC and workloads with service account tokens.",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const args = argsOf(d.doc.apiServer);
            // The file path is not secret; the tokens in it are, and are never read here.
            if (args.has("token-auth-file")) report(`apiServer.extraArgs sets token-auth-file (CIS 1.2.2).`);
            if (args.has("basic-auth-file")) report(`apiServer.extraArgs sets basic-auth-file (CIS 1.2.2).`);
        },
    },
);
