import { kubeletSaid, onpremPolicy } from "./lib/check";

/** CIS 4.2.14: RuntimeDefault seccomp for every container that does not ask for another profile. */
export const onpremKubeletSeccompDefault = onpremPolicy(
    {
        name: "onprem-kubelet-seccomp-default",
        measure: "infrastructure.kubelet-seccomp-default",
        description:
            "The kubelet must apply the container runtime's default seccomp profile to every container that does not set one (`seccompDefault: true`, CIS 4.2.14). Without it, such containers run Unconfined and can use every syscall.",
        severity: "medium",
        remediationSteps: "Set `seccompDefault: true` in the KubeletConfiguration.",
    },
    {
        kubelet: (k, _c, report) => {
            if (k.decided("seccompDefault") && k.setting("seccompDefault").value !== true) report(`${kubeletSaid(k, "seccompDefault")} (CIS 4.2.14: must be true).`);
        },
    },
);
