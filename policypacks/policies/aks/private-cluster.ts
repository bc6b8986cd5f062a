// The API server has no public endpoint; a public one restricted to listed ranges is the accepted
// alternative (CIS AKS 5.4.1 or 5.4.2), so it is reported as advice, not blocked.
import { asArray } from "../../lib/k8s";
import { clusterPolicy, show } from "./common";

export const aksPrivateCluster = clusterPolicy(
    {
        name: "aks-private-cluster",
        measure: "cluster.api-private-endpoint",
        severity: "high",
        description:
            "The AKS API server should be reachable only from private networks. A public endpoint open to any address exposes the control plane to credential stuffing and to every future API server vulnerability; one restricted to authorized IP ranges is reported as advice (a private endpoint is still the stronger control).",
        remediationSteps:
            "Set apiServerAccessProfile.enablePrivateCluster=true (HardenedAKSCluster does this by default). If a public endpoint is needed, restrict it with apiServerAccessProfile.authorizedIPRanges (the finding then becomes advisory).",
    },
    (props, _ctx, report) => {
        const access = props?.apiServerAccessProfile;
        const v = access?.enablePrivateCluster;
        if (v === true) return;
        const restricted = asArray(access?.authorizedIPRanges).some((r) => typeof r === "string" && r.trim() !== "");
        // Whether the listed ranges are narrow enough is aks-authorized-ip-ranges' question.
        if (restricted) report(`ManagedCluster sets apiServerAccessProfile.enablePrivateCluster=${show(v)}: the API server has a public endpoint, restricted to apiServerAccessProfile.authorizedIPRanges`, "advisory");
        else report(`ManagedCluster sets apiServerAccessProfile.enablePrivateCluster=${show(v)} and no authorizedIPRanges: the API server has a public endpoint open to any address`);
    },
);
