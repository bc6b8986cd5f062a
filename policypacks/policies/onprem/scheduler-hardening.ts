import { argsOf, flagBool, onpremPolicy, show } from "./lib/check";

/** CIS 1.4.1, 1.4.2. */
export const onpremSchedulerHardening = onpremPolicy(
    {
        name: "onprem-scheduler-hardening",
        measure: "cluster.control-plane-components",
        description: "The scheduler must disable profiling (`profiling=false`, CIS 1.4.1) and bind to localhost only (CIS 1.4.2).",
        severity: "medium",
        remediationSteps: "Set `profiling=false` in `scheduler.extraArgs` and keep `bind-address=127.0.0.1` (kubeadm's default).",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const args = argsOf(d.doc.scheduler);
            const prof = args.get("profiling");
            if (prof === undefined || flagBool(prof) !== false) report(`scheduler.extraArgs profiling=${show(prof)} (CIS 1.4.1: must be false).`);
            const bind = args.get("bind-address");
            if (bind !== undefined && !["127.0.0.1", "::1", "localhost"].includes(bind)) report(`scheduler.extraArgs bind-address=${show(bind)} (CIS 1.4.2: must be 127.0.0.1).`);
        },
    },
);
