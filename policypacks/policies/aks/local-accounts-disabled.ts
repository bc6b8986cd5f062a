// No local (certificate) admin account.
import { clusterPolicy, show } from "./common";

export const aksLocalAccountsDisabled = clusterPolicy(
    {
        name: "aks-local-accounts-disabled",
        measure: "cluster.authn-no-static-credentials",
        severity: "critical",
        description:
            "AKS local accounts must be disabled. The local clusterAdmin credential is a static, non-expiring certificate that bypasses Entra ID, MFA and audit attribution.",
        remediationSteps: "Set disableLocalAccounts=true (requires aadProfile.managed=true).",
    },
    (props, _ctx, report) => {
        const v = props?.disableLocalAccounts;
        if (v !== true) report(`ManagedCluster sets disableLocalAccounts=${show(v)}: the static clusterAdmin credential is available`);
    },
);
