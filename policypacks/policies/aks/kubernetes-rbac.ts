// Kubernetes RBAC is on (it cannot be turned on after creation).
import { clusterPolicy } from "./common";

export const aksKubernetesRbac = clusterPolicy(
    {
        name: "aks-kubernetes-rbac",
        measure: "cluster.authz-rbac",
        severity: "critical",
        description:
            "Kubernetes RBAC must be enabled on AKS. Without it every authenticated identity is all-powerful, and RBAC cannot be enabled on an existing cluster.",
        remediationSteps: "Set enableRBAC=true (the AKS default) when creating the cluster.",
    },
    (props, _ctx, report) => {
        // Unset means the AKS default, which is true.
        if (props?.enableRBAC === false) report("ManagedCluster sets enableRBAC=false");
    },
);
