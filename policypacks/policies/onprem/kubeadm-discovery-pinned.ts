import { get, onpremPolicy } from "./lib/check";
import { isObject } from "../../lib/k8s";

/** A joining node must know the cluster CA in advance, or it may join an impostor control plane. */
export const onpremKubeadmDiscoveryPinned = onpremPolicy(
    {
        name: "onprem-kubeadm-discovery-pinned",
        measure: "cluster.certificate-management",
        description:
            "kubeadm token discovery must pin the cluster CA (`discovery.bootstrapToken.caCertHashes`) and never set `unsafeSkipCAVerification: true`. Otherwise a joining node trusts whatever answers at the API endpoint, hands it its bootstrap token and runs the workloads it is given.",
        severity: "high",
        remediationSteps:
            "Set `discovery.bootstrapToken.caCertHashes: [sha256:<hash of /etc/kubernetes/pki/ca.crt public key>]` (printed by `kubeadm init` / `kubeadm token create --print-join-command`) and remove `unsafeSkipCAVerification`.",
    },
    {
        kinds: ["JoinConfiguration"],
        doc: (d, _c, report) => {
            const bt = get(d.doc, "discovery.bootstrapToken");
            if (!isObject(bt)) return; // file discovery carries the CA in its kubeconfig
            if (bt.unsafeSkipCAVerification === true) report(`discovery.bootstrapToken.unsafeSkipCAVerification=true: the cluster CA is not verified.`);
            const hashes = Array.isArray(bt.caCertHashes) ? bt.caCertHashes.filter((h: unknown) => typeof h === "string" && h !== "") : [];
            if (hashes.length === 0) report(`discovery.bootstrapToken.caCertHashes is empty: the cluster CA is not pinned.`);
        },
    },
);
