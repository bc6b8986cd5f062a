// Every on-prem policy: compliant and non-compliant where each document can appear — a ConfigMap,
// cloud-init user-data in some resource (plain and base64), and OnPremNodePool inputs. The
// non-compliant configurations are produced through the component's own arguments (opt-outs,
// extraArgs and the override escape hatch), so each case is the hardened render with one change.
import * as assert from "assert";
import { stringify } from "yaml";
import { onpremPolicies } from "../../policypacks/policies/onprem";
import { runResourcePolicy, ResourceInput, UNKNOWN, messages } from "../helpers/policy-harness";
import {
    AESCBC_KEY, BOOTSTRAP_TOKEN, CANARY_TOKEN, component, configMap, configMapOf, controlPlaneArgs, render, vmWithUserData, workerArgs,
} from "./fixtures";

const byName = new Map(onpremPolicies.map((p) => [p.name, p]));
function policy(name: string) {
    const p = byName.get(name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

interface Case {
    policy: string;
    /** Arguments producing the insecure configuration. */
    bad: Record<string, any>;
    /** A fragment every report must contain. */
    expect: RegExp;
    /** Where the document can appear (ConfigMap not for containerd/cloud-config). */
    places?: Array<"configmap" | "cloud-init" | "component">;
}

const cp = (extra: Record<string, any>) => controlPlaneArgs(extra);
const wk = (extra: Record<string, any>) => workerArgs(extra);
const waive = (policyName: string) => ({ waivers: { [policyName]: "expires=2099-01-01; justification=test of the policy itself" } });

const cases: Case[] = [
    { policy: "onprem-kubelet-anonymous-auth", bad: wk({ overrides: { kubelet: { authentication: { anonymous: { enabled: true } } } } }), expect: /authentication\.anonymous\.enabled=true/ },
    { policy: "onprem-kubelet-anonymous-auth", bad: wk({ extraArgs: { kubelet: { "anonymous-auth": "true" } } }), expect: /kubeletExtraArgs anonymous-auth/ },
    { policy: "onprem-kubelet-authorization-mode", bad: wk({ overrides: { kubelet: { authorization: { mode: "AlwaysAllow" } } } }), expect: /authorization\.mode="AlwaysAllow"/ },
    { policy: "onprem-kubelet-authorization-mode", bad: wk({ overrides: { kubelet: { authentication: { x509: { clientCAFile: null } } } } }), expect: /clientCAFile/ },
    { policy: "onprem-kubelet-read-only-port", bad: wk({ kubelet: { readOnlyPort: 10255 } }), expect: /readOnlyPort=10255/ },
    { policy: "onprem-kubelet-tls", bad: wk({ overrides: { kubelet: { serverTLSBootstrap: false, tlsCipherSuites: ["TLS_RSA_WITH_AES_128_CBC_SHA"] } } }), expect: /serverTLSBootstrap=false|TLS_RSA_WITH_AES_128_CBC_SHA/ },
    { policy: "onprem-kubelet-protect-kernel-defaults", bad: wk({ kubelet: { protectKernelDefaults: false } }), expect: /protectKernelDefaults=false/ },
    { policy: "onprem-kubelet-seccomp-default", bad: wk({ kubelet: { seccompDefault: false } }), expect: /seccompDefault=false/ },
    { policy: "onprem-kubelet-limits", bad: wk({ overrides: { kubelet: { podPidsLimit: -1, eventRecordQPS: 0 } } }), expect: /podPidsLimit=-1|eventRecordQPS=0/ },
    { policy: "onprem-kubelet-hostname-override", bad: wk({ extraArgs: { kubelet: { "hostname-override": "node-a" } } }), expect: /hostname-override/ },
    { policy: "onprem-node-labels-restricted", bad: wk({ extraArgs: { kubelet: { "node-labels": "pool=payments" } } }), expect: /"pool"/ },
    { policy: "onprem-kubeadm-discovery-pinned", bad: wk({ overrides: { joinConfiguration: { discovery: { bootstrapToken: { unsafeSkipCAVerification: true, caCertHashes: [] } } } } }), expect: /unsafeSkipCAVerification=true|caCertHashes is empty/ },
    { policy: "onprem-bootstrap-token-ttl", bad: cp({ overrides: { initConfiguration: { bootstrapTokens: [{ token: BOOTSTRAP_TOKEN, ttl: "0s" }] } } }), expect: /never expires/ },
    { policy: "onprem-apiserver-anonymous-auth", bad: cp({ extraArgs: { apiServer: { "anonymous-auth": "true" } } }), expect: /anonymous-auth="true"/ },
    { policy: "onprem-apiserver-anonymous-auth", bad: cp({ overrides: { authenticationConfiguration: { anonymous: { enabled: true, conditions: null } } } }), expect: /no conditions/ },
    { policy: "onprem-apiserver-authorization-mode", bad: cp({ extraArgs: { apiServer: { "authorization-mode": "AlwaysAllow" } } }), expect: /AlwaysAllow/ },
    { policy: "onprem-apiserver-admission-plugins", bad: cp({ extraArgs: { apiServer: { "enable-admission-plugins": "NodeRestriction,AlwaysAdmit" } } }), expect: /lacks EventRateLimit|AlwaysAdmit/ },
    { policy: "onprem-apiserver-audit-log", bad: cp({ extraArgs: { apiServer: { "audit-log-path": "", "audit-policy-file": "" } } }), expect: /audit-policy-file|audit-log-path/ },
    { policy: "onprem-apiserver-encryption-provider", bad: cp({ extraArgs: { apiServer: { "encryption-provider-config": "" } } }), expect: /encryption-provider-config/ },
    { policy: "onprem-encryption-config-providers", bad: cp({ overrides: { encryptionConfiguration: { resources: [{ resources: ["secrets"], providers: [{ identity: {} }] }] } } }), expect: /providers\[0\] is identity/ },
    { policy: "onprem-apiserver-tls", bad: cp({ extraArgs: { apiServer: { "tls-min-version": "VersionTLS10", "kubelet-certificate-authority": "" } } }), expect: /tls-min-version="VersionTLS10"|kubelet-certificate-authority/ },
    { policy: "onprem-apiserver-profiling", bad: cp({ controlPlane: { profiling: true }, ...waive("onprem-apiserver-profiling") }), expect: /profiling="true"/ },
    { policy: "onprem-apiserver-service-account-tokens", bad: cp({ extraArgs: { apiServer: { "service-account-extend-token-expiration": "true" } } }), expect: /service-account-extend-token-expiration="true"/ },
    { policy: "onprem-apiserver-central-idp", bad: cp({ controlPlane: { oidc: undefined } }), expect: /no central identity provider|jwt has no issuer/ },
    { policy: "onprem-controller-manager-hardening", bad: cp({ extraArgs: { controllerManager: { profiling: "true", "bind-address": "0.0.0.0" } } }), expect: /controllerManager\.extraArgs/ },
    { policy: "onprem-kube-proxy-metrics-localhost", bad: cp({ overrides: { kubeProxy: { metricsBindAddress: "0.0.0.0:10249" } } }), expect: /metricsBindAddress="0\.0\.0\.0:10249"/ },
    { policy: "onprem-etcd-snapshots", bad: cp({ overrides: { cloudConfig: { write_files: [] } } }), expect: /schedules no etcd snapshot/, places: ["component"] },
    { policy: "onprem-scheduler-hardening", bad: cp({ extraArgs: { scheduler: { profiling: "true" } } }), expect: /scheduler\.extraArgs profiling="true"/ },
    { policy: "onprem-etcd-tls", bad: cp({ extraArgs: { etcd: { "auto-tls": "true", "client-cert-auth": "false" } } }), expect: /etcd\.local\.extraArgs/ },
    { policy: "onprem-static-token-auth", bad: cp({ extraArgs: { apiServer: { "token-auth-file": "/etc/kubernetes/tokens.csv" } } }), expect: /token-auth-file/ },
    { policy: "onprem-audit-policy-coverage", bad: cp({ overrides: { auditPolicy: { rules: [{ level: "RequestResponse" }] } } }), expect: /is audited at RequestResponse; must be Metadata/ },
    { policy: "onprem-admission-pod-security-defaults", bad: cp({ controlPlane: { podSecurityLevel: "baseline", podSecurityExemptNamespaces: ["kube-system", "legacy"] } }), expect: /defaults\.enforce="baseline"|legacy/ },
    { policy: "onprem-containerd-hardening", bad: wk({ overrides: { containerd: { "plugins.'io.containerd.grpc.v1.cri'": { stream_server_address: "0.0.0.0" } } } }), expect: /stream_server_address="0.0.0.0"/, places: ["cloud-init", "component"] },
    { policy: "onprem-cloud-init-ssh-access", bad: wk({ overrides: { cloudConfig: { ssh_pwauth: true, disable_root: false } } }), expect: /ssh_pwauth=true|disable_root=false/, places: ["cloud-init", "component"] },
];

function inputsFor(place: "configmap" | "cloud-init" | "component", args: Record<string, any>): ResourceInput[] {
    if (place === "component") return [component(args)];
    if (place === "configmap") return [configMapOf(render(args, true))];
    const r = render(args);
    return [vmWithUserData(r.userData), vmWithUserData(r.userData, true)];
}

describe("on-prem policies", () => {
    it("registers one file per policy, all named onprem-*, with a catalog measure", () => {
        assert.ok(onpremPolicies.length >= 25);
        for (const p of onpremPolicies) {
            assert.match(p.name, /^onprem-[a-z0-9-]+$/);
            assert.ok(p.ksl.measure, `${p.name} has a measure`);
            assert.ok(/\.\s*$/.test(p.description ?? ""), `${p.name} description is full sentences`);
        }
        assert.strictEqual(new Set(onpremPolicies.map((p) => p.name)).size, onpremPolicies.length);
    });

    it("every policy has a non-compliant case below", () => {
        const covered = new Set(cases.map((c) => c.policy).concat(["onprem-config-parseable"]));
        for (const p of onpremPolicies) assert.ok(covered.has(p.name), `${p.name} has no case`);
    });

    const hardened = [controlPlaneArgs(), controlPlaneArgs({ initControlPlane: false }), workerArgs(), workerArgs({ dedicated: true })];
    for (const place of ["configmap", "cloud-init", "component"] as const) {
        it(`hardened configuration passes every policy (${place})`, () => {
            for (const args of hardened) {
                for (const input of inputsFor(place, args)) {
                    const v = onpremPolicies.flatMap((p) => runResourcePolicy(p, input));
                    assert.deepStrictEqual(v.map((x) => x.message), []);
                }
            }
        });
    }

    for (const c of cases) {
        for (const place of c.places ?? (["configmap", "cloud-init", "component"] as const)) {
            it(`${c.policy} reports ${c.expect.source.slice(0, 50)} (${place})`, () => {
                for (const input of inputsFor(place, c.bad)) {
                    const v = runResourcePolicy(policy(c.policy), input);
                    assert.ok(v.length > 0, `no violation from ${input.type}`);
                    for (const m of messages(v)) {
                        assert.match(m, c.expect);
                        assert.ok(!m.includes(BOOTSTRAP_TOKEN) && !m.includes(AESCBC_KEY), "no secret in message");
                    }
                    // The message names the resource and the document location.
                    assert.match(v[0].message, place === "component" ? /OnPremNodePool "pool".*rendered from the OnPremNodePool inputs/ : place === "configmap" ? /ConfigMap kube-system\/node-config.*data key "/ : /VirtualMachine "node-1".*cloud-init user-data in property initialization\.userDataRaw/);
                }
            });
        }
    }

    it("a component waiver is honoured: the violation is reported as waived, not dropped", () => {
        const expires = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
        const args = workerArgs({ kubelet: { readOnlyPort: 10255 }, waivers: { "onprem-kubelet-read-only-port": `expires=${expires}; justification=legacy metrics scraper until Q3` } });
        const v = runResourcePolicy(policy("onprem-kubelet-read-only-port"), component(args));
        assert.ok(v.length > 0 && v.every((x) => x.waived && x.enforcementLevel === "advisory"));
    });

    describe("document discovery", () => {
        const kubeletBad = stringify({ apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration", readOnlyPort: 10255, authentication: { anonymous: { enabled: true } } });

        it("reads JSON documents and multi-document values in any ConfigMap of any namespace", () => {
            const json = JSON.stringify({ apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration", readOnlyPort: 10255 });
            assert.strictEqual(runResourcePolicy(policy("onprem-kubelet-read-only-port"), configMap("cfg", { "config.json": json }, "ops")).length, 1);
            const multi = "apiVersion: v1\nkind: Other\n---\n" + kubeletBad;
            const v = runResourcePolicy(policy("onprem-kubelet-read-only-port"), configMap("cfg", { multi }, "ops"));
            assert.strictEqual(v.length, 1);
            assert.match(v[0].message, /ConfigMap ops\/cfg, KubeletConfiguration in data key "multi": readOnlyPort=10255/);
        });

        it("reads kubeadm v1beta3 map-form extraArgs too", () => {
            const c = stringify({ apiVersion: "kubeadm.k8s.io/v1beta3", kind: "ClusterConfiguration", apiServer: { extraArgs: { "authorization-mode": "AlwaysAllow" } } });
            assert.strictEqual(runResourcePolicy(policy("onprem-apiserver-authorization-mode"), configMap("kubeadm-config", { ClusterConfiguration: c })).length, 3); // AlwaysAllow, lacks Node, lacks RBAC
        });

        it("decodes write_files with encoding b64 and gz+b64, and gzip+base64 user-data", () => {
            const zlib = require("zlib");
            for (const [content, encoding] of [[Buffer.from(kubeletBad).toString("base64"), "b64"], [zlib.gzipSync(kubeletBad).toString("base64"), "gz+b64"]]) {
                const ud = "#cloud-config\n" + stringify({ write_files: [{ path: "/var/lib/kubelet/config.yaml", content, encoding }] });
                assert.strictEqual(runResourcePolicy(policy("onprem-kubelet-anonymous-auth"), vmWithUserData(ud)).length, 1, encoding);
            }
            const ud = "#cloud-config\n" + stringify({ write_files: [{ path: "/var/lib/kubelet/config.yaml", content: kubeletBad }] });
            const gz = zlib.gzipSync(ud).toString("base64");
            const input: ResourceInput = { type: "openstack:compute/instance:Instance", name: "n", props: { userData: gz } };
            assert.strictEqual(runResourcePolicy(policy("onprem-kubelet-read-only-port"), input).length, 1);
        });

        it("reports unparseable embedded documents naming resource and key, without their content", () => {
            const broken = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nstaticPodURLHeader: {Authorization: " + CANARY_TOKEN + "\n";
            const v = runResourcePolicy(policy("onprem-config-parseable"), configMap("kubelet-config", { kubelet: broken }));
            assert.strictEqual(v.length, 1);
            assert.match(v[0].message, /ConfigMap kube-system\/kubelet-config: data key "kubelet": not valid YAML or JSON/);
            assert.ok(!v[0].message.includes(CANARY_TOKEN));
            const ud = "#cloud-config\nwrite_files:\n  - path: /etc/containerd/config.toml\n    content: |\n      [plugins\n";
            const t = runResourcePolicy(policy("onprem-config-parseable"), vmWithUserData(ud));
            assert.match(t[0].message, /write_files "\/etc\/containerd\/config.toml": not valid TOML/);
            const c = runResourcePolicy(policy("onprem-config-parseable"), component({ role: "worker", controlPlaneEndpoint: "x:6443" }));
            assert.match(c[0].message, /OnPremNodePool "pool": inputs cannot be rendered: bootstrapToken is required/);
        });

        it("never puts key material or tokens into messages (canary secrets)", () => {
            const enc = stringify({ apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration", resources: [{ resources: ["secrets"], providers: [{ aescbc: { keys: [{ name: "k", secret: Buffer.from(CANARY_TOKEN).toString("base64") }] } }] }] });
            const v = runResourcePolicy(policy("onprem-encryption-config-providers"), configMap("enc", { enc }));
            assert.ok(v.length >= 2); // wrong key length, and key material in a ConfigMap
            for (const m of messages(v)) assert.ok(!m.includes(CANARY_TOKEN) && !m.includes(Buffer.from(CANARY_TOKEN).toString("base64")));
            const ud = "#cloud-config\n" + stringify({ users: [{ name: "ops", plain_text_passwd: CANARY_TOKEN, lock_passwd: false }], chpasswd: { list: `root:${CANARY_TOKEN}` } });
            const s = runResourcePolicy(policy("onprem-cloud-init-ssh-access"), vmWithUserData(ud));
            assert.ok(s.length >= 3);
            for (const m of messages(s)) assert.ok(!m.includes(CANARY_TOKEN));
        });

        it("never throws on malformed input or unknown values", () => {
            const weird: ResourceInput[] = [
                configMap("x", { kubelet: "kind: KubeletConfiguration\napiVersion: kubelet.config.k8s.io/v1beta1\nauthentication: 5\nauthorization: [1]\ntlsCipherSuites: 7\n" }),
                configMap("x", { c: "kind: ClusterConfiguration\napiVersion: kubeadm.k8s.io/v1beta4\napiServer: {extraArgs: [1, null, {name: 3}]}\netcd: {local: 5, external: {endpoints: 3}}\n" }),
                configMap("x", { p: "kind: Policy\napiVersion: audit.k8s.io/v1\nrules: [null, {resources: 5}, {resources: [null]}]\n" }),
                configMap("x", { e: "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [{providers: 3}, {resources: [secrets], providers: [null, {aescbc: 1}]}]\n" }),
                { type: "kubernetes:core/v1:ConfigMap", name: "u", props: { metadata: { name: "u" }, data: UNKNOWN } },
                { type: "x:y:Z", name: "u", props: { userData: UNKNOWN, nested: [UNKNOWN, { a: "#cloud-config\nwrite_files: 5\nusers: [3]\n" }] } },
                component({ role: 5, kubelet: "x" }),
                component(null as any),
            ];
            for (const input of weird) for (const p of onpremPolicies) runResourcePolicy(p, input);
        });

        it("component inputs unknown during preview: the SDK's advisory 'cannot run' diagnostic, no crash", () => {
            const v = runResourcePolicy(policy("onprem-kubelet-read-only-port"), component({ ...workerArgs(), caCertHashes: UNKNOWN }));
            assert.strictEqual(v.length, 1);
            assert.strictEqual(v[0].enforcementLevel, "advisory");
            assert.match(v[0].message, /can't run policy/);
        });
    });
});
