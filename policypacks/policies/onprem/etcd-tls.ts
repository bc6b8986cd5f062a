import { argsOf, flagBool, onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";

/** CIS 2.1–2.7: etcd speaks mutually-authenticated TLS on both client and peer ports, with its own CA. */
export const onpremEtcdTls = onpremPolicy(
    {
        name: "onprem-etcd-tls",
        measure: "cluster.etcd-hardening",
        description:
            "etcd holds every Secret: it must require client and peer certificates (CIS 2.2, 2.5), never generate self-signed auto-TLS certificates (2.3, 2.6), keep its certificate files (2.1, 2.4) and trust its own CA rather than the cluster CA (2.7). An external etcd must be reached over https with client certificates.",
        severity: "critical",
        remediationSteps:
            "Keep kubeadm's etcd defaults: do not set auto-tls/peer-auto-tls=true or client-cert-auth/peer-client-cert-auth=false in `etcd.local.extraArgs`, and keep `trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt`. For `etcd.external`, use https endpoints with caFile, certFile and keyFile.",
    },
    {
        kinds: ["ClusterConfiguration"],
        doc: (d, _c, report) => {
            const etcd = d.doc.etcd;
            if (!isObject(etcd)) return;
            if (isObject(etcd.local)) {
                const args = argsOf(etcd.local);
                for (const [flag, cis] of [["auto-tls", "2.3"], ["peer-auto-tls", "2.6"]] as const) {
                    const v = args.get(flag);
                    if (v !== undefined && flagBool(v) !== false) report(`etcd.local.extraArgs ${flag}=${show(v)} (CIS ${cis}: self-signed certificates).`);
                }
                for (const [flag, cis] of [["client-cert-auth", "2.2"], ["peer-client-cert-auth", "2.5"]] as const) {
                    const v = args.get(flag);
                    if (v !== undefined && flagBool(v) === false) report(`etcd.local.extraArgs ${flag}=false (CIS ${cis}: must be true).`);
                }
                for (const [flag, cis] of [["cert-file", "2.1"], ["key-file", "2.1"], ["peer-cert-file", "2.4"], ["peer-key-file", "2.4"], ["peer-trusted-ca-file", "2.7"]] as const) {
                    if (args.get(flag) === "") report(`etcd.local.extraArgs ${flag} is empty (CIS ${cis}).`);
                }
                const ca = args.get("trusted-ca-file");
                // Empty, etcd trusts no client CA: client-cert-auth then rejects the API server, or is
                // switched off to make it start (CIS 2.7 wants etcd's own CA here).
                if (ca !== undefined && ca.trim() === "") report(`etcd.local.extraArgs trusted-ca-file is empty (CIS 2.7: set etcd's own CA, /etc/kubernetes/pki/etcd/ca.crt).`);
                else if (ca !== undefined && /\/etc\/kubernetes\/pki\/ca\.crt$/.test(ca)) report(`etcd.local.extraArgs trusted-ca-file=${show(ca)} is the cluster CA; etcd needs its own CA (CIS 2.7).`);
            }
            if (isObject(etcd.external)) {
                const ext = etcd.external;
                const endpoints = Array.isArray(ext.endpoints) ? ext.endpoints : [];
                for (const e of endpoints) if (typeof e === "string" && !/^https:\/\//.test(e)) report(`etcd.external.endpoints includes ${show(e)}: use https.`);
                for (const f of ["caFile", "certFile", "keyFile"]) {
                    if (typeof ext[f] !== "string" || ext[f] === "") report(`etcd.external.${f} is ${show(ext[f])}: the API server must authenticate etcd and itself with certificates.`);
                }
            }
        },
    },
);
