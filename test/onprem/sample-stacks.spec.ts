// The on-prem sample stacks under mocks: every on-prem policy over the recorded resources of the
// hardened sample → no violation; over the insecure example (program and YAML) → each reports.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse, parseAllDocuments } from "yaml";
import { installMocks, recorded, Recorded } from "../helpers/mocks";
import { onpremPolicies } from "../../policypacks/policies/onprem";
import { runResourcePolicy, Violation } from "../helpers/policy-harness";

const root = path.resolve(__dirname, "../..");

function runOver(resources: Array<{ type: string; name: string; inputs: Record<string, any> }>): Violation[] {
    return resources.flatMap((r) => onpremPolicies.flatMap((p) => runResourcePolicy(p, { type: r.type, name: r.name, props: r.inputs })));
}

async function settle(): Promise<void> {
    // Registrations are RPCs to the mock monitor; wait until no new resource arrives.
    let n = -1;
    while (n !== recorded.length) {
        n = recorded.length;
        await new Promise((r) => setTimeout(r, 50));
    }
}

describe("on-prem sample stacks", () => {
    let hardened: Recorded[] = [];
    let insecure: Recorded[] = [];
    let insecureManifests: Array<Record<string, any>> = [];

    before(async () => {
        installMocks("k8s-security-examples", "onprem");
        const cfg = parse(fs.readFileSync(path.join(root, "stacks/Pulumi.onprem.yaml"), "utf8")).config;
        pulumi.runtime.setAllConfig(cfg);
        const mod = await import("../../stacks/onprem");
        await Promise.all(Object.values(mod.outputs).map((o) => new Promise((r) => pulumi.output(o as any).apply(r))));
        await settle();
        hardened = [...recorded];

        installMocks("k8s-security-examples", "insecure");
        const ins = await import("../../stacks/insecure/onprem");
        insecureManifests = ins.insecureOnpremManifests;
        await settle();
        insecure = [...recorded];
    });

    it("the hardened sample has a provider, both pools, their kubeadm ConfigMaps and the tenants", () => {
        const names = hardened.map((r) => `${r.type} ${r.name}`);
        for (const n of [
            "pulumi:providers:kubernetes onprem-k8s",
            "ksl:index:OnPremNodePool control-plane",
            "ksl:index:OnPremNodePool workers",
            "kubernetes:core/v1:ConfigMap control-plane-kubelet-config",
            "kubernetes:core/v1:ConfigMap control-plane-kubeadm-config",
            "kubernetes:core/v1:ConfigMap workers-kubelet-config",
            "ksl:index:HardenedNamespace team-a",
        ]) assert.ok(names.includes(n), n);
        const cp = hardened.find((r) => r.name === "control-plane")!;
        assert.strictEqual(cp.inputs.controlPlane.encryption.kmsEndpoint, "unix:///var/run/kmsplugin/socket.sock", "config from Pulumi.onprem.yaml");
    });

    it("every on-prem policy passes the hardened sample (zero violations)", () => {
        assert.deepStrictEqual(runOver(hardened).map((v) => `${v.policy}: ${v.message}`), []);
    });

    it("every on-prem policy reports on the insecure program", () => {
        const fired = new Set(runOver(insecure).map((v) => v.policy));
        for (const p of onpremPolicies) assert.ok(fired.has(p.name), `${p.name} did not report`);
    });

    it("examples/manifests/insecure/onprem-config.yaml holds the same objects, and every on-prem policy reports on it", () => {
        const text = fs.readFileSync(path.join(root, "examples/manifests/insecure/onprem-config.yaml"), "utf8");
        const docs = parseAllDocuments(text).map((d) => d.toJS());
        assert.deepStrictEqual(docs, insecureManifests);
        const typeOf = (d: any) => `kubernetes:core/v1:${d.kind}`;
        const fired = new Set(runOver(docs.map((d: any) => ({ type: typeOf(d), name: d.metadata.name, inputs: d }))).map((v) => v.policy));
        for (const p of onpremPolicies) assert.ok(fired.has(p.name), `${p.name} did not report on the YAML`);
    });
});
