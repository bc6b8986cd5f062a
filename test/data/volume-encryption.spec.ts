// data.volume-encryption: Azure Disk StorageClasses name the disk encryption set that keys them.
import { strict as assert } from "assert";
import { dataPolicies } from "../../policypacks/policies/kubernetes/data";
import { runResourcePolicy } from "../helpers/policy-harness";

const p = dataPolicies.find((x) => x.name === "require-volume-encryption-key")!;
const DES = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/aks-des";
const sc = (provisioner: string, parameters: Record<string, string> = {}) =>
    runResourcePolicy(p, { type: "kubernetes:storage.k8s.io/v1:StorageClass", name: "sc", props: { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "managed-premium-cmk" }, provisioner, parameters, reclaimPolicy: "Retain" } });

describe("require-volume-encryption-key", () => {
    it("passes an Azure Disk class with a disk encryption set, and provisioners it has no key parameter for", () => {
        assert.deepEqual(sc("disk.csi.azure.com", { skuName: "Premium_ZRS", diskEncryptionSetID: DES }), []);
        assert.deepEqual(sc("rbd.csi.ceph.com", { clusterID: "ceph", pool: "k8s" }), []);
        assert.deepEqual(sc("file.csi.azure.com", { skuName: "Premium_LRS" }), []);
    });
    it("reports an Azure Disk class that leaves the platform-managed key", () => {
        const vs = sc("disk.csi.azure.com", { skuName: "Premium_LRS" });
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /provisioner "disk\.csi\.azure\.com" sets parameters\.diskEncryptionSetID=unset: its volumes are encrypted with a platform-managed key/);
        assert.equal(sc("disk.csi.azure.com", { diskEncryptionSetID: " " }).length, 1);
    });
});
