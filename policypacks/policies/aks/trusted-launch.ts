// Secure Boot and vTPM on the nodes.
import { isWindowsPool, poolPolicy, show } from "./common";

export const aksTrustedLaunch = poolPolicy(
    {
        name: "aks-trusted-launch",
        measure: "infrastructure.node-trusted-launch",
        severity: "low",
        description:
            "AKS Linux node pools should use Trusted Launch (Secure Boot and vTPM), so that only signed boot loaders, kernels and drivers start and boot integrity can be attested.",
        remediationSteps: "Set securityProfile.enableSecureBoot=true and securityProfile.enableVTPM=true with a Generation 2 VM size.",
    },
    ({ pool, label, prefix }, _ctx, report) => {
        if (isWindowsPool(pool)) return;
        const sp = pool.securityProfile;
        if (sp?.enableSecureBoot !== true) report(`${label} sets ${prefix}securityProfile.enableSecureBoot=${show(sp?.enableSecureBoot)}`);
        if (sp?.enableVTPM !== true) report(`${label} sets ${prefix}securityProfile.enableVTPM=${show(sp?.enableVTPM)}`);
    },
);
