import { argsOf, flagBool, onpremPolicy, show } from "./lib/check";

/** CIS 1.2.15: profiling endpoints leak internals and can be used to slow the API server. */
export const onpremApiserverProfiling = onpremPolicy(
    {
        name: "onprem-apiserver-profiling",
        measure: "cluster.control-plane-components",
        description:
            "The API server must disable its profiling endpoints (`profiling=false`, CIS 1.2.15). /debug/pprof exposes program internals and costly profiling runs to anyone allowed the endpoint; the default is on.",
        severity: "medium",
        remediationSteps: "Set `profiling=false` in `apiServer.extraArgs`.",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const v = argsOf(d.doc.apiServer).get("profiling");
            if (v === undefined || flagBool(v) !== false) report(`apiServer.extraArgs profiling=${show(v)} (CIS 1.2.15: must be false; the default is true).`);
        },
    },
);
