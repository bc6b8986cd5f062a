// `az aks command invoke` cannot bypass the network boundary of a private cluster.
import { clusterPolicy, show } from "./common";

export const aksRunCommandDisabled = clusterPolicy(
    {
        name: "aks-run-command-disabled",
        measure: "cluster.run-command-disabled",
        severity: "medium",
        description:
            "AKS run command must be disabled. It runs kubectl inside the cluster for anyone with Azure rights on the resource, around the private endpoint and the network controls.",
        remediationSteps: "Set apiServerAccessProfile.disableRunCommand=true.",
    },
    (props, _ctx, report) => {
        const v = props?.apiServerAccessProfile?.disableRunCommand;
        if (v !== true) report(`ManagedCluster sets apiServerAccessProfile.disableRunCommand=${show(v)}`);
    },
);
