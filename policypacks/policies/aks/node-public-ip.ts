// Nodes have no public IP addresses.
import { poolPolicy, str } from "./common";

export const aksNodePublicIp = poolPolicy(
    {
        name: "aks-node-public-ip",
        measure: "infrastructure.node-public-exposure",
        severity: "high",
        description:
            "AKS nodes must not have public IP addresses. A public IP on a node exposes the kubelet, node ports and SSH directly to the internet.",
        remediationSteps: "Set enableNodePublicIP=false (or leave it unset) and remove nodePublicIPPrefixID.",
    },
    ({ pool, label, prefix }, _ctx, report) => {
        if (pool.enableNodePublicIP === true) report(`${label} sets ${prefix}enableNodePublicIP=true`);
        if (str(pool.nodePublicIPPrefixID)) report(`${label} sets ${prefix}nodePublicIPPrefixID (nodes get public IPs)`);
    },
);
