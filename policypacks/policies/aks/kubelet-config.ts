// Kubelet protections against PID exhaustion, unsafe sysctls and swap.
import { asArray } from "../../lib/k8s";
import { poolPolicy, show } from "./common";

export const aksKubeletConfig = poolPolicy(
    {
        name: "aks-kubelet-config",
        measure: "infrastructure.kubelet-resource-protection",
        severity: "medium",
        description:
            "AKS node pools should limit the PIDs a pod may use (kubeletConfig.podMaxPids), allow no unsafe sysctls and keep failSwapOn, so that one pod cannot fork-bomb or retune the node it shares with others.",
        remediationSteps: "Set kubeletConfig.podMaxPids to a positive limit (e.g. 4096), remove kubeletConfig.allowedUnsafeSysctls and leave kubeletConfig.failSwapOn unset or true.",
    },
    ({ pool, label, prefix }, _ctx, report) => {
        const k = pool.kubeletConfig;
        const pids = k?.podMaxPids;
        if (typeof pids !== "number" || pids <= 0) report(`${label} sets ${prefix}kubeletConfig.podMaxPids=${show(pids)}: pods may use unlimited PIDs`);
        const sysctls = asArray(k?.allowedUnsafeSysctls);
        if (sysctls.length > 0) report(`${label} sets ${prefix}kubeletConfig.allowedUnsafeSysctls=${show(sysctls)}`);
        if (k?.failSwapOn === false) report(`${label} sets ${prefix}kubeletConfig.failSwapOn=false`);
    },
);
