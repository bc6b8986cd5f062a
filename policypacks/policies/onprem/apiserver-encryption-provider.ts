import { argsOf, onpremPolicy } from "./lib/check";

/** CIS 1.2.27: Secrets in etcd encrypted by the API server. */
export const onpremApiserverEncryptionProvider = onpremPolicy(
    {
        name: "onprem-apiserver-encryption-provider",
        measure: "cluster.secrets-encryption-at-rest",
        description:
            "The API server must encrypt Secrets before writing them to etcd (`encryption-provider-config`, CIS 1.2.27). Without it every Secret is plain text in etcd, its snapshots and backups.",
        severity: "high",
        remediationSteps:
            "Set `encryption-provider-config=/etc/kubernetes/enc/enc.yaml` in `apiServer.extraArgs` (an EncryptionConfiguration with a KMS v2 or aescbc provider first), mount it with `extraVolumes`, then rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`).",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            if (!argsOf(d.doc.apiServer).get("encryption-provider-config")) report(`apiServer.extraArgs has no encryption-provider-config: Secrets are stored unencrypted in etcd (CIS 1.2.27).`);
        },
    },
);
