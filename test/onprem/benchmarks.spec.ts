// kube-bench's CIS checks placed where kubeadm and cloud-init put them in real clusters, written in
// the shape upstream tools produce: Cluster API's /run/kubeadm/kubeadm-join-config.yaml (v1beta3,
// extraArgs as a map) and kubeadm.yaml (v1beta4, extraArgs as a list of name/value), kubelet
// drop-ins under /etc/systemd/system/kubelet.service.d and /etc/default/kubelet, kubeadm's own
// kube-system ConfigMaps (kubeadm-config, kube-proxy). Every kubelet setting the pack checks in the
// KubeletConfiguration is caught as a flag in each form, and a flag overrides the file both ways.
import * as assert from "assert";
import { gzipSync } from "zlib";
import { stringify } from "yaml";
import { onpremPolicies } from "../../policypacks/policies/onprem";
import { packPolicies } from "../../policypacks/packs";
import { runResourcePolicy, ResourceInput, Violation } from "../helpers/policy-harness";
import { configMap, vmWithUserData } from "./fixtures";

const byName = new Map(onpremPolicies.map((p) => [p.name, p]));
const run = (name: string, input: ResourceInput): Violation[] => runResourcePolicy(byName.get(name)!, input);

/** A CIS-hardened KubeletConfiguration, as kubeadm's kubelet-config or /var/lib/kubelet/config.yaml holds it. */
const HARDENED_KUBELET = {
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true, cacheTTL: "0s" }, x509: { clientCAFile: "/etc/kubernetes/pki/ca.crt" } },
    authorization: { mode: "Webhook", webhook: { cacheAuthorizedTTL: "0s", cacheUnauthorizedTTL: "0s" } },
    cgroupDriver: "systemd",
    clusterDNS: ["10.96.0.10"],
    clusterDomain: "cluster.local",
    readOnlyPort: 0,
    streamingConnectionIdleTimeout: "4h0m0s",
    protectKernelDefaults: true,
    makeIPTablesUtilChains: true,
    eventRecordQPS: 5,
    rotateCertificates: true,
    serverTLSBootstrap: true,
    featureGates: { RotateKubeletServerCertificate: true },
    tlsMinVersion: "VersionTLS12",
    tlsCipherSuites: ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
    podPidsLimit: 4096,
    seccompDefault: true,
    failSwapOn: true,
    staticPodPath: "/etc/kubernetes/manifests",
};

/** Cluster API's join configuration (v1beta3): kubeletExtraArgs is a map. */
const joinV1beta3 = (flags: Record<string, string>) => ({
    apiVersion: "kubeadm.k8s.io/v1beta3",
    kind: "JoinConfiguration",
    discovery: { bootstrapToken: { apiServerEndpoint: "10.0.0.10:6443", token: "abcdef.0123456789abcdef", caCertHashes: ["sha256:" + "a".repeat(64)] } },
    nodeRegistration: { criSocket: "unix:///run/containerd/containerd.sock", kubeletExtraArgs: { "cloud-provider": "external", ...flags } },
});
/** kubeadm v1beta4 init configuration: kubeletExtraArgs is a list of name/value. */
const initV1beta4 = (flags: Record<string, string>) => ({
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "InitConfiguration",
    localAPIEndpoint: { advertiseAddress: "10.0.0.10", bindPort: 6443 },
    nodeRegistration: {
        criSocket: "unix:///run/containerd/containerd.sock",
        kubeletExtraArgs: [{ name: "cloud-provider", value: "external" }, ...Object.entries(flags).map(([name, value]) => ({ name, value }))],
    },
});
const argv = (flags: Record<string, string>) => Object.entries(flags).map(([k, v]) => `--${k}=${v}`).join(" ");

type WriteFile = { path: string; content: string; encoding?: string; permissions?: string };
const b64 = (s: string) => Buffer.from(s).toString("base64");
const gzb64 = (s: string) => gzipSync(Buffer.from(s)).toString("base64");
const docs = (...d: object[]) => d.map((x) => stringify(x)).join("---\n");

/** User-data as plain text, base64, or gzip+base64 (how VM providers take it). */
function userData(files: WriteFile[], encoding: "plain" | "base64" | "gzip"): ResourceInput {
    const text = `#cloud-config\n${stringify({ write_files: files, runcmd: [["kubeadm", "join", "--config", "/run/kubeadm/kubeadm-join-config.yaml"]] })}`;
    if (encoding === "plain") return vmWithUserData(text);
    if (encoding === "base64") return vmWithUserData(text, true);
    return { type: "vsphere:index/virtualMachine:VirtualMachine", name: "node-1", props: { extraConfig: { "guestinfo.userdata": gzb64(text), "guestinfo.userdata.encoding": "gzip+base64" } } };
}

/** The forms a kubelet flag is set in, each with the hardened KubeletConfiguration beside it. */
const FORMS: Record<string, (flags: Record<string, string>) => ResourceInput> = {
    "v1beta3 JoinConfiguration kubeletExtraArgs (cloud-init, plain)": (f) =>
        userData([{ path: "/run/kubeadm/kubeadm-join-config.yaml", content: docs(joinV1beta3(f), HARDENED_KUBELET), permissions: "0640" }], "plain"),
    "v1beta4 InitConfiguration kubeletExtraArgs (cloud-init, base64)": (f) =>
        userData([{ path: "/run/kubeadm/kubeadm.yaml", content: docs(initV1beta4(f), HARDENED_KUBELET) }], "base64"),
    "systemd drop-in Environment=KUBELET_EXTRA_ARGS (cloud-init, gzip)": (f) =>
        userData([
            { path: "/var/lib/kubelet/config.yaml", content: stringify(HARDENED_KUBELET) },
            { path: "/etc/systemd/system/kubelet.service.d/20-extra-args.conf", content: `[Service]\nEnvironment="KUBELET_EXTRA_ARGS=${argv(f)}"\n` },
        ], "gzip"),
    "/etc/default/kubelet KUBELET_EXTRA_ARGS (write_files b64 and gz+b64)": (f) =>
        userData([
            { path: "/var/lib/kubelet/config.yaml", content: b64(stringify(HARDENED_KUBELET)), encoding: "b64" },
            { path: "/etc/default/kubelet", content: gzb64(`KUBELET_EXTRA_ARGS="${argv(f)}"\n`), encoding: "gz+b64" },
        ], "plain"),
};

const KUBELET_POLICIES = onpremPolicies.filter((p) => p.name.startsWith("onprem-kubelet-")).map((p) => p.name);

/** kube-bench's kubelet checks (CIS 4.2.x) as flags: policy, flags, what the message must say. */
const FLAG_CASES: Array<[string, Record<string, string>, RegExp]> = [
    ["onprem-kubelet-anonymous-auth", { "anonymous-auth": "true" }, /anonymous-auth=true, overriding the KubeletConfiguration \(CIS 4\.2\.1/],
    ["onprem-kubelet-authorization-mode", { "authorization-mode": "AlwaysAllow" }, /authorization-mode="AlwaysAllow".*CIS 4\.2\.2/],
    ["onprem-kubelet-authorization-mode", { "authentication-token-webhook": "false" }, /authentication-token-webhook=false/],
    ["onprem-kubelet-authorization-mode", { "client-ca-file": "" }, /client-ca-file="".*CIS 4\.2\.3/],
    ["onprem-kubelet-read-only-port", { "read-only-port": "10255" }, /read-only-port=10255.*CIS 4\.2\.4/],
    ["onprem-kubelet-limits", { "streaming-connection-idle-timeout": "0" }, /streaming-connection-idle-timeout="0".*CIS 4\.2\.5/],
    ["onprem-kubelet-protect-kernel-defaults", { "protect-kernel-defaults": "false" }, /protect-kernel-defaults=false/],
    ["onprem-kubelet-protect-kernel-defaults", { "make-iptables-util-chains": "false" }, /make-iptables-util-chains=false.*CIS 4\.2\.6/],
    ["onprem-kubelet-hostname-override", { "hostname-override": "worker-1" }, /hostname-override is set \(CIS 4\.2\.7/],
    ["onprem-kubelet-limits", { "event-qps": "0" }, /event-qps=0.*CIS 4\.2\.8: 0 means unlimited/],
    ["onprem-kubelet-tls", { "rotate-server-certificates": "false" }, /rotate-server-certificates=false.*CIS 4\.2\.9/],
    ["onprem-kubelet-tls", { "rotate-certificates": "false" }, /rotate-certificates=false.*CIS 4\.2\.10/],
    ["onprem-kubelet-tls", { "feature-gates": "RotateKubeletServerCertificate=false" }, /feature-gates sets RotateKubeletServerCertificate=false.*CIS 4\.2\.11/],
    ["onprem-kubelet-tls", { "tls-cipher-suites": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA" }, /includes weak suites TLS_RSA_WITH_AES_128_CBC_SHA \(CIS 4\.2\.12/],
    ["onprem-kubelet-tls", { "tls-min-version": "VersionTLS10" }, /tls-min-version="VersionTLS10".*CIS 4\.2\.12/],
    ["onprem-kubelet-limits", { "pod-max-pids": "-1" }, /pod-max-pids=-1.*CIS 4\.2\.13/],
    ["onprem-kubelet-seccomp-default", { "seccomp-default": "false" }, /seccomp-default=false.*CIS 4\.2\.14/],
    ["onprem-kubelet-limits", { "fail-swap-on": "false" }, /fail-swap-on=false/],
    ["onprem-kubelet-protect-kernel-defaults", { "allowed-unsafe-sysctls": "kernel.msg*,net.ipv4.route.min_pmtu" }, /allowed-unsafe-sysctls=\["kernel\.msg\*"/],
];

describe("on-prem against kube-bench's CIS checks, in every place kubeadm and cloud-init put them", () => {
    for (const [form, make] of Object.entries(FORMS)) {
        describe(form, () => {
            it("the hardened file with harmless flags (cloud-provider, node-ip) passes every kubelet policy", () => {
                const input = make({ "node-ip": "10.0.0.21" });
                for (const name of KUBELET_POLICIES) assert.deepEqual(run(name, input).map((v) => v.message), [], name);
            });
            for (const [policy, flags, expect] of FLAG_CASES) {
                it(`${policy}: ${argv(flags)}`, () => {
                    const vs = run(policy, make(flags));
                    assert.equal(vs.length, 1, vs.map((v) => v.message).join("\n"));
                    assert.match(vs[0].message, expect);
                });
            }
        });
    }

    it("a flag overrides the file both ways, as the kubelet applies it", () => {
        const insecureFile = { ...HARDENED_KUBELET, readOnlyPort: 10255, seccompDefault: false };
        const input = userData([{ path: "/run/kubeadm/kubeadm-join-config.yaml", content: docs(joinV1beta3({ "read-only-port": "0", "seccomp-default": "true" }), insecureFile) }], "plain");
        assert.deepEqual(run("onprem-kubelet-read-only-port", input), []);
        assert.deepEqual(run("onprem-kubelet-seccomp-default", input), []);
        // The drop-in's KUBELET_EXTRA_ARGS comes after kubeadm's KUBELET_KUBEADM_ARGS, so it wins.
        const both = userData([
            { path: "/var/lib/kubelet/config.yaml", content: stringify(HARDENED_KUBELET) },
            { path: "/var/lib/kubelet/kubeadm-flags.env", content: 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --read-only-port=10255"\n' },
            { path: "/etc/default/kubelet", content: "KUBELET_EXTRA_ARGS=--read-only-port=0\n" },
        ], "plain");
        assert.deepEqual(run("onprem-kubelet-read-only-port", both), []);
    });

    it("flags without a KubeletConfiguration beside them are checked for what they set, not for defaults", () => {
        const flagsOnly = userData([{ path: "/run/kubeadm/kubeadm-join-config.yaml", content: docs(joinV1beta3({ "read-only-port": "10255" })) }], "plain");
        const vs = KUBELET_POLICIES.flatMap((n) => run(n, flagsOnly));
        assert.deepEqual(vs.map((v) => v.policy), ["onprem-kubelet-read-only-port"]);
        assert.match(vs[0].message, /JoinConfiguration in cloud-init user-data .*: nodeRegistration\.kubeletExtraArgs read-only-port=10255 \(CIS 4\.2\.4/);
    });

    describe("kube-proxy (CIS 4.3.1)", () => {
        const proxy = (metricsBindAddress?: string) => ({
            apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
            kind: "KubeProxyConfiguration",
            bindAddress: "0.0.0.0",
            clientConnection: { kubeconfig: "/var/lib/kube-proxy/kubeconfig.conf" },
            clusterCIDR: "10.244.0.0/16",
            mode: "ipvs",
            ...(metricsBindAddress === undefined ? {} : { metricsBindAddress }),
        });
        const places: Record<string, (doc: object) => ResourceInput> = {
            "kubeadm's kube-system/kube-proxy ConfigMap (config.conf)": (d) => configMap("kube-proxy", { "config.conf": stringify(d), "kubeconfig.conf": "apiVersion: v1\nkind: Config\n" }),
            "a kubeadm config file beside ClusterConfiguration (cloud-init, plain)": (d) =>
                userData([{ path: "/run/kubeadm/kubeadm.yaml", content: docs({ apiVersion: "kubeadm.k8s.io/v1beta4", kind: "ClusterConfiguration", kubernetesVersion: "v1.34.1" }, d) }], "plain"),
            "cloud-init, base64": (d) => userData([{ path: "/etc/kubernetes/kube-proxy.yaml", content: stringify(d) }], "base64"),
            "cloud-init, gzip": (d) => userData([{ path: "/etc/kubernetes/kube-proxy.yaml", content: stringify(d) }], "gzip"),
        };
        for (const [place, make] of Object.entries(places)) {
            it(`${place}: 0.0.0.0:10249 is reported; unset, 127.0.0.1 and [::1] pass`, () => {
                const vs = run("onprem-kube-proxy-metrics-localhost", make(proxy("0.0.0.0:10249")));
                assert.equal(vs.length, 1);
                assert.match(vs[0].message, /metricsBindAddress="0\.0\.0\.0:10249" \(CIS 4\.3\.1/);
                assert.equal(run("onprem-kube-proxy-metrics-localhost", make(proxy(":10249"))).length, 1, "an empty host is every address");
                for (const ok of [undefined, "127.0.0.1:10249", "[::1]:10249"]) assert.deepEqual(run("onprem-kube-proxy-metrics-localhost", make(proxy(ok))), [], String(ok));
            });
        }
    });

    describe("encryption providers (CIS 1.2.28) and etcd's CA (CIS 2.7)", () => {
        const enc = (first: object) => ({
            apiVersion: "apiserver.config.k8s.io/v1",
            kind: "EncryptionConfiguration",
            resources: [{ resources: ["secrets"], providers: [first, { identity: {} }] }],
        });
        const KEY = Buffer.alloc(32, 7).toString("base64");
        for (const encoding of ["plain", "base64", "gzip"] as const) {
            it(`aesgcm first is reported, kms v2 / aescbc / secretbox pass (cloud-init, ${encoding})`, () => {
                const at = (first: object) => run("onprem-encryption-config-providers", userData([{ path: "/etc/kubernetes/enc/enc.yaml", content: stringify(enc(first)), permissions: "0600" }], encoding));
                const gcm = at({ aesgcm: { keys: [{ name: "key1", secret: KEY }] } });
                assert.equal(gcm.length, 1);
                assert.match(gcm[0].message, /providers\[0\] is aesgcm: .*CIS 1\.2\.28/);
                assert.deepEqual(at({ kms: { apiVersion: "v2", name: "kms-plugin", endpoint: "unix:///var/run/kmsplugin/socket.sock", timeout: "3s" } }), []);
                assert.deepEqual(at({ aescbc: { keys: [{ name: "key1", secret: KEY }] } }), []);
                assert.deepEqual(at({ secretbox: { keys: [{ name: "key1", secret: KEY }] } }), []);
            });
        }
        const cluster = (version: "v1beta3" | "v1beta4", etcdArgs: Record<string, string>) => ({
            apiVersion: `kubeadm.k8s.io/${version}`,
            kind: "ClusterConfiguration",
            kubernetesVersion: "v1.34.1",
            etcd: { local: { dataDir: "/var/lib/etcd", extraArgs: version === "v1beta3" ? etcdArgs : Object.entries(etcdArgs).map(([name, value]) => ({ name, value })) } },
        });
        for (const version of ["v1beta3", "v1beta4"] as const) {
            for (const [place, make] of Object.entries({
                "kubeadm-config ConfigMap": (d: object) => configMap("kubeadm-config", { ClusterConfiguration: stringify(d) }),
                "cloud-init, gzip": (d: object) => userData([{ path: "/run/kubeadm/kubeadm.yaml", content: stringify(d) }], "gzip"),
            })) {
                it(`an empty etcd trusted-ca-file is reported (${version}, ${place})`, () => {
                    const vs = run("onprem-etcd-tls", make(cluster(version, { "trusted-ca-file": "", "listen-metrics-urls": "http://127.0.0.1:2381" })));
                    assert.equal(vs.length, 1);
                    assert.match(vs[0].message, /trusted-ca-file is empty \(CIS 2\.7/);
                    assert.deepEqual(run("onprem-etcd-tls", make(cluster(version, { "trusted-ca-file": "/etc/kubernetes/pki/etcd/ca.crt" }))), []);
                });
            }
        }
    });

    it("kubeadm's v1beta3 kubeadm-config (extraArgs as a map, hardened per CIS) is not taken for credentials", () => {
        const cc = {
            apiVersion: "kubeadm.k8s.io/v1beta3",
            kind: "ClusterConfiguration",
            kubernetesVersion: "v1.30.6",
            apiServer: { extraArgs: { "authorization-mode": "Node,RBAC", "kubelet-client-key": "/etc/kubernetes/pki/apiserver-kubelet-client.key", "service-account-signing-key-file": "/etc/kubernetes/pki/sa.key", "tls-private-key-file": "/etc/kubernetes/pki/apiserver.key", "oidc-client-id": "kubernetes" } },
            controllerManager: { extraArgs: { "use-service-account-credentials": "true", "service-account-private-key-file": "/etc/kubernetes/pki/sa.key", "cluster-signing-key-file": "/etc/kubernetes/pki/ca.key", "authentication-kubeconfig": "/etc/kubernetes/controller-manager.conf" } },
            etcd: { local: { dataDir: "/var/lib/etcd", extraArgs: { "key-file": "/etc/kubernetes/pki/etcd/server.key", "peer-key-file": "/etc/kubernetes/pki/etcd/peer.key" } } },
        };
        const cm = configMap("kubeadm-config", { ClusterConfiguration: stringify(cc) });
        for (const platform of ["onprem", "aks"] as const) {
            const sensitive = packPolicies(platform).find((p) => p.name === "disallow-sensitive-configmap-content")!;
            assert.deepEqual(runResourcePolicy(sensitive, cm), [], platform);
        }
    });

    describe("etcd snapshots on control-plane nodes", () => {
        const cluster = { apiVersion: "kubeadm.k8s.io/v1beta4", kind: "ClusterConfiguration", kubernetesVersion: "v1.34.1", etcd: { local: { dataDir: "/var/lib/etcd" } } };
        const timer = { path: "/etc/systemd/system/etcd-backup.service", content: "[Service]\nType=oneshot\nExecStart=/usr/bin/etcdctl --endpoints=https://127.0.0.1:2379 snapshot save /var/backups/etcd/latest.db\n" };
        for (const encoding of ["plain", "base64", "gzip"] as const) {
            it(`a control-plane cloud-init without a snapshot is reported, one with a timer passes (${encoding})`, () => {
                const without = run("onprem-etcd-snapshots", userData([{ path: "/run/kubeadm/kubeadm.yaml", content: docs(initV1beta4({}), cluster) }], encoding));
                assert.equal(without.length, 1);
                assert.match(without[0].message, /schedules no etcd snapshot/);
                assert.deepEqual(run("onprem-etcd-snapshots", userData([{ path: "/run/kubeadm/kubeadm.yaml", content: docs(initV1beta4({}), cluster) }, { ...timer, content: b64(timer.content), encoding: "b64" }], encoding)), []);
            });
        }
        it("workers, external etcd and kubeadm's ConfigMap are not asked for snapshots", () => {
            assert.deepEqual(run("onprem-etcd-snapshots", FORMS["v1beta3 JoinConfiguration kubeletExtraArgs (cloud-init, plain)"]({})), []);
            const external = { ...cluster, etcd: { external: { endpoints: ["https://10.0.0.5:2379"], caFile: "/etc/etcd/ca.crt", certFile: "/etc/etcd/c.crt", keyFile: "/etc/etcd/c.key" } } };
            assert.deepEqual(run("onprem-etcd-snapshots", userData([{ path: "/run/kubeadm/kubeadm.yaml", content: docs(initV1beta4({}), external) }], "plain")), []);
            assert.deepEqual(run("onprem-etcd-snapshots", configMap("kubeadm-config", { ClusterConfiguration: stringify(cluster) })), []);
        });
    });
});
