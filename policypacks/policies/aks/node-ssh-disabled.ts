// No SSH into nodes.
import { isWindowsPool, poolPolicy, show } from "./common";

export const aksNodeSshDisabled = poolPolicy(
    {
        name: "aks-node-ssh-disabled",
        measure: "infrastructure.node-ssh-access",
        severity: "high",
        description:
            "SSH access to AKS Linux nodes must be disabled. Node debugging goes through `kubectl debug node` under Kubernetes RBAC and audit; an SSH key is a standing credential outside both.",
        remediationSteps: "Set securityProfile.sshAccess=\"Disabled\" on every Linux node pool and leave out the cluster's linuxProfile.",
    },
    ({ pool, label, prefix }, _ctx, report) => {
        if (isWindowsPool(pool)) return; // sshAccess applies to Linux pools
        const v = pool.securityProfile?.sshAccess;
        // Unset means LocalUser (Azure Policy 28257686 flags it the same way).
        if (v !== "Disabled") report(`${label} sets ${prefix}securityProfile.sshAccess=${show(v)} (expected "Disabled")`);
    },
);
