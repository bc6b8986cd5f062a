import { argsOf, csv, flagBool, onpremPolicy, show } from "./lib/check";

const LOCAL = ["127.0.0.1", "::1", "localhost"];

/** CIS 1.3.1–1.3.7 (the flags kubeadm does not already fix). */
export const onpremControllerManagerHardening = onpremPolicy(
    {
        name: "onprem-controller-manager-hardening",
        measure: "cluster.control-plane-components",
        description:
            "The controller manager must garbage-collect terminated pods (`terminated-pod-gc-threshold`, CIS 1.3.1), disable profiling (1.3.2), use per-controller service account credentials (1.3.3), keep its service account key and root CA (1.3.4, 1.3.5), keep RotateKubeletServerCertificate on (1.3.6) and bind to localhost (1.3.7).",
        severity: "medium",
        remediationSteps:
            "Set `terminated-pod-gc-threshold=10` and `profiling=false` in `controllerManager.extraArgs`; do not set use-service-account-credentials=false, RotateKubeletServerCertificate=false or a non-local bind-address, and do not blank the key flags.",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const args = argsOf(d.doc.controllerManager);
            const gc = args.get("terminated-pod-gc-threshold");
            if (!gc || !(Number(gc) > 0)) report(`controllerManager.extraArgs terminated-pod-gc-threshold=${show(gc)} (CIS 1.3.1: set e.g. 10).`);
            const prof = args.get("profiling");
            if (prof === undefined || flagBool(prof) !== false) report(`controllerManager.extraArgs profiling=${show(prof)} (CIS 1.3.2: must be false).`);
            const sac = args.get("use-service-account-credentials");
            if (sac !== undefined && flagBool(sac) === false) report(`controllerManager.extraArgs use-service-account-credentials=false (CIS 1.3.3).`);
            for (const [flag, cis] of [["service-account-private-key-file", "1.3.4"], ["root-ca-file", "1.3.5"]] as const) {
                if (args.get(flag) === "") report(`controllerManager.extraArgs ${flag} is empty (CIS ${cis}).`);
            }
            if (csv(args.get("feature-gates")).some((g) => g.replace(/\s/g, "") === "RotateKubeletServerCertificate=false")) {
                report(`controllerManager.extraArgs feature-gates sets RotateKubeletServerCertificate=false (CIS 1.3.6).`);
            }
            const bind = args.get("bind-address");
            if (bind !== undefined && !LOCAL.includes(bind)) report(`controllerManager.extraArgs bind-address=${show(bind)} (CIS 1.3.7: must be 127.0.0.1).`);
        },
    },
);
