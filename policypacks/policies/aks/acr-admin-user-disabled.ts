// A registry's admin user is one shared username and password with push and delete rights, outside
// Entra ID: no per-identity audit, no conditional access, and it never expires.
import { resourcePolicy } from "../../lib/policy";
import { AZ, show } from "./common";

export const aksAcrAdminUserDisabled = resourcePolicy(
    {
        name: "aks-acr-admin-user-disabled",
        measure: "supply-chain.registry-access",
        severity: "high",
        description:
            "An Azure Container Registry must keep its admin user disabled (Checkov CKV_AZURE_137, Azure Policy dc921057 \"Container registries should have local admin account disabled\"). The admin account is a shared password with push and delete rights: anyone who copies it can replace the images every cluster pulls.",
        remediationSteps:
            "Set adminUserEnabled=false (the default) and grant pulls to the AKS kubelet identity with the AcrPull role, pushes to the CI identity with AcrPush; use repository-scoped tokens where a password is unavoidable.",
    },
    {
        types: [AZ.Registry],
        validate: (props, _ctx, report) => {
            if (props?.adminUserEnabled === true) report(`Registry sets adminUserEnabled=${show(props.adminUserEnabled)}: a shared admin password can push and delete images`);
        },
    },
);
