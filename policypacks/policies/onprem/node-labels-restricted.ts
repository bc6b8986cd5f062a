import { argsOf, onpremPolicy, show } from "./lib/check";

const ISOLATION_PREFIX = "node-restriction.kubernetes.io/";
export const KUBELET_OWN = [/^kubelet\.kubernetes\.io\//, /^node\.kubernetes\.io\//];

/** Isolation labels must be ones a compromised kubelet cannot set on its own node. */
export const onpremNodeLabelsRestricted = onpremPolicy(
    {
        name: "onprem-node-labels-restricted",
        measure: "infrastructure.node-pool-isolation",
        description:
            "Nodes must not label themselves with labels that steer workloads (`nodeRegistration.kubeletExtraArgs node-labels`). A compromised kubelet can set any such label on its own Node and attract sensitive pods; only labels under node-restriction.kubernetes.io/, applied by an administrator and protected by the NodeRestriction admission plugin, are trustworthy for isolation. The kubelet also refuses to start with node-restriction.kubernetes.io/ labels in node-labels.",
        severity: "high",
        remediationSteps:
            "Remove `node-labels` from `nodeRegistration.kubeletExtraArgs` (kubelet.kubernetes.io/ and node.kubernetes.io/ labels are tolerated); apply isolation labels as node-restriction.kubernetes.io/<name> with an admin identity (e.g. a Pulumi NodePatch) and select on those.",
    },
    {
        kinds: ["JoinConfiguration", "InitConfiguration"],
        doc: (d, _c, report) => {
            const raw = argsOf(d.doc.nodeRegistration).get("node-labels");
            if (raw === undefined) return;
            for (const pair of raw.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
                const key = pair.split("=")[0];
                if (key.startsWith(ISOLATION_PREFIX)) {
                    report(`nodeRegistration.kubeletExtraArgs node-labels sets ${show(key)}: kubelets may not set ${ISOLATION_PREFIX} labels (NodeRestriction); an admin must apply it.`);
                } else if (!KUBELET_OWN.some((r) => r.test(key))) {
                    report(`nodeRegistration.kubeletExtraArgs node-labels sets ${show(key)}: a self-assigned label can be forged by a compromised node; use ${ISOLATION_PREFIX}<name> applied by an admin.`);
                }
            }
        },
    },
);
