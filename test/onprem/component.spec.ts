// OnPremNodePool under Pulumi mocks: children and their inputs, secrets, waivers, bad arguments.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { installMocks, recorded, valueOf, byName } from "../helpers/mocks";
import { AESCBC_KEY, BOOTSTRAP_TOKEN, controlPlaneArgs, workerArgs } from "./fixtures";

type Mod = typeof import("../../components/onprem-node-pool");
type ProviderMod = typeof import("@pulumi/kubernetes/provider");

describe("OnPremNodePool component", () => {
    let m: Mod;
    let P: ProviderMod;
    before(async () => {
        installMocks();
        m = await import("../../components/onprem-node-pool");
        P = await import("@pulumi/kubernetes/provider");
    });
    beforeEach(() => installMocks());

    const provider = () => new P.Provider("k8s", { kubeconfig: "apiVersion: v1\nkind: Config\n" });
    const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

    async function settle(pool: InstanceType<Mod["OnPremNodePool"]>) {
        await valueOf(pool.userData);
        if (pool.kubeletConfigMap) await valueOf(pool.kubeletConfigMap.urn);
        if (pool.kubeadmConfigMap) await valueOf(pool.kubeadmConfigMap.urn);
    }

    it("materialises kube-system/kubelet-config and kubeadm-config as kubeadm stores them (init pool)", async () => {
        const pool = new m.OnPremNodePool("cp", { ...(controlPlaneArgs() as any), kubernetesProvider: provider() });
        await settle(pool);
        const kc = byName("cp-kubelet-config")!;
        assert.strictEqual(kc.type, "kubernetes:core/v1:ConfigMap");
        assert.deepStrictEqual([kc.inputs.metadata.namespace, kc.inputs.metadata.name], ["kube-system", "kubelet-config"]);
        assert.strictEqual(parse(kc.inputs.data.kubelet).kind, "KubeletConfiguration");
        const ka = byName("cp-kubeadm-config")!;
        assert.deepStrictEqual([ka.inputs.metadata.namespace, ka.inputs.metadata.name], ["kube-system", "kubeadm-config"]);
        assert.deepStrictEqual(Object.keys(ka.inputs.data), ["ClusterConfiguration"]);
        assert.strictEqual(parse(ka.inputs.data.ClusterConfiguration).kind, "ClusterConfiguration");
        assert.strictEqual(kc.inputs.metadata.annotations["pulumi.com/patchForce"], "true");
    });

    it("records the component's own inputs (no provider object; waivers keyed by policy)", async () => {
        const pool = new m.OnPremNodePool("w", { ...(workerArgs() as any), kubernetesProvider: provider() });
        await settle(pool);
        const self = recorded.find((r) => r.type === "ksl:index:OnPremNodePool" && r.name === "w")!;
        assert.strictEqual(self.inputs.role, "worker");
        assert.strictEqual(self.inputs.kubernetesProvider, undefined);
        assert.deepStrictEqual(self.inputs.waivers, {});
    });

    it("worker pools get their own kubelet-config-<pool> and no kubeadm-config; isolation labels via admin NodePatch", async () => {
        const pool = new m.OnPremNodePool("gpu", { ...(workerArgs({ poolName: "gpu", dedicated: true }) as any), nodeNames: ["gpu-1"], kubernetesProvider: provider() });
        await settle(pool);
        assert.strictEqual(byName("gpu-kubelet-config")!.inputs.metadata.name, "kubelet-config-gpu");
        assert.strictEqual(byName("gpu-kubeadm-config"), undefined);
        const patch = byName("gpu-labels-gpu-1")!;
        assert.strictEqual(patch.type, "kubernetes:core/v1:NodePatch");
        assert.deepStrictEqual(patch.inputs.metadata.labels, { "node-restriction.kubernetes.io/pool": "gpu" });
    });

    it("key material and tokens never reach a ConfigMap; secret outputs are secret", async () => {
        const pool = new m.OnPremNodePool("cp", { ...(controlPlaneArgs({ bootstrapToken: pulumi.secret(BOOTSTRAP_TOKEN) }) as any), kubernetesProvider: provider() });
        await settle(pool);
        for (const r of recorded.filter((x) => x.type === "kubernetes:core/v1:ConfigMap")) {
            const text = JSON.stringify(r.inputs);
            assert.ok(!text.includes(AESCBC_KEY) && !text.includes(BOOTSTRAP_TOKEN), r.name);
            assert.ok(!text.includes("EncryptionConfiguration"), r.name);
        }
        assert.strictEqual(await (pool.encryptionConfiguration as any).isSecret, true);
        assert.strictEqual(await (pool.userData as any).isSecret, true);
        assert.strictEqual(await (pool.kubeadmConfig as any).isSecret, true);
        assert.strictEqual(await (pool.kubeletConfig as any).isSecret, false);
        assert.ok((await valueOf(pool.encryptionConfiguration))!.includes(AESCBC_KEY));
    });

    it("exposes every document as an output", async () => {
        const pool = new m.OnPremNodePool("cp", controlPlaneArgs() as any);
        const docs = await Promise.all([pool.kubeletConfig, pool.clusterConfiguration, pool.auditPolicy, pool.admissionConfiguration, pool.authenticationConfiguration, pool.encryptionConfiguration].map((o) => valueOf(o as any)));
        assert.deepStrictEqual(docs.map((d) => parse(d as string).kind), ["KubeletConfiguration", "ClusterConfiguration", "Policy", "AdmissionConfiguration", "AuthenticationConfiguration", "EncryptionConfiguration"]);
        assert.match((await valueOf(pool.containerdConfig)) as string, /SystemdCgroup = true/);
        assert.match((await valueOf(pool.userData)) as string, /^#cloud-config\n/);
        assert.strictEqual(byName("cp-kubelet-config"), undefined, "no provider, no ConfigMaps");
    });

    it("opt-outs require a waiver, which is recorded as an annotation on the ConfigMaps", async () => {
        assert.throws(() => new m.OnPremNodePool("w", workerArgs({ kubelet: { readOnlyPort: 10255 } }) as any), (e: unknown) => e instanceof pulumi.ResourceError && /readOnlyPort=10255 needs a waiver for onprem-kubelet-read-only-port/.test((e as Error).message));
        const expires = inFuture(60);
        const pool = new m.OnPremNodePool("w", {
            ...(workerArgs({ kubelet: { readOnlyPort: 10255 } }) as any),
            waivers: [{ policy: "onprem-kubelet-read-only-port", justification: "legacy Prometheus scrape until migration", expires }],
            kubernetesProvider: provider(),
        });
        await settle(pool);
        const ann = byName("w-kubelet-config")!.inputs.metadata.annotations;
        assert.strictEqual(ann["waivers.ksl.dev/onprem-kubelet-read-only-port"], `expires=${expires}; justification=legacy Prometheus scrape until migration`);
        const self = recorded.filter((r) => r.type === "ksl:index:OnPremNodePool").pop()!;
        assert.ok(self.inputs.waivers["onprem-kubelet-read-only-port"].startsWith(`expires=${expires}`));
    });

    it("bad arguments raise a ResourceError", () => {
        const bad: Array<Record<string, any>> = [
            workerArgs({ role: "master" }),
            workerArgs({ caCertHashes: [] }),
            workerArgs({ isolationLabels: { team: "a" } }),
            controlPlaneArgs({ controlPlane: { encryption: {} } }),
            controlPlaneArgs({ controlPlane: { profiling: true } }),
        ];
        for (const a of bad) assert.throws(() => new m.OnPremNodePool("bad", a as any), pulumi.ResourceError);
        assert.throws(() => new m.OnPremNodePool("bad", { ...(workerArgs() as any), waivers: [{ policy: "onprem-kubelet-read-only-port", justification: "short", expires: "2026-01-01" }] }), pulumi.ResourceError);
        // The packs' own rule (waiver-valid): a waiver 400 days out is refused at construction.
        const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
        assert.throws(
            () => new m.OnPremNodePool("far", { ...(workerArgs({ kubelet: { readOnlyPort: 10255 } }) as any), waivers: [{ policy: "onprem-kubelet-read-only-port", justification: "legacy metrics scraper until Q3", expires: far }] }),
            (e: unknown) => e instanceof pulumi.ResourceError && /more than 366 days ahead: the packs would reject it/.test((e as Error).message),
        );
    });
});
