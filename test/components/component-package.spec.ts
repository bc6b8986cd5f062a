// The component package (PulumiPlugin.yaml, provider/): the schema other languages' SDKs are
// generated from, and construct() - what a Python, Go, C# or YAML program's `new HardenedNamespace`
// becomes - checked against the TypeScript classes under mocks, without the Pulumi CLI.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { COMPONENTS, componentDocTags, KslComponentProvider, PACKAGE_NAME } from "../../provider/ksl-provider";
import { drain, installMocks, recorded } from "../helpers/mocks";
import { installAzureMocks, azRecorded, drain as azDrain } from "../aks/azure-mocks";
import { KV, WS } from "../aks/fixtures";
import { controlPlaneArgs } from "../onprem/fixtures";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { deserializeInputs } = require("@pulumi/pulumi/provider/server");

const ROOT = path.join(__dirname, "..", "..");
const future = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

/** The inputs as the provider's gRPC server hands them to construct(): serialized by the consumer's SDK (output values kept), deserialized by the server. */
async function overTheWire(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const wire = await pulumi.runtime.serializeProperties("construct", args, { keepOutputValues: true });
    return deserializeInputs(Struct.fromJavaScript(wire), new Map());
}

describe("component package (PulumiPlugin.yaml, provider/)", function () {
    this.timeout(180_000);
    const provider = new KslComponentProvider();
    let schema: any;
    before(async () => {
        schema = JSON.parse(await provider.getSchema());
    });

    it("is a Node.js plugin named ksl whose version is the library's", () => {
        assert.deepEqual(YAML.parse(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8")), { runtime: "nodejs", main: "provider" });
        const lib = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "package.json"), "utf8"));
        assert.equal(pkg.name, PACKAGE_NAME);
        assert.equal(pkg.version, lib.version, "provider/package.json follows the library version");
        assert.equal(schema.name, PACKAGE_NAME);
        assert.equal(schema.version, lib.version);
    });

    it("names every documented arg of the three components, with its type and description", () => {
        const doc = componentDocTags();
        assert.deepEqual(Object.keys(schema.resources).sort(), COMPONENTS.map((c) => `${PACKAGE_NAME}:index:${c.name}`).sort());
        for (const c of COMPONENTS) {
            const iface = doc.argsOf.get(c.name)!;
            const documented = [...doc.tags.keys()].filter((k) => k.startsWith(`${iface}.`)).map((k) => k.slice(iface.length + 1));
            const res = schema.resources[`${PACKAGE_NAME}:index:${c.name}`];
            assert.ok(documented.length > 5, `${iface}: ${documented.length} args`);
            assert.deepEqual(Object.keys(res.inputProperties).sort(), documented.sort(), `${c.name}: schema inputs = ${iface}'s members`);
            for (const [k, p] of Object.entries<any>(res.inputProperties)) {
                assert.ok((p.description ?? "").length > 10, `${c.name}.${k} has no description`);
                assert.ok(p.type || p.$ref || p.items, `${c.name}.${k} has no type`);
            }
            assert.ok(Object.keys(res.properties ?? {}).length > 0, `${c.name} has no outputs`);
        }
        // Nested arg types carry their members' descriptions too.
        for (const [token, t] of Object.entries<any>(schema.types)) {
            for (const [k, p] of Object.entries<any>(t.properties ?? {})) assert.ok((p.description ?? "").length > 5, `${token}.${k} has no description`);
        }
    });

    it("carries the documented secure defaults, string enums, secret key material and the Kubernetes provider as a resource reference", () => {
        const ns = schema.resources[`${PACKAGE_NAME}:index:HardenedNamespace`].inputProperties;
        assert.match(ns.podSecurityLevel.description, /Default: "restricted"/);
        assert.equal(ns.podSecurityLevel.$ref, `#/types/${PACKAGE_NAME}:index:PodSecurityLevel`);
        assert.deepEqual(schema.types[`${PACKAGE_NAME}:index:PodSecurityLevel`].enum.map((e: any) => e.value).sort(), ["baseline", "privileged", "restricted"]);
        const aks = schema.resources[`${PACKAGE_NAME}:index:HardenedAKSCluster`].inputProperties;
        assert.match(aks.outboundType.description, /Default: "managedNATGateway"/);
        const onprem = schema.resources[`${PACKAGE_NAME}:index:OnPremNodePool`].inputProperties;
        assert.match(JSON.stringify(onprem.kubernetesProvider), /kubernetes/);
        const secrets = Object.entries<any>(schema.types).flatMap(([t, d]) => Object.entries<any>(d.properties ?? {}).filter(([, p]) => p.secret).map(([k]) => `${t.split(":")[2]}.${k}`));
        assert.ok(secrets.includes("OnPremEncryptionArgs.aescbcKey"), secrets.join(", "));
    });

    describe("construct() under mocks builds what the TypeScript class builds", () => {
        async function children(run: () => unknown | Promise<unknown>, azure: boolean): Promise<Array<{ type: string; name: string; inputs: unknown }>> {
            if (azure) installAzureMocks();
            else installMocks();
            await run();
            await (azure ? azDrain() : drain());
            const rs = azure ? azRecorded : recorded;
            return rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })).sort((a, b) => `${a.type}/${a.name}`.localeCompare(`${b.type}/${b.name}`));
        }

        const cases: Array<{ component: string; azure: boolean; args: () => Record<string, unknown>; key: (rs: Array<{ type: string; name: string; inputs: any }>) => void }> = [
            {
                component: "HardenedNamespace",
                azure: false,
                args: () => ({ adminGroups: ["00000000-0000-0000-0000-0000000000a1"], podSecurityLevel: "baseline", waivers: [{ policy: "require-pod-security-labels", justification: "Legacy batch jobs run as root until Q3", expires: future }] }),
                key: (rs) => {
                    const ns = rs.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
                    assert.equal(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "baseline");
                    assert.match(ns.inputs.metadata.annotations["waivers.ksl.dev/require-pod-security-labels"], /expires=/);
                },
            },
            {
                component: "HardenedAKSCluster",
                azure: true,
                args: () => ({ resourceGroupName: "rg", location: "westeurope", adminGroupObjectIds: ["3a1f5c2e-8d4b-4e6a-9c7f-1b2d3e4f5a6b"], logAnalyticsWorkspaceId: WS, keyVaultId: KV, skuTier: "Free", waivers: [{ policy: "aks-sku-tier", justification: "Dev cluster without an SLA", expires: future }] }),
                key: (rs) => {
                    const mc = rs.find((r) => r.type === "azure-native:containerservice:ManagedCluster")!;
                    assert.equal(mc.inputs.sku.tier, "Free");
                    assert.ok(Object.keys(mc.inputs.tags).includes("ksl-waiver-aks-sku-tier"));
                },
            },
            {
                component: "OnPremNodePool",
                azure: false,
                // The Kubernetes provider crosses as a resource reference; the waiver as plain data.
                args: () => ({
                    ...controlPlaneArgs({ kubelet: { readOnlyPort: 10255 } }),
                    kubernetesProvider: new k8s.Provider("k8s", { kubeconfig: "apiVersion: v1\nkind: Config\n" }),
                    waivers: [{ policy: "onprem-kubelet-read-only-port", justification: "legacy Prometheus scrape until migration", expires: future }],
                }),
                key: (rs) => {
                    const kubelet = rs.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.inputs.metadata.name === "kubelet-config")!;
                    assert.match(kubelet.inputs.data.kubelet, /readOnlyPort: 10255/);
                    assert.match(kubelet.inputs.metadata.annotations["waivers.ksl.dev/onprem-kubelet-read-only-port"], /legacy Prometheus/);
                },
            },
        ];

        for (const c of cases) {
            it(`${c.component}: same children, names and inputs, including the waiver`, async () => {
                const cls = COMPONENTS.find((x) => x.name === c.component)!;
                const direct = await children(() => new (cls as new (n: string, a: unknown) => pulumi.ComponentResource)("x", c.args()), c.azure);
                const viaProvider = await children(async () => provider.construct("x", `${PACKAGE_NAME}:index:${c.component}`, await overTheWire(c.args()), {}), c.azure);
                assert.ok(direct.length > 2, `${c.component}: ${direct.length} children`);
                assert.deepEqual(viaProvider, direct);
                c.key(viaProvider as any);
            });
        }

        it("an invalid argument is the same ResourceError as from TypeScript", async () => {
            installMocks();
            const bad = { podSecurityLevel: "baseline" }; // a weaker level without its waiver
            let direct: Error | undefined;
            try {
                new (COMPONENTS.find((c) => c.name === "HardenedNamespace")!)("bad", bad as any);
            } catch (e) {
                direct = e as Error;
            }
            await assert.rejects(provider.construct("bad", `${PACKAGE_NAME}:index:HardenedNamespace`, await overTheWire(bad), {}), (e: Error) => {
                assert.ok(direct, "the class rejects the argument");
                assert.equal(e.constructor.name, "ResourceError");
                assert.equal(e.message, direct!.message);
                return true;
            });
        });
    });
});
