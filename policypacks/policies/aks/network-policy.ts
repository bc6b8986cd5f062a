// A network policy engine enforces NetworkPolicy objects.
import { clusterPolicy, show, str } from "./common";

const ENGINES = ["azure", "calico", "cilium"];

export const aksNetworkPolicy = clusterPolicy(
    {
        name: "aks-network-policy",
        measure: "network.policy-enforcing-cni",
        severity: "high",
        description:
            "AKS must run a network policy engine (Cilium, Calico or Azure). Without one, Kubernetes NetworkPolicy objects are accepted but silently not enforced, and every pod can reach every other pod.",
        remediationSteps:
            "Set networkProfile.networkPolicy=\"cilium\" with networkProfile.networkDataplane=\"cilium\" (or networkPolicy=\"calico\"). The engine can only be chosen at creation time or by migration.",
    },
    (props, _ctx, report) => {
        const np = props?.networkProfile;
        const engine = str(np?.networkPolicy)?.toLowerCase();
        if (!engine || !ENGINES.includes(engine)) {
            report(`ManagedCluster sets networkProfile.networkPolicy=${show(np?.networkPolicy)}: NetworkPolicy objects are not enforced`);
            return;
        }
        if (engine === "cilium" && str(np?.networkDataplane)?.toLowerCase() !== "cilium") {
            report(`ManagedCluster sets networkProfile.networkPolicy="cilium" with networkProfile.networkDataplane=${show(np?.networkDataplane)} (Cilium policy needs the Cilium dataplane)`);
        }
    },
);
