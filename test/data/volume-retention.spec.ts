// data.volume-retention: the classes and volumes stateful data sits on reclaim with Retain.
import { strict as assert } from "assert";
import { dataPolicies } from "../../policypacks/policies/kubernetes/data";
import { runStackPolicy, StackResourceInput, UNKNOWN, assertNotCheckable } from "../helpers/policy-harness";

const p = dataPolicies.find((x) => x.name === "restrict-volume-reclaim-policy")!;
const sc = (name: string, extra: Record<string, unknown> = {}, annotations: Record<string, string> = {}): StackResourceInput => ({
    type: "kubernetes:storage.k8s.io/v1:StorageClass",
    name: `sc-${name}`,
    props: { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name, annotations }, provisioner: "disk.csi.azure.com", parameters: { skuName: "Premium_LRS" }, allowVolumeExpansion: true, ...extra },
});
const pvc = (name: string, storageClassName?: string): StackResourceInput => ({
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    name,
    props: { metadata: { name, namespace: "shop" }, spec: { accessModes: ["ReadWriteOnce"], ...(storageClassName === undefined ? {} : { storageClassName }), resources: { requests: { storage: "10Gi" } } } },
});
const sts = (storageClassName: string): StackResourceInput => ({
    type: "kubernetes:apps/v1:StatefulSet",
    name: "db",
    props: { metadata: { name: "db", namespace: "shop" }, spec: { replicas: 2, template: { spec: { containers: [{ name: "db", image: "postgres:16.4" }] } }, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { storageClassName, resources: { requests: { storage: "8Gi" } } } }] } },
});

describe("restrict-volume-reclaim-policy", () => {
    it("passes Retain classes and volumes, and classes nothing in the stack uses", () => {
        assert.deepEqual(runStackPolicy(p, [sc("retain-premium", { reclaimPolicy: "Retain" }), sts("retain-premium"), pvc("uploads", "retain-premium")]), []);
        assert.deepEqual(runStackPolicy(p, [sc("scratch", { reclaimPolicy: "Delete" })]), []);
        const pv: StackResourceInput = { type: "kubernetes:core/v1:PersistentVolume", name: "pv", props: { metadata: { name: "nfs-data" }, spec: { capacity: { storage: "100Gi" }, persistentVolumeReclaimPolicy: "Retain", nfs: { server: "10.0.0.5", path: "/exports" } } } };
        assert.deepEqual(runStackPolicy(p, [pv]), []);
    });

    it("reports a Delete (or unset) class that claims and volumeClaimTemplates use, including the default class", () => {
        const byName = runStackPolicy(p, [sc("managed-csi"), sts("managed-csi")]);
        assert.equal(byName.length, 1);
        assert.match(byName[0].message, /StorageClass managed-csi reclaims with Delete \(reclaimPolicy unset\)/);
        const byDefault = runStackPolicy(p, [sc("standard", { reclaimPolicy: "Delete" }, { "storageclass.kubernetes.io/is-default-class": "true" }), pvc("uploads")]);
        assert.match(byDefault[0].message, /reclaimPolicy="Delete" and claims in the stack use it/);
    });

    it("reports a static PersistentVolume with Delete, and an unknown policy is not checkable", () => {
        const pv: StackResourceInput = { type: "kubernetes:core/v1:PersistentVolume", name: "pv", props: { metadata: { name: "disk-1" }, spec: { persistentVolumeReclaimPolicy: "Delete", csi: { driver: "disk.csi.azure.com", volumeHandle: "/subscriptions/x/disk-1" } } } };
        assert.match(runStackPolicy(p, [pv])[0].message, /PersistentVolume disk-1 sets persistentVolumeReclaimPolicy="Delete"/);
        assertNotCheckable(runStackPolicy(p, [sc("x", { reclaimPolicy: UNKNOWN }), pvc("uploads", "x")]), /reclaimPolicy can't be known/);
    });
});
