import { kubeletSaid, onpremPolicy } from "./lib/check";

/** CIS 4.2.6 (≤1.24 numbering) and 4.2.6: the kubelet neither tunes the kernel nor lets pods do it. */
export const onpremKubeletProtectKernelDefaults = onpremPolicy(
    {
        name: "onprem-kubelet-protect-kernel-defaults",
        measure: "infrastructure.kubelet-kernel-protection",
        description:
            "The kubelet must refuse to start when the kernel's tunables differ from its expectations (`protectKernelDefaults: true`), manage its iptables chains (`makeIPTablesUtilChains: true`, CIS 4.2.6) and allow no unsafe sysctls to pods. Otherwise node kernel settings drift silently or are changed from inside pods.",
        severity: "medium",
        remediationSteps:
            "Set `protectKernelDefaults: true` and ship /etc/sysctl.d/90-kubelet.conf with vm.overcommit_memory=1, vm.panic_on_oom=0, kernel.panic=10, kernel.panic_on_oops=1, kernel.keys.root_maxkeys=1000000 and kernel.keys.root_maxbytes=25000000; keep `makeIPTablesUtilChains: true` and `allowedUnsafeSysctls: []`.",
    },
    {
        kubelet: (k, _c, report) => {
            if (k.decided("protectKernelDefaults") && k.setting("protectKernelDefaults").value !== true) report(`${kubeletSaid(k, "protectKernelDefaults")} (CIS 4.2.6 of Kubernetes ≤1.24: must be true).`);
            const chains = k.setting("makeIPTablesUtilChains").value;
            if (chains === false || chains === "false") report(`${kubeletSaid(k, "makeIPTablesUtilChains")} (CIS 4.2.6: must be true).`);
            const unsafe = k.setting("allowedUnsafeSysctls").value;
            if (Array.isArray(unsafe) && unsafe.length > 0) report(`${kubeletSaid(k, "allowedUnsafeSysctls")}: pods may change node-wide kernel settings.`);
        },
    },
);
