// An AKS cluster declared without the typed SDK: as azure-native's generic ARM resource
// (`resources:Resource`, resourceType managedClusters) it is judged as the ManagedCluster it is; in
// an ARM template deployment (`resources:Deployment`) it is reported as not checked.
import { strict as assert } from "assert";
import { aksPolicies } from "../../policypacks/policies/aks";
import { requireRenderedContent } from "../../policypacks/policies/require-rendered-content";
import { runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";
import { compliantCluster } from "./fixtures";

const GENERIC = "azure-native:resources:Resource";

/** The ARM shape of a cluster: `properties` holds what the typed SDK flattens to the top. */
function armCluster(properties: Record<string, unknown>): Record<string, unknown> {
    const { location, identity, sku, tags, resourceGroupName, resourceName, ...rest } = compliantCluster() as Record<string, any>;
    void resourceName;
    return {
        resourceProviderNamespace: "Microsoft.ContainerService",
        resourceType: "managedClusters",
        apiVersion: "2024-09-01",
        resourceGroupName,
        resourceName: "prod",
        location,
        identity,
        sku,
        tags,
        properties: { ...rest, ...properties },
    };
}

const policy = (name: string) => aksPolicies.find((p) => p.name === name)!;

describe("AKS clusters declared as generic ARM resources", () => {
    it("a compliant cluster as resources:Resource passes the cluster policies a typed one passes", () => {
        for (const name of ["aks-local-accounts-disabled", "aks-private-cluster", "aks-entra-id"]) {
            assert.deepEqual(runResourcePolicy(policy(name), { type: GENERIC, props: armCluster({}) }), [], name);
        }
    });

    it("local accounts and a public API server in ARM properties are blocked as on a typed cluster", () => {
        const props = armCluster({ disableLocalAccounts: false, apiServerAccessProfile: { enablePrivateCluster: false } });
        const local = runResourcePolicy(policy("aks-local-accounts-disabled"), { type: GENERIC, props });
        assert.equal(local.length, 1);
        assert.equal(local[0].enforcementLevel, "mandatory");
        assert.match(local[0].message, /disableLocalAccounts=false/);
        assert.equal(runResourcePolicy(policy("aks-private-cluster"), { type: GENERIC, props })[0]?.enforcementLevel, "mandatory");
    });

    it("a generic resource of another type is left alone", () => {
        const storage = { resourceProviderNamespace: "Microsoft.Storage", resourceType: "storageAccounts", resourceGroupName: "rg", resourceName: "st", properties: {} };
        assert.deepEqual(runResourcePolicy(policy("aks-local-accounts-disabled"), { type: GENERIC, props: storage }), []);
    });

    it("an ARM template deployment holding a cluster is reported as not checked, naming what it deploys", () => {
        const template = {
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            contentVersion: "1.0.0.0",
            resources: [
                { type: "Microsoft.ContainerService/managedClusters", apiVersion: "2024-09-01", name: "prod", location: "westeurope", properties: { disableLocalAccounts: false } },
                { type: "Microsoft.OperationalInsights/workspaces", apiVersion: "2023-09-01", name: "logs", location: "westeurope" },
            ],
        };
        const vs = runStackPolicy(requireRenderedContent, [{ type: "azure-native:resources:Deployment", name: "aks-template", props: { resourceGroupName: "rg", properties: { mode: "Incremental", template } } }]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /ARM deployment 'aks-template': Azure Resource Manager deploys Microsoft\.ContainerService\/managedClusters, Microsoft\.OperationalInsights\/workspaces \(an AKS cluster among them, judged by no AKS policy\)/);
    });

    it("an AKS Flux configuration says which repository paths the cluster's Flux extension deploys, out of the pack's sight", () => {
        // In the shape of azure-native's kubernetesconfiguration.FluxConfiguration example (Git source, two kustomizations).
        const flux = {
            clusterName: "prod",
            clusterResourceName: "managedClusters",
            clusterRp: "Microsoft.ContainerService",
            fluxConfigurationName: "cluster-config",
            resourceGroupName: "rg",
            namespace: "cluster-config",
            scope: "cluster",
            sourceKind: "GitRepository",
            gitRepository: { url: "https://github.com/Azure/arc-k8s-demo", repositoryRef: { branch: "main" }, syncIntervalInSeconds: 600, timeoutInSeconds: 600 },
            kustomizations: {
                infra: { path: "./infrastructure", syncIntervalInSeconds: 600, prune: true },
                apps: { path: "./apps/staging", dependsOn: ["infra"], syncIntervalInSeconds: 600 },
            },
        };
        const vs = runStackPolicy(requireRenderedContent, [{ type: "azure-native:kubernetesconfiguration:FluxConfiguration", name: "cluster-config", props: flux }]);
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /the AKS Flux extension deploys paths \.\/apps\/staging, \.\/infrastructure of https:\/\/github\.com\/Azure\/arc-k8s-demo in the cluster: scan those paths/);
        // Without kustomizations it still names its source.
        const bare = runStackPolicy(requireRenderedContent, [{ type: "azure-native:kubernetesconfiguration:FluxConfiguration", name: "bare", props: { ...flux, kustomizations: undefined } }]);
        assert.match(bare[0]?.message ?? "", /deploys https:\/\/github\.com\/Azure\/arc-k8s-demo in the cluster/);
    });
});
