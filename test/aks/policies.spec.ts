import { strict as assert } from "assert";
import { aksPolicies } from "../../policypacks/policies/aks";
import { AZ } from "../../policypacks/policies/aks/common";
import { packPolicies } from "../../policypacks/packs";
import type { KslPolicy } from "../../policypacks/lib/policy";
import { runResourcePolicy, UNKNOWN, Violation, notCheckable, assertNotCheckable } from "../helpers/policy-harness";
import { waiverEntry } from "../../policypacks/lib/waivers";
import { compliantAgentPool, compliantCluster, compliantPool, mutate } from "./fixtures";

const resourcePolicies = aksPolicies.filter((p) => p.ksl.kind === "resource");
const byName = (n: string): KslPolicy => {
    const p = aksPolicies.find((x) => x.name === n);
    if (!p) throw new Error(`no policy ${n}`);
    return p;
};

interface Case {
    desc: string;
    type: string;
    props: Record<string, any>;
    config?: Record<string, unknown>;
    expect?: RegExp;
}

const TAINT = "CriticalAddonsOnly=true:NoSchedule";
/** A separate AgentPool in System mode: compliant, and subject to the system-only checks. */
const systemAgentPool = () => compliantAgentPool({ mode: "System", nodeTaints: [TAINT], count: 3, minCount: 3 });

const c = (desc: string, path: string, value: unknown, expect?: RegExp, config?: Record<string, unknown>): Case => ({
    desc,
    type: AZ.ManagedCluster,
    props: mutate(compliantCluster(), path, value),
    expect,
    config,
});
const cm = (desc: string, props: Record<string, any>, expect?: RegExp, config?: Record<string, unknown>): Case => ({ desc, type: AZ.ManagedCluster, props, expect, config });
/** A node-pool mutation, applied to the inline system pool and to a separate AgentPool. */
const pool = (desc: string, path: string, value: unknown, expect?: RegExp, config?: Record<string, unknown>): Case[] => [
    { desc: `${desc} (inline)`, type: AZ.ManagedCluster, props: mutate(compliantCluster(), `agentPoolProfiles.0.${path}`, value), expect, config },
    { desc: `${desc} (AgentPool)`, type: AZ.AgentPool, props: mutate(systemAgentPool(), path, value), expect, config },
];

const publicWith = (ranges: unknown) =>
    mutate(mutate(compliantCluster(), "apiServerAccessProfile.enablePrivateCluster", false), "apiServerAccessProfile.authorizedIPRanges", ranges);

const NONCOMPLIANT: Record<string, Case[]> = {
    "aks-private-cluster": [c("public API server", "apiServerAccessProfile.enablePrivateCluster", false, /enablePrivateCluster=false/), c("unset", "apiServerAccessProfile", undefined, /unset/)],
    "aks-private-cluster-public-fqdn": [c("public FQDN", "apiServerAccessProfile.enablePrivateClusterPublicFQDN", true, /enablePrivateClusterPublicFQDN=true/)],
    "aks-public-network-access": [c("enabled", "publicNetworkAccess", "Enabled", /publicNetworkAccess="Enabled"/), c("unset", "publicNetworkAccess", undefined)],
    "aks-authorized-ip-ranges": [
        cm("public without ranges", publicWith(undefined), /no apiServerAccessProfile.authorizedIPRanges/),
        cm("public with 0.0.0.0/0", publicWith(["203.0.113.0/24", "0.0.0.0/0"]), /authorizedIPRanges\[1\]="0.0.0.0\/0"/),
        cm("public with a /4", publicWith(["16.0.0.0/4"]), /16.0.0.0\/4/),
        cm("public with empty list", publicWith([])),
    ],
    "aks-api-server-vnet-integration": [c("off", "apiServerAccessProfile.enableVnetIntegration", false)],
    "aks-run-command-disabled": [c("run command on", "apiServerAccessProfile.disableRunCommand", false), c("unset", "apiServerAccessProfile.disableRunCommand", undefined)],
    "aks-kubernetes-rbac": [c("RBAC off", "enableRBAC", false, /enableRBAC=false/)],
    "aks-entra-id": [
        c("no AAD", "aadProfile", undefined, /aadProfile.managed=unset/),
        cm("no admin groups and no Azure RBAC", mutate(mutate(compliantCluster(), "aadProfile.adminGroupObjectIDs", []), "aadProfile.enableAzureRBAC", false), /adminGroupObjectIDs nor aadProfile.enableAzureRBAC/),
        c("legacy AAD", "aadProfile.serverAppSecret", "s3cr3t-value", /legacy/),
    ],
    "aks-azure-rbac": [c("off", "aadProfile.enableAzureRBAC", false)],
    "aks-local-accounts-disabled": [c("local accounts", "disableLocalAccounts", false), c("unset", "disableLocalAccounts", undefined)],
    "aks-managed-identity": [
        c("no identity", "identity", undefined, /identity.type=unset/),
        cm("service principal", mutate(compliantCluster(), "servicePrincipalProfile", { clientId: "0000-1111", secret: "s3cr3t-value" }), /servicePrincipalProfile/),
    ],
    "aks-workload-identity": [c("no OIDC", "oidcIssuerProfile.enabled", false, /oidcIssuerProfile/), c("no WI", "securityProfile.workloadIdentity", undefined, /workloadIdentity/)],
    "aks-pod-identity-disabled": [c("pod identity", "podIdentityProfile", { enabled: true })],
    "aks-kms-secrets-encryption": [
        c("no KMS", "securityProfile.azureKeyVaultKms", undefined, /azureKeyVaultKms.enabled=unset/),
        c("no key id", "securityProfile.azureKeyVaultKms.keyId", undefined, /without keyId/),
        c("public vault", "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Public", /"Public"/),
        c("private without vault id", "securityProfile.azureKeyVaultKms.keyVaultResourceId", undefined, /keyVaultResourceId/),
    ],
    "aks-disk-encryption-set": [c("no DES", "diskEncryptionSetID", undefined)],
    "aks-encryption-at-host": [...pool("off", "enableEncryptionAtHost", false, /enableEncryptionAtHost=false/), ...pool("unset", "enableEncryptionAtHost", undefined)],
    "aks-ephemeral-os-disk": pool("managed", "osDiskType", "Managed", /osDiskType="Managed"/),
    "aks-node-public-ip": [...pool("public IP", "enableNodePublicIP", true, /enableNodePublicIP=true/), ...pool("prefix", "nodePublicIPPrefixID", "/x/publicIPPrefixes/p")],
    "aks-node-ssh-disabled": [...pool("local user", "securityProfile.sshAccess", "LocalUser", /sshAccess="LocalUser"/), ...pool("unset", "securityProfile.sshAccess", undefined)],
    "aks-trusted-launch": [...pool("no secure boot", "securityProfile.enableSecureBoot", false), ...pool("no vTPM", "securityProfile.enableVTPM", undefined)],
    "aks-fips-nodes": pool("no FIPS when required", "enableFIPS", false, /enableFIPS=false/, { required: true }),
    "aks-node-os-sku": [...pool("Ubuntu", "osSKU", "Ubuntu", /osSKU="Ubuntu"/), ...pool("unset", "osSKU", undefined, /defaults to Ubuntu/)],
    "aks-system-pool-taint": [...pool("no taint", "nodeTaints", [], /CriticalAddonsOnly/), ...pool("other taint", "nodeTaints", ["team=a:NoSchedule"])],
    "aks-zone-redundancy": [
        ...pool("one zone", "availabilityZones", ["1"], /availabilityZones/),
        ...pool("two system nodes", "minCount", 2, /minCount=2/),
        { desc: "a User AgentPool of two nodes", type: AZ.AgentPool, props: compliantAgentPool({ enableAutoScaling: true, minCount: 2, count: 2 }), expect: /minCount=2: fewer than 3 nodes/ },
    ],
    "aks-max-pods": [
        ...pool("30 pods", "maxPods", 30, /maxPods=30/),
        cm("unset with Azure CNI without overlay (default 30)", mutate(mutate(compliantCluster(), "agentPoolProfiles.0.maxPods", undefined), "networkProfile", { networkPlugin: "azure", networkPolicy: "azure" }), /default is 30/),
        { desc: "unset on a separate AgentPool (the plugin is the cluster's)", type: AZ.AgentPool, props: mutate(systemAgentPool(), "maxPods", undefined), expect: /depends on the cluster's network plugin/ },
    ],
    "aks-scale-set-pools": pool("availability set", "type", "AvailabilitySet", /AvailabilitySet/),
    "aks-kubelet-config": [
        ...pool("unlimited pids", "kubeletConfig.podMaxPids", -1, /podMaxPids=-1/),
        ...pool("unsafe sysctls", "kubeletConfig.allowedUnsafeSysctls", ["net.*"], /allowedUnsafeSysctls/),
        ...pool("swap", "kubeletConfig.failSwapOn", false, /failSwapOn=false/),
    ],
    "aks-azure-cni": [c("kubenet", "networkProfile.networkPlugin", "kubenet", /"kubenet"/), c("unset", "networkProfile.networkPlugin", undefined, /defaults to kubenet/)],
    "aks-network-policy": [
        c("none", "networkProfile.networkPolicy", "none", /not enforced/),
        c("unset", "networkProfile.networkPolicy", undefined),
        c("cilium without cilium dataplane", "networkProfile.networkDataplane", "azure", /networkDataplane="azure"/),
    ],
    "aks-controlled-egress": [c("load balancer", "networkProfile.outboundType", "loadBalancer", /loadBalancer/), c("basic LB", "networkProfile.loadBalancerSku", "basic", /basic/)],
    "aks-azure-policy-addon": [c("absent", "addonProfiles.azurepolicy", undefined, /no addonProfiles.azurepolicy/), c("disabled (other casing)", "addonProfiles", { azurePolicy: { enabled: false } }, /addonProfiles.azurePolicy.enabled=false/)],
    "aks-defender": [c("off", "securityProfile.defender", undefined), c("no workspace", "securityProfile.defender.logAnalyticsWorkspaceResourceId", undefined, /logAnalyticsWorkspaceResourceId/)],
    "aks-image-cleaner": [c("off", "securityProfile.imageCleaner.enabled", false), c("monthly", "securityProfile.imageCleaner.intervalHours", 720, /720/)],
    "aks-container-insights": [
        c("absent", "addonProfiles.omsagent", undefined, /Container Insights is off/),
        c("key auth", "addonProfiles.omsagent.config.useAADAuth", "false", /useAADAuth="false"/),
        c("no workspace", "addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID", undefined),
        c("no metrics", "azureMonitorProfile", undefined, /metrics/),
    ],
    "aks-key-vault-csi-rotation": [c("absent", "addonProfiles.azureKeyvaultSecretsProvider", undefined), c("no rotation", "addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation", "false", /enableSecretRotation="false"/)],
    "aks-http-application-routing-disabled": [c("on", "addonProfiles.httpApplicationRouting", { enabled: true }), c("on (other casing)", "addonProfiles.HTTPApplicationRouting", { enabled: true }, /HTTPApplicationRouting/)],
    "aks-dashboard-disabled": [c("on", "addonProfiles.kubeDashboard", { enabled: true }), c("on (other casing)", "addonProfiles.kubedashboard", { enabled: true }, /kubedashboard/)],
    "aks-auto-upgrade": [c("none", "autoUpgradeProfile.upgradeChannel", "none", /"none"/), c("node-image", "autoUpgradeProfile.upgradeChannel", "node-image"), c("unset", "autoUpgradeProfile", undefined)],
    "aks-node-os-upgrade": [
        c("unmanaged", "autoUpgradeProfile.nodeOSUpgradeChannel", "Unmanaged", /"Unmanaged"/),
        c("none", "autoUpgradeProfile.nodeOSUpgradeChannel", "None"),
        cm("unset with the patch cluster channel", compliantCluster({ autoUpgradeProfile: { upgradeChannel: "patch" } }), /nodeOSUpgradeChannel=unset/),
    ],
    "aks-image-integrity": [
        c("unset", "securityProfile.imageIntegrity", undefined, /imageIntegrity.enabled=unset/),
        c("off", "securityProfile.imageIntegrity", { enabled: false }, /enabled=false/),
        cm("on without the Azure Policy add-on", mutate(mutate(compliantCluster(), "securityProfile.imageIntegrity", { enabled: true }), "addonProfiles.azurepolicy", { enabled: false }), /without addonProfiles.azurepolicy/),
    ],
    "aks-acr-admin-user-disabled": [{ desc: "admin user on", type: AZ.Registry, props: { registryName: "acr", sku: { name: "Premium" }, adminUserEnabled: true }, expect: /adminUserEnabled=true/ }],
    "aks-supported-version": [
        c("old", "kubernetesVersion", "1.29.4", /older than the AKS support window/),
        c("1.9 is not 1.35+ (numeric compare)", "kubernetesVersion", "1.9"),
        c("future", "kubernetesVersion", "1.99", /not a supported AKS version/),
        c("garbage", "kubernetesVersion", "latest", /not a Kubernetes version/),
        c("LTS without Premium", "kubernetesVersion", "1.33", /long-term-support/),
    ],
    "aks-sku-tier": [c("Free", "sku.tier", "Free", /"Free"/), c("unset", "sku", undefined, /defaults to Free/)],
    "aks-node-resource-group-lockdown": [c("unrestricted", "nodeResourceGroupProfile.restrictionLevel", "Unrestricted"), c("unset", "nodeResourceGroupProfile", undefined)],
    "aks-csi-drivers": [c("disk off", "storageProfile.diskCSIDriver.enabled", false, /diskCSIDriver/), c("snapshot off", "storageProfile.snapshotController.enabled", false)],
};

function run(name: string, k: { type: string; props: Record<string, any>; config?: Record<string, unknown> }): Violation[] {
    return runResourcePolicy(byName(name), { type: k.type, props: k.props, config: k.config, name: "aks1" });
}

describe("AKS resource policies", () => {
    it("every resource policy has non-compliant cases in this table", () => {
        for (const p of resourcePolicies) assert.ok(NONCOMPLIANT[p.name]?.length, `no cases for ${p.name}`);
        for (const n of Object.keys(NONCOMPLIANT)) byName(n);
    });

    it("targets ManagedCluster (and AgentPool for node-pool policies) only, and Registry for the registry policy", () => {
        for (const p of resourcePolicies) {
            if (p.name === "aks-acr-admin-user-disabled") {
                assert.deepEqual(p.ksl.types, [AZ.Registry]);
                continue;
            }
            assert.ok(p.ksl.types.includes(AZ.ManagedCluster), p.name);
            for (const t of p.ksl.types) assert.ok(t === AZ.ManagedCluster || t === AZ.AgentPool, `${p.name}: ${t}`);
        }
    });

    it("the compliant cluster, a separate system AgentPool and a user AgentPool pass every resource policy", () => {
        for (const p of resourcePolicies) {
            for (const [type, props] of [[AZ.ManagedCluster, compliantCluster()], [AZ.AgentPool, systemAgentPool()], [AZ.AgentPool, compliantAgentPool()]] as const) {
                assert.deepEqual(runResourcePolicy(p, { type, props, config: p.name === "aks-fips-nodes" ? {} : undefined }), [], `${p.name} on ${type}`);
            }
        }
        // FIPS pools pass when FIPS is required.
        const fips = mutate(compliantCluster(), "agentPoolProfiles.0.enableFIPS", true);
        assert.deepEqual(run("aks-fips-nodes", { type: AZ.ManagedCluster, props: fips, config: { required: true } }), []);
    });

    for (const [name, cases] of Object.entries(NONCOMPLIANT)) {
        describe(name, () => {
            for (const k of cases) {
                it(`reports: ${k.desc}`, () => {
                    const vs = run(name, k);
                    assert.ok(vs.length >= 1, `expected a violation, got none`);
                    if (k.expect) assert.ok(vs.some((v) => k.expect!.test(v.message)), vs.map((v) => v.message).join("\n"));
                    for (const v of vs) assert.ok(!/s3cr3t-value/.test(v.message), "secret value leaked into a message");
                });
            }
        });
    }

    it("inline pool messages name the pool and its path; AgentPool messages name the resource", () => {
        const inline = run("aks-node-public-ip", { type: AZ.ManagedCluster, props: mutate(compliantCluster(), "agentPoolProfiles.0.enableNodePublicIP", true) });
        assert.match(inline[0].message, /agent pool "system" \(agentPoolProfiles\[0\]\) sets agentPoolProfiles\[0\]\.enableNodePublicIP=true/);
        const sep = run("aks-node-public-ip", { type: AZ.AgentPool, props: compliantAgentPool({ enableNodePublicIP: true }) });
        assert.match(sep[0].message, /AgentPool "apps" sets enableNodePublicIP=true/);
        // Only the offending pool of several is reported.
        const two = compliantCluster({ agentPoolProfiles: [compliantPool(), compliantPool({ name: "user", mode: "User", nodeTaints: [], enableNodePublicIP: true })] });
        const vs = run("aks-node-public-ip", { type: AZ.ManagedCluster, props: two });
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /"user" \(agentPoolProfiles\[1\]\)/);
    });

    it("addon keys are compared without regard to case", () => {
        const cased = compliantCluster({
            addonProfiles: {
                azurePolicy: { enabled: true },
                omsAgent: { enabled: true, config: { logAnalyticsWorkspaceResourceId: "/x/workspaces/w", useAADAuth: "True" } },
                AzureKeyVaultSecretsProvider: { enabled: true, config: { EnableSecretRotation: "true" } },
            },
        });
        for (const n of ["aks-azure-policy-addon", "aks-container-insights", "aks-key-vault-csi-rotation"]) {
            assert.deepEqual(run(n, { type: AZ.ManagedCluster, props: cased }), [], n);
        }
        // Two casings, one enabled: ARM merges them and the addon runs.
        const both = compliantCluster({ addonProfiles: { ...compliantCluster().addonProfiles, KubeDashboard: { enabled: false }, kubeDashboard: { enabled: true } } });
        assert.equal(run("aks-dashboard-disabled", { type: AZ.ManagedCluster, props: both }).length, 1);
        const off = compliantCluster({ addonProfiles: { ...compliantCluster().addonProfiles, KubeDashboard: { enabled: false } } });
        assert.deepEqual(run("aks-dashboard-disabled", { type: AZ.ManagedCluster, props: off }), []);
    });

    it("accepts a public endpoint with narrow authorized ranges (aks-private-cluster still reports it)", () => {
        const props = publicWith(["203.0.113.0/24", "198.51.100.7/32"]);
        assert.deepEqual(run("aks-authorized-ip-ranges", { type: AZ.ManagedCluster, props }), []);
        const pc = run("aks-private-cluster", { type: AZ.ManagedCluster, props });
        assert.equal(pc.length, 1);
        assert.equal(pc[0].enforcementLevel, "advisory", "restricted to authorized ranges: advice, not a block");
        assert.equal(run("aks-private-cluster", { type: AZ.ManagedCluster, props: publicWith([]) })[0].enforcementLevel, "mandatory");
        assert.deepEqual(run("aks-public-network-access", { type: AZ.ManagedCluster, props }), [], "only private clusters are held to publicNetworkAccess");
    });

    describe("against independent benchmarks (Azure Policy, Checkov, Microsoft's baseline cluster)", () => {
        const none = (name: string, props: Record<string, any>, type: string = AZ.ManagedCluster) => assert.deepEqual(run(name, { type, props }), [], name);
        it("aks-entra-id: Azure RBAC grants the admins, so adminGroupObjectIDs may be empty", () => {
            none("aks-entra-id", mutate(mutate(compliantCluster(), "aadProfile.adminGroupObjectIDs", []), "aadProfile.enableAzureRBAC", true));
            none("aks-entra-id", mutate(mutate(compliantCluster(), "aadProfile.adminGroupObjectIDs", undefined), "aadProfile.enableAzureRBAC", true));
        });
        it("aks-node-os-upgrade: the node-image cluster channel upgrades the node OS", () => {
            none("aks-node-os-upgrade", compliantCluster({ autoUpgradeProfile: { upgradeChannel: "node-image" } }));
            // An explicit node OS channel still has to be a patching one.
            assert.equal(run("aks-node-os-upgrade", { type: AZ.ManagedCluster, props: compliantCluster({ autoUpgradeProfile: { upgradeChannel: "node-image", nodeOSUpgradeChannel: "None" } }) }).length, 1);
        });
        it("aks-zone-redundancy: three nodes in every pool, System or User", () => {
            none("aks-zone-redundancy", compliantAgentPool({ enableAutoScaling: true, minCount: 3, maxCount: 6 }), AZ.AgentPool);
            none("aks-zone-redundancy", compliantAgentPool({ count: 3 }), AZ.AgentPool);
        });
        it("aks-max-pods: an unset maxPods passes where the plugin's default is high enough", () => {
            const unset = (networkProfile: Record<string, unknown>) => mutate(mutate(compliantCluster(), "agentPoolProfiles.0.maxPods", undefined), "networkProfile", networkProfile);
            none("aks-max-pods", unset({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium" }));
            none("aks-max-pods", unset({ networkPlugin: "kubenet" }));
            assert.match(run("aks-max-pods", { type: AZ.ManagedCluster, props: unset({ networkPlugin: "none" }) })[0].message, /the default is the CNI's/);
        });
        it("aks-image-integrity: enabled with the Azure Policy add-on passes", () => {
            none("aks-image-integrity", mutate(compliantCluster(), "securityProfile.imageIntegrity", { enabled: true }));
        });
        it("aks-acr-admin-user-disabled: admin user off or unset passes", () => {
            none("aks-acr-admin-user-disabled", { registryName: "acr", adminUserEnabled: false }, AZ.Registry);
            none("aks-acr-admin-user-disabled", { registryName: "acr" }, AZ.Registry);
            // An API-versioned registry is the same resource.
            assert.equal(run("aks-acr-admin-user-disabled", { type: "azure-native:containerregistry/v20230701:Registry", props: { registryName: "acr", adminUserEnabled: true } }).length, 1);
        });
    });

    it("supported versions: patch versions, unset, LTS with Premium, and a configured window", () => {
        const ok = (v: unknown, extra: Record<string, any> = {}, config?: Record<string, unknown>) =>
            run("aks-supported-version", { type: AZ.ManagedCluster, props: compliantCluster({ kubernetesVersion: v, ...extra }), config });
        assert.deepEqual(ok("1.36.2"), []);
        assert.deepEqual(ok("v1.35"), []);
        assert.deepEqual(ok(undefined), []);
        assert.deepEqual(ok("1.33.5", { supportPlan: "AKSLongTermSupport", sku: { name: "Base", tier: "Premium" } }), []);
        assert.deepEqual(ok("1.29", {}, { supportedVersions: ["1.28", "1.29", "1.30"] }), []);
        assert.equal(ok("1.36", {}, { supportedVersions: ["1.28", "1.29", "1.30"] }).length, 1);
    });

    it("calico and azure engines satisfy aks-network-policy; Calico needs no Cilium dataplane", () => {
        for (const engine of ["calico", "azure"]) {
            const props = mutate(mutate(compliantCluster(), "networkProfile.networkPolicy", engine), "networkProfile.networkDataplane", "azure");
            assert.deepEqual(run("aks-network-policy", { type: AZ.ManagedCluster, props }), [], engine);
        }
    });

    it("Windows pools are exempt from the Linux-only checks", () => {
        const win = compliantAgentPool({ osType: "Windows", osSKU: "Windows2022", securityProfile: {} });
        for (const n of ["aks-node-ssh-disabled", "aks-node-os-sku", "aks-trusted-launch"]) assert.deepEqual(run(n, { type: AZ.AgentPool, props: win }), [], n);
    });

    it("critical and high policies are mandatory, the rest advisory", () => {
        for (const p of aksPolicies) {
            const expected = p.severity === "critical" || p.severity === "high" ? "mandatory" : "advisory";
            assert.equal(p.enforcementLevel, expected, p.name);
        }
        assert.equal(byName("aks-authorized-ip-ranges").severity, "critical");
        assert.equal(byName("aks-local-accounts-disabled").severity, "critical");
        assert.equal(byName("aks-sku-tier").severity, "low");
        assert.equal(byName("aks-zone-redundancy").severity, "low");
    });

    it("names are unique, aks-prefixed, and the policies are in the aks pack only", () => {
        const names = aksPolicies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        for (const n of names) assert.match(n, /^aks-[a-z0-9]+(-[a-z0-9]+)*$/);
        const aksPack = packPolicies("aks").map((p) => p.name);
        const onpremPack = packPolicies("onprem").map((p) => p.name);
        for (const n of names) {
            assert.ok(aksPack.includes(n), n);
            assert.ok(!onpremPack.includes(n), n);
        }
    });

    it("never throws on malformed input", () => {
        const junk: Record<string, any>[] = [
            {},
            { agentPoolProfiles: "x", addonProfiles: null, apiServerAccessProfile: 5, securityProfile: [] },
            { agentPoolProfiles: [null, 3, "y", { name: 7, securityProfile: "z", kubeletConfig: [], availabilityZones: "1" }] },
            { addonProfiles: { azurepolicy: null, omsagent: { config: "x" }, kubeDashboard: 1 }, aadProfile: { adminGroupObjectIDs: "g" } },
            { kubernetesVersion: 1.3, sku: "Standard", networkProfile: { networkPolicy: 3 }, autoUpgradeProfile: [] },
        ];
        for (const p of resourcePolicies) {
            for (const props of junk) {
                for (const type of [AZ.ManagedCluster, AZ.AgentPool]) {
                    assert.doesNotThrow(() => runResourcePolicy(p, { type, props }), `${p.name} on ${JSON.stringify(props)}`);
                }
            }
        }
    });

    it("values unknown during preview do not crash a policy", () => {
        const props = compliantCluster({ apiServerAccessProfile: UNKNOWN, addonProfiles: UNKNOWN, agentPoolProfiles: [compliantPool({ enableNodePublicIP: UNKNOWN })] });
        for (const p of resourcePolicies) {
            const vs = runResourcePolicy(p, { type: AZ.ManagedCluster, props });
            for (const v of vs) assert.ok(v.enforcementLevel === "advisory" || !/can't run/.test(v.message), p.name);
        }
    });

    it("a valid waiver tag turns the finding advisory and waived; an expired one does not", () => {
        const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
        const [k, v] = waiverEntry("azure", "aks-private-cluster", "Partner VPN cannot reach private endpoints yet", future);
        const props = compliantCluster({ apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] }, tags: { [k]: v } });
        const vs = run("aks-private-cluster", { type: AZ.ManagedCluster, props });
        assert.equal(vs.length, 1);
        assert.ok(vs[0].waived);
        assert.equal(vs[0].enforcementLevel, "advisory");
        const expired = compliantCluster({ apiServerAccessProfile: { enablePrivateCluster: false }, tags: { [k]: "expires=2020-01-01; justification=Partner VPN cannot reach it" } });
        const ve = run("aks-private-cluster", { type: AZ.ManagedCluster, props: expired });
        assert.ok(!ve[0].waived);
        assert.equal(ve[0].enforcementLevel, "mandatory");
    });

    describe("values unknown during preview: not checkable (advisory), never passed", () => {
        const cluster = (extra: Record<string, any>) => ({ type: AZ.ManagedCluster, props: compliantCluster(extra) });
        const cant = notCheckable;
        /** The only report is the not-checkable one. */
        const advisoryAt = (vs: Violation[], path: RegExp) => {
            assert.equal(vs.length, 1, JSON.stringify(vs));
            assertNotCheckable(vs, path);
        };
        const addons = (extra: Record<string, any>) => ({ ...compliantCluster().addonProfiles, ...extra });
        for (const [name, key] of [["aks-dashboard-disabled", "kubeDashboard"], ["aks-http-application-routing-disabled", "httpApplicationRouting"]] as const) {
            it(`${name}: an unknown profile or enabled flag, or unknown addonProfiles`, () => {
                advisoryAt(run(name, cluster({ addonProfiles: UNKNOWN })), /value at \.addonProfiles can't be known/);
                advisoryAt(run(name, cluster({ addonProfiles: addons({ [key]: UNKNOWN }) })), new RegExp(`\\.addonProfiles\\.${key} can't be known`));
                advisoryAt(run(name, cluster({ addonProfiles: addons({ [key]: { enabled: UNKNOWN } }) })), new RegExp(`\\.addonProfiles\\.${key}\\.enabled can't be known`));
                // Other add-ons are not read; a known enabled casing decides next to an unknown one.
                assert.deepEqual(run(name, cluster({ addonProfiles: addons({ azurepolicy: UNKNOWN, omsagent: { enabled: UNKNOWN } }) })), []);
                const on = run(name, cluster({ addonProfiles: addons({ [key.toLowerCase()]: UNKNOWN, [key]: { enabled: true } }) }));
                assert.equal(on.length, 1, JSON.stringify(on));
                assert.match(on[0].message, new RegExp(`addonProfiles\\.${key}\\.enabled=true`));
                assert.deepEqual(cant(on), []);
            });
        }
        it("aks-pod-identity-disabled: an unknown podIdentityProfile or enabled flag", () => {
            advisoryAt(run("aks-pod-identity-disabled", cluster({ podIdentityProfile: UNKNOWN })), /\.podIdentityProfile can't be known/);
            advisoryAt(run("aks-pod-identity-disabled", cluster({ podIdentityProfile: { enabled: UNKNOWN } })), /\.podIdentityProfile\.enabled can't be known/);
            assert.deepEqual(run("aks-pod-identity-disabled", cluster({ podIdentityProfile: { enabled: false, userAssignedIdentities: UNKNOWN } })), []);
        });
    });
});

describe("API-versioned azure-native type tokens (v1/v2 SDK modules)", () => {
    const versioned = (type: string, version: string) => type.replace(/^azure-native:containerservice:/, `azure-native:containerservice/${version}:`);
    it("every AKS resource policy judges a versioned ManagedCluster or AgentPool exactly as the unversioned one", () => {
        for (const [name, cases] of Object.entries(NONCOMPLIANT)) {
            for (const k of cases) {
                const want = run(name, k).map((v) => v.message);
                assert.ok(want.length > 0, `${name}: ${k.desc}`);
                for (const version of ["v20240901", "v20250102preview"]) {
                    assert.deepEqual(run(name, { ...k, type: versioned(k.type, version) }).map((v) => v.message), want, `${name}: ${k.desc} as ${version}`);
                }
            }
        }
    });
    it("a compliant versioned cluster passes", () => {
        for (const p of resourcePolicies) assert.deepEqual(run(p.name, { type: versioned(AZ.ManagedCluster, "v20240901"), props: compliantCluster() }), [], p.name);
    });
});
