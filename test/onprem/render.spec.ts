// The rendered documents, checked item by item against CIS Kubernetes v1.12.
// Each test parses the YAML the component emits and asserts the exact setting.
import * as assert from "assert";
import { parse, parseAllDocuments } from "yaml";
import { parseToml, TLS12_CIPHER_SUITES, PROTECTED_SYSCTLS, resolveSpec, SpecError } from "../../kubeadm";
import { AESCBC_KEY, controlPlaneArgs, render, workerArgs } from "./fixtures";

const cp = render(controlPlaneArgs());
const worker = render(workerArgs({ dedicated: true }));
const kubelet = parse(worker.yaml.kubeletConfig);
const cluster = parse(cp.yaml.clusterConfiguration!);
const join = parse(worker.yaml.joinConfiguration!);
const init = parseAllDocuments(cp.yaml.kubeadmConfig).map((d) => d.toJS())[0];
const audit = parse(cp.yaml.auditPolicy!);
const admission = parse(cp.yaml.admissionConfiguration!);
const authn = parse(cp.yaml.authenticationConfiguration!);

function args(component: any): Record<string, string> {
    assert.ok(Array.isArray(component.extraArgs), "v1beta4 extraArgs is a list of {name, value}");
    const out: Record<string, string> = {};
    for (const a of component.extraArgs) {
        assert.deepStrictEqual(Object.keys(a).sort(), ["name", "value"]);
        assert.strictEqual(typeof a.value, "string");
        out[a.name] = a.value;
    }
    return out;
}
const api = args(cluster.apiServer);
const cm = args(cluster.controllerManager);
const sched = args(cluster.scheduler);
const etcd = args(cluster.etcd.local);

describe("OnPremNodePool rendering: CIS Kubernetes v1.12 rows", () => {
    const flag = (o: Record<string, string>, name: string, value: string) => assert.strictEqual(o[name], value, `${name}`);

    it("kubeadm documents are v1beta4", () => {
        for (const d of [cluster, join, init]) assert.strictEqual(d.apiVersion, "kubeadm.k8s.io/v1beta4");
        assert.strictEqual(kubelet.apiVersion, "kubelet.config.k8s.io/v1beta1");
    });
    it("CIS 1.2.1 anonymous only for /livez,/readyz,/healthz via authentication-config (no anonymous-auth flag)", () => {
        flag(api, "authentication-config", "/etc/kubernetes/authn/authentication.yaml");
        assert.strictEqual(api["anonymous-auth"], undefined);
        assert.deepStrictEqual(authn.anonymous, { enabled: true, conditions: [{ path: "/livez" }, { path: "/readyz" }, { path: "/healthz" }] });
        const off = parse(render(controlPlaneArgs({ controlPlane: { allowAnonymousHealthChecks: false } })).yaml.authenticationConfiguration!);
        assert.deepStrictEqual(off.anonymous, { enabled: false });
    });
    it("CIS 1.2.2 no token-auth-file", () => assert.strictEqual(api["token-auth-file"], undefined));
    it("CIS 1.2.3/1.2.9/1.2.11/1.2.14 admission plugins NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs", () => {
        assert.deepStrictEqual(api["enable-admission-plugins"].split(",").sort(), ["AlwaysPullImages", "DenyServiceExternalIPs", "EventRateLimit", "NodeRestriction"]);
    });
    it("CIS 1.2.5 kubelet-certificate-authority with kubelet serverTLSBootstrap", () => {
        flag(api, "kubelet-certificate-authority", "/etc/kubernetes/pki/ca.crt");
        assert.strictEqual(kubelet.serverTLSBootstrap, true);
    });
    it("CIS 1.2.6-1.2.8 authorization-mode=Node,RBAC", () => flag(api, "authorization-mode", "Node,RBAC"));
    it("CIS 1.2.9 EventRateLimit configured in the AdmissionConfiguration", () => {
        flag(api, "admission-control-config-file", "/etc/kubernetes/admission/admission.yaml");
        const erl = admission.plugins.find((p: any) => p.name === "EventRateLimit");
        assert.strictEqual(erl.configuration.apiVersion, "eventratelimit.admission.k8s.io/v1alpha1");
        assert.ok(erl.configuration.limits.length >= 1);
    });
    it("CIS 1.2.10/1.2.12/1.2.13 no AlwaysAdmit, nothing disabled", () => {
        assert.ok(!api["enable-admission-plugins"].includes("AlwaysAdmit"));
        assert.strictEqual(api["disable-admission-plugins"], undefined);
    });
    it("CIS 1.2.15 profiling=false", () => flag(api, "profiling", "false"));
    it("CIS 1.2.16-1.2.19 audit log path/maxage/maxbackup/maxsize", () => {
        flag(api, "audit-log-path", "/var/log/kubernetes/audit/audit.log");
        flag(api, "audit-log-maxage", "30");
        flag(api, "audit-log-maxbackup", "10");
        flag(api, "audit-log-maxsize", "100");
    });
    it("CIS 1.2.20 request-timeout, 1.2.21 service-account-lookup=true", () => {
        flag(api, "request-timeout", "60s");
        flag(api, "service-account-lookup", "true");
    });
    it("CIS 1.2.27 encryption-provider-config", () => flag(api, "encryption-provider-config", "/etc/kubernetes/enc/enc.yaml"));
    it("CIS 1.2.28 EncryptionConfiguration: aescbc 32-byte key first, identity last; KMS v2 when an endpoint is given", () => {
        const enc = parse(cp.yaml.encryptionConfiguration!);
        assert.strictEqual(enc.apiVersion, "apiserver.config.k8s.io/v1");
        const providers = enc.resources[0].providers;
        assert.deepStrictEqual(enc.resources[0].resources, ["secrets"]);
        assert.strictEqual(Buffer.from(providers[0].aescbc.keys[0].secret, "base64").length, 32);
        assert.deepStrictEqual(providers[providers.length - 1], { identity: {} });
        const kms = parse(render(controlPlaneArgs({ controlPlane: { encryption: { kmsEndpoint: "unix:///var/run/kms.sock" } } })).yaml.encryptionConfiguration!);
        assert.deepStrictEqual(kms.resources[0].providers[0], { kms: { apiVersion: "v2", name: "kms-v2", endpoint: "unix:///var/run/kms.sock", timeout: "3s" } });
    });
    it("CIS 1.2.29 tls-min-version=VersionTLS12 and strong cipher suites", () => {
        flag(api, "tls-min-version", "VersionTLS12");
        assert.deepStrictEqual(api["tls-cipher-suites"].split(","), TLS12_CIPHER_SUITES);
        assert.ok(TLS12_CIPHER_SUITES.every((s) => /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305)$/.test(s)));
    });
    it("CIS 1.2.30 service-account-extend-token-expiration=false", () => flag(api, "service-account-extend-token-expiration", "false"));
    it("extraVolumes mount every file the flags name", () => {
        const mounts = cluster.apiServer.extraVolumes.map((v: any) => v.mountPath);
        for (const f of ["admission-control-config-file", "audit-policy-file", "encryption-provider-config", "authentication-config"]) {
            assert.ok(mounts.some((m: string) => api[f].startsWith(m + "/")), f);
        }
        assert.ok(mounts.some((m: string) => api["audit-log-path"].startsWith(m + "/")));
    });
    it("CIS 1.3.1 terminated-pod-gc-threshold=10, 1.3.2 profiling=false", () => {
        flag(cm, "terminated-pod-gc-threshold", "10");
        flag(cm, "profiling", "false");
    });
    it("CIS 1.3.3 use-service-account-credentials, 1.3.6 RotateKubeletServerCertificate, 1.3.7 bind-address 127.0.0.1", () => {
        flag(cm, "use-service-account-credentials", "true");
        flag(cm, "feature-gates", "RotateKubeletServerCertificate=true");
        flag(cm, "bind-address", "127.0.0.1");
    });
    it("CIS 1.4.1 scheduler profiling=false, 1.4.2 bind-address 127.0.0.1", () => {
        flag(sched, "profiling", "false");
        flag(sched, "bind-address", "127.0.0.1");
    });
    it("CIS 2.2/2.5 client-cert-auth, 2.3/2.6 no auto-tls, 2.7 etcd's own CA", () => {
        flag(etcd, "client-cert-auth", "true");
        flag(etcd, "peer-client-cert-auth", "true");
        flag(etcd, "auto-tls", "false");
        flag(etcd, "peer-auto-tls", "false");
        flag(etcd, "trusted-ca-file", "/etc/kubernetes/pki/etcd/ca.crt");
    });
    it("CIS 3.2.1 audit-policy-file, 3.2.2 policy coverage", () => {
        flag(api, "audit-policy-file", "/etc/kubernetes/audit/policy.yaml");
        assert.strictEqual(audit.apiVersion, "audit.k8s.io/v1");
        assert.deepStrictEqual(audit.omitStages, ["RequestReceived"]);
        const meta = audit.rules.find((r: any) => r.level === "Metadata" && JSON.stringify(r.resources ?? "").includes("secrets"));
        assert.ok(JSON.stringify(meta.resources).includes("configmaps") && JSON.stringify(meta.resources).includes("tokenreviews"));
        const execRule = audit.rules.find((r: any) => JSON.stringify(r.resources ?? "").includes("pods/exec"));
        for (const s of ["pods/portforward", "pods/proxy", "services/proxy"]) assert.ok(JSON.stringify(execRule.resources).includes(s), s);
        assert.ok(audit.rules.some((r: any) => r.level === "RequestResponse" && r.verbs.includes("create") && JSON.stringify(r.resources).includes("deployments")));
        assert.deepStrictEqual(audit.rules[audit.rules.length - 1], { level: "Metadata" });
    });
    it("CIS 4.2.1 anonymous off, 4.2.2 Webhook authz + webhook authn, 4.2.3 client CA", () => {
        assert.strictEqual(kubelet.authentication.anonymous.enabled, false);
        assert.strictEqual(kubelet.authorization.mode, "Webhook");
        assert.strictEqual(kubelet.authentication.webhook.enabled, true);
        assert.strictEqual(kubelet.authentication.x509.clientCAFile, "/etc/kubernetes/pki/ca.crt");
    });
    it("CIS 4.2.4 readOnlyPort 0", () => assert.strictEqual(kubelet.readOnlyPort, 0));
    it("CIS 4.2.5 streamingConnectionIdleTimeout 5m", () => assert.strictEqual(kubelet.streamingConnectionIdleTimeout, "5m0s"));
    it("CIS 4.2.6 makeIPTablesUtilChains and (≤1.24) protectKernelDefaults with its sysctls", () => {
        assert.strictEqual(kubelet.makeIPTablesUtilChains, true);
        assert.strictEqual(kubelet.protectKernelDefaults, true);
        const sysctl = worker.files.find((f) => f.path === "/etc/sysctl.d/90-kubelet.conf")!.content;
        for (const [k, v] of Object.entries(PROTECTED_SYSCTLS)) assert.ok(sysctl.includes(`${k} = ${v}`), k);
    });
    it("CIS 4.2.7 no hostname-override", () => {
        assert.deepStrictEqual(join.nodeRegistration.kubeletExtraArgs, []);
    });
    it("CIS 4.2.8 eventRecordQPS 5", () => assert.strictEqual(kubelet.eventRecordQPS, 5));
    it("CIS 4.2.9 serverTLSBootstrap, 4.2.10 rotateCertificates, 4.2.11 RotateKubeletServerCertificate", () => {
        assert.strictEqual(kubelet.serverTLSBootstrap, true);
        assert.strictEqual(kubelet.rotateCertificates, true);
        assert.strictEqual(kubelet.featureGates.RotateKubeletServerCertificate, true);
    });
    it("CIS 4.2.12 tlsMinVersion and strong tlsCipherSuites", () => {
        assert.strictEqual(kubelet.tlsMinVersion, "VersionTLS12");
        assert.deepStrictEqual(kubelet.tlsCipherSuites, TLS12_CIPHER_SUITES);
    });
    it("CIS 4.2.13 podPidsLimit 4096, 4.2.14 seccompDefault", () => {
        assert.strictEqual(kubelet.podPidsLimit, 4096);
        assert.strictEqual(kubelet.seccompDefault, true);
    });
    it("kubelet extras: failSwapOn, no unsafe sysctls, systemd cgroups, reservations, eviction, graceful shutdown, log limits", () => {
        assert.strictEqual(kubelet.failSwapOn, true);
        assert.deepStrictEqual(kubelet.allowedUnsafeSysctls, []);
        assert.strictEqual(kubelet.cgroupDriver, "systemd");
        assert.ok(kubelet.kubeReserved.memory && kubelet.systemReserved.cpu && kubelet.evictionHard["memory.available"]);
        assert.deepStrictEqual(kubelet.enforceNodeAllocatable, ["pods"]);
        assert.strictEqual(kubelet.shutdownGracePeriod, "60s");
        assert.strictEqual(kubelet.shutdownGracePeriodCriticalPods, "20s");
        assert.strictEqual(kubelet.containerLogMaxSize, "10Mi");
        assert.strictEqual(kubelet.containerLogMaxFiles, 5);
    });
    it("dedicated pools register tainted; workers carry no self-set labels", () => {
        assert.deepStrictEqual(kubelet.registerWithTaints, [{ key: "dedicated", value: "general", effect: "NoSchedule" }]);
        assert.deepStrictEqual(join.nodeRegistration.taints, [{ key: "dedicated", value: "general", effect: "NoSchedule" }]);
        assert.strictEqual(parse(render(workerArgs()).yaml.kubeletConfig).registerWithTaints, undefined);
    });
    it("token discovery with pinned caCertHashes; init token short-lived", () => {
        assert.deepStrictEqual(join.discovery.bootstrapToken.caCertHashes, workerArgs().caCertHashes);
        assert.strictEqual(join.discovery.bootstrapToken.unsafeSkipCAVerification, false);
        assert.strictEqual(init.kind, "InitConfiguration");
        assert.strictEqual(init.bootstrapTokens[0].ttl, "1h");
    });
    it("PodSecurity defaults: enforce restricted, pinned version, kube-system exempt only", () => {
        const ps = admission.plugins.find((p: any) => p.name === "PodSecurity").configuration;
        assert.strictEqual(ps.defaults.enforce, "restricted");
        assert.strictEqual(ps.defaults["enforce-version"], "v1.34");
        assert.deepStrictEqual(ps.exemptions, { usernames: [], runtimeClasses: [], namespaces: ["kube-system"] });
    });
    it("OIDC issuer of the central IdP in the AuthenticationConfiguration", () => {
        assert.strictEqual(authn.jwt[0].issuer.url, "https://login.corp.example/realms/k8s");
        assert.strictEqual(authn.jwt[0].claimMappings.username.prefix, "oidc:");
    });
    it("containerd: SystemdCgroup, config_path, stream server on 127.0.0.1, AppArmor on, pinned sandbox, approved mirrors", () => {
        const t = parseToml(worker.containerdConfig);
        const get = (key: string) => t.find((e) => e.key === key)?.value;
        assert.strictEqual(get("SystemdCgroup"), true);
        assert.strictEqual(get("config_path"), "/etc/containerd/certs.d");
        assert.strictEqual(get("stream_server_address"), "127.0.0.1");
        assert.strictEqual(get("disable_apparmor"), false);
        assert.strictEqual(get("sandbox"), "registry.k8s.io/pause:3.10.1");
        const hosts = worker.files.find((f) => f.path === "/etc/containerd/certs.d/docker.io/hosts.toml")!;
        assert.ok(parseToml(hosts.content).some((e) => e.table[1] === "https://mirror.corp.example" && e.key === "capabilities"));
        assert.strictEqual(parseToml(render(workerArgs({ containerd: { selinux: true } })).containerdConfig).find((e) => e.key === "enable_selinux")?.value, true);
    });
    it("cloud-init: write_files for every document, modules, sysctls, audit rules, SSH key-only, kubeadm join/init", () => {
        const w = parse(worker.userData);
        assert.ok(worker.userData.startsWith("#cloud-config\n"));
        const paths = w.write_files.map((f: any) => f.path);
        for (const p of ["/etc/kubernetes/kubeadm/kubeadm.yaml", "/etc/kubernetes/patches/kubeletconfiguration+merge.yaml", "/etc/containerd/config.toml", "/etc/sysctl.d/90-kubelet.conf", "/etc/modules-load.d/k8s.conf", "/etc/audit/rules.d/90-kubernetes.rules"]) {
            assert.ok(paths.includes(p), p);
        }
        assert.strictEqual(w.write_files.find((f: any) => f.path === "/etc/modules-load.d/k8s.conf").content, "overlay\nbr_netfilter\n");
        assert.strictEqual(w.ssh_pwauth, false);
        assert.strictEqual(w.disable_root, true);
        assert.deepStrictEqual(w.runcmd[w.runcmd.length - 1], ["sh", "-c", "kubeadm join --config /etc/kubernetes/kubeadm/kubeadm.yaml"]);
        const c = parse(cp.userData);
        const cpPaths = c.write_files.map((f: any) => f.path);
        for (const p of ["/etc/kubernetes/audit/policy.yaml", "/etc/kubernetes/enc/enc.yaml", "/etc/kubernetes/admission/admission.yaml", "/etc/kubernetes/authn/authentication.yaml"]) assert.ok(cpPaths.includes(p), p);
        assert.match(c.runcmd[c.runcmd.length - 1][2], /^kubeadm init --config /);
        assert.ok(cp.holdsSecrets);
    });
    it("redacted rendering never contains key material", () => {
        const r = render(controlPlaneArgs(), true);
        assert.ok(!JSON.stringify(r).includes(AESCBC_KEY));
        assert.ok(cp.userData.includes(AESCBC_KEY), "the secret user-data carries the key for the node");
    });
    it("invalid arguments raise SpecError without echoing secrets", () => {
        const bad: Array<Record<string, any>> = [
            workerArgs({ role: "master" }),
            workerArgs({ caCertHashes: [] }),
            workerArgs({ bootstrapToken: "not-a-token-SECRET" }),
            workerArgs({ isolationLabels: { pool: "x" } }),
            workerArgs({ kubelet: { podPidsLimit: -1 } }),
            workerArgs({ kubelet: { streamingConnectionIdleTimeout: "0s" } }),
            workerArgs({ containerd: { sandboxImage: "registry.k8s.io/pause:latest" } }),
            controlPlaneArgs({ controlPlane: { encryption: {} } }),
            controlPlaneArgs({ controlPlane: { encryption: { aescbcKey: Buffer.from("short-SECRET").toString("base64") } } }),
            controlPlaneArgs({ controlPlane: { oidc: { issuerUrl: "http://idp" } } }),
            workerArgs({ controlPlane: { encryption: {} } }),
        ];
        for (const a of bad) {
            assert.throws(() => resolveSpec(a), (e: unknown) => e instanceof SpecError && !String((e as Error).message).includes("SECRET"));
        }
    });
});
