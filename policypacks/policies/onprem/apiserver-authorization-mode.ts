import { argsOf, csv, onpremPolicy, show } from "./lib/check";

/** CIS 1.2.6–1.2.8: Node and RBAC authorizers, never AlwaysAllow. */
export const onpremApiserverAuthorizationMode = onpremPolicy(
    {
        name: "onprem-apiserver-authorization-mode",
        measure: "cluster.authz-rbac",
        description:
            "The API server must authorize with the Node and RBAC authorizers and never AlwaysAllow (CIS 1.2.6–1.2.8). AlwaysAllow gives every authenticated identity full control of the cluster; without Node, kubelets can read every Secret.",
        severity: "critical",
        remediationSteps: "Set `authorization-mode=Node,RBAC` in `apiServer.extraArgs` (kubeadm's default), or an `authorization-config` whose authorizers include Node and RBAC.",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const args = argsOf(d.doc.apiServer);
            const raw = args.get("authorization-mode");
            if (raw === undefined) return; // kubeadm sets Node,RBAC; --authorization-config is the alternative
            const modes = csv(raw);
            if (modes.includes("AlwaysAllow")) report(`apiServer.extraArgs authorization-mode=${show(raw)} includes AlwaysAllow (CIS 1.2.6).`);
            if (!modes.includes("Node")) report(`apiServer.extraArgs authorization-mode=${show(raw)} lacks Node (CIS 1.2.7).`);
            if (!modes.includes("RBAC")) report(`apiServer.extraArgs authorization-mode=${show(raw)} lacks RBAC (CIS 1.2.8).`);
        },
    },
);
