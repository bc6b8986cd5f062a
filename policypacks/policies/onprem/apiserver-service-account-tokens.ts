import { argsOf, flagBool, onpremPolicy, show } from "./lib/check";

/** CIS 1.2.21, 1.2.22, 1.2.30: deleted service accounts' tokens die; token lifetimes are not extended. */
export const onpremApiserverServiceAccountTokens = onpremPolicy(
    {
        name: "onprem-apiserver-service-account-tokens",
        measure: "cluster.service-account-tokens",
        description:
            "The API server must check that a service account token's account still exists (`service-account-lookup`, CIS 1.2.21), keep its signing key file (1.2.22) and not extend projected token lifetimes to a year (`service-account-extend-token-expiration=false`, CIS 1.2.30). Extended tokens stay valid long after they leak.",
        severity: "medium",
        remediationSteps: "Set `service-account-lookup=true` and `service-account-extend-token-expiration=false` in `apiServer.extraArgs`; do not blank `service-account-key-file`.",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const args = argsOf(d.doc.apiServer);
            const lookup = args.get("service-account-lookup");
            if (lookup !== undefined && flagBool(lookup) === false) report(`apiServer.extraArgs service-account-lookup=${show(lookup)} (CIS 1.2.21: must be true).`);
            if (args.get("service-account-key-file") === "") report(`apiServer.extraArgs service-account-key-file is empty (CIS 1.2.22).`);
            const extend = args.get("service-account-extend-token-expiration");
            if (extend === undefined || flagBool(extend) !== false) report(`apiServer.extraArgs service-account-extend-token-expiration=${show(extend)} (CIS 1.2.30: must be false; the default is true).`);
        },
    },
);
