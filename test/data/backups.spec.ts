// data.backups: a stack with persistent data declares a backup schedule covering each namespace.
import { strict as assert } from "assert";
import { dataPolicies } from "../../policypacks/policies/kubernetes/data";
import { runStackPolicy, StackResourceInput, UNKNOWN } from "../helpers/policy-harness";

const p = dataPolicies.find((x) => x.name === "require-backup-schedule")!;
const pvc = (name: string, ns: string): StackResourceInput => ({
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    name: `${ns}-${name}`,
    props: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: ns }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } },
});
/** A database StatefulSet in the shape of a Bitnami chart: its volumes come from volumeClaimTemplates. */
const postgres = (ns: string): StackResourceInput => ({
    type: "kubernetes:apps/v1:StatefulSet",
    name: `${ns}-postgresql`,
    props: {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "postgresql", namespace: ns },
        spec: {
            serviceName: "postgresql-hl",
            replicas: 1,
            selector: { matchLabels: { "app.kubernetes.io/name": "postgresql" } },
            template: { metadata: { labels: { "app.kubernetes.io/name": "postgresql" } }, spec: { containers: [{ name: "postgresql", image: "docker.io/bitnami/postgresql:16.4.0" }] } },
            volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "8Gi" } } } }],
        },
    },
});
const velero = (spec: Record<string, unknown>, name = "daily"): StackResourceInput => ({
    type: "kubernetes:velero.io/v1:Schedule",
    name: `velero-${name}`,
    props: { apiVersion: "velero.io/v1", kind: "Schedule", metadata: { name, namespace: "velero" }, spec },
});

describe("require-backup-schedule", () => {
    it("is silent for stacks without persistent data", () => {
        assert.deepEqual(runStackPolicy(p, [{ type: "kubernetes:apps/v1:Deployment", name: "web", props: { metadata: { name: "web", namespace: "shop" }, spec: {} } }]), []);
    });

    it("passes a Velero Schedule over all namespaces or the ones holding data, a k8up Schedule in the namespace, an AKS Backup instance", () => {
        assert.deepEqual(runStackPolicy(p, [pvc("uploads", "shop"), postgres("shop"), velero({ schedule: "0 2 * * *", template: { ttl: "720h" } })]), []);
        assert.deepEqual(runStackPolicy(p, [postgres("shop"), velero({ schedule: "@daily", template: { includedNamespaces: ["shop", "billing"] } })]), []);
        const k8up: StackResourceInput = { type: "kubernetes:k8up.io/v1:Schedule", name: "k8up", props: { metadata: { name: "backup", namespace: "shop" }, spec: { backup: { schedule: "@daily-random" } } } };
        assert.deepEqual(runStackPolicy(p, [pvc("uploads", "shop"), k8up]), []);
        const aksBackup: StackResourceInput = {
            type: "azure-native:dataprotection:BackupInstance",
            name: "aks-backup",
            props: { resourceGroupName: "rg", vaultName: "vault", properties: { objectType: "BackupInstance", dataSourceInfo: { datasourceType: "Microsoft.ContainerService/managedClusters", objectType: "Datasource", resourceID: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1" } } },
        };
        assert.deepEqual(runStackPolicy(p, [pvc("uploads", "shop"), aksBackup]), []);
    });

    it("reports once, naming each namespace whose data no schedule covers", () => {
        const vs = runStackPolicy(p, [pvc("uploads", "shop"), postgres("billing"), pvc("cache", "billing"), velero({ schedule: "@daily", template: { includedNamespaces: ["*"], excludedNamespaces: ["billing"] } })]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /no backup schedule in the stack covers: billing \(PersistentVolumeClaim cache, StatefulSet postgresql\)\./);
        // A Velero Schedule without a schedule backs up nothing by itself; another namespace's k8up neither.
        assert.equal(runStackPolicy(p, [pvc("uploads", "shop"), velero({ template: {} })]).length, 1);
        const k8upElsewhere: StackResourceInput = { type: "kubernetes:k8up.io/v1:Schedule", name: "k8up", props: { metadata: { name: "backup", namespace: "other" }, spec: {} } };
        assert.equal(runStackPolicy(p, [pvc("uploads", "shop"), k8upElsewhere]).length, 1);
    });

    it("honours backupsManagedElsewhere, and an unknown schedule is not checkable", () => {
        assert.deepEqual(runStackPolicy(p, [pvc("uploads", "shop")], { backupsManagedElsewhere: true }), []);
        const vs = runStackPolicy(p, [pvc("uploads", "shop"), velero({ schedule: UNKNOWN, template: {} })]);
        assert.ok(vs.some((v) => /can't be known during preview/.test(v.message)), JSON.stringify(vs));
        // Data in a namespace unknown at preview: which schedule covers it is not decided.
        const unknownNs = pvc("uploads", "shop");
        (unknownNs.props.metadata as Record<string, unknown>).namespace = UNKNOWN;
        const un = runStackPolicy(p, [unknownNs, velero({ schedule: "@daily", template: { includedNamespaces: ["shop"] } })]);
        assert.equal(un.length, 1, JSON.stringify(un));
        assert.match(un[0].message, /metadata\.namespace can't be known during preview/);
    });
});
