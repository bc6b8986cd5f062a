// Through a real program and ksl preview: the same insecure cluster declared as azure-native, as an
// API-versioned azure-native module and as the classic provider, each a raw CustomResource of its
// type (no extra SDK needed), is blocked by the same critical and high AKS policies.
import { strict as assert } from "assert";
import * as fs from "fs";
import { tmpProject } from "../helpers/tmp-project";
import { runCli } from "../engine/helpers";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
class Raw extends pulumi.CustomResource {
    constructor(type: string, name: string, props: Record<string, unknown>) {
        super(type, name, props);
    }
}
const native = {
    resourceGroupName: "rg", location: "westeurope", kubernetesVersion: "1.27", enableRBAC: false,
    servicePrincipalProfile: { clientId: "00000000-0000-0000-0000-000000000001" },
    addonProfiles: { httpApplicationRouting: { enabled: true } },
    networkProfile: { networkPlugin: "kubenet" },
    agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D2s_v3", count: 1, enableNodePublicIP: true }],
};
new Raw("azure-native:containerservice:ManagedCluster", "native", native);
new Raw("azure-native:containerservice/v20240901:ManagedCluster", "versioned", native);
new Raw("azure:containerservice/kubernetesCluster:KubernetesCluster", "classic", {
    resourceGroupName: "rg", location: "westeurope", dnsPrefix: "classic", kubernetesVersion: "1.27", roleBasedAccessControlEnabled: false,
    servicePrincipal: { clientId: "00000000-0000-0000-0000-000000000001" },
    httpApplicationRoutingEnabled: true,
    networkProfile: { networkPlugin: "kubenet" },
    defaultNodePool: { name: "system", vmSize: "Standard_D2s_v3", nodeCount: 1, nodePublicIpEnabled: true },
});
`;

describe("AKS measures through ksl preview for every spelling of the cluster type", function () {
    this.timeout(120_000);
    it("blocks the same critical/high policies on the azure-native, versioned and classic cluster", async () => {
        const dir = tmpProject("clusters", { "index.ts": PROGRAM });
        try {
            const r = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "aks", "--format", "json"]);
            assert.equal(r.code, 1, r.stderr);
            const report = JSON.parse(r.stdout);
            const blockedBy = (name: string) =>
                [...new Set(report.violations.filter((v: any) => v.resource.name === name && v.enforcementLevel === "mandatory" && !v.waived).map((v: any) => v.policy))].sort();
            const native = blockedBy("native");
            assert.ok(native.length >= 10, native.join(", "));
            assert.deepEqual(blockedBy("versioned"), native);
            assert.deepEqual(blockedBy("classic"), native);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
