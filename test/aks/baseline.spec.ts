// Microsoft's AKS baseline reference cluster (mspnp/aks-baseline), translated to an azure-native
// program (test/fixtures/aks-baseline), previewed through the real aks pack. The reference is what
// a well-run AKS deployment looks like, so every mandatory finding must be one of its deliberate
// choices; a new one is a false positive of ours.
import { strict as assert } from "assert";
import * as path from "path";
import type { JsonReport } from "../../engine/report/json";
import { ROOT, runCli } from "../engine/helpers";

describe("Microsoft's AKS baseline cluster through ksl preview", function () {
    this.timeout(120_000);
    let report: JsonReport;
    before(async () => {
        const r = await runCli(["preview", "--project", path.join(ROOT, "test", "fixtures", "aks-baseline"), "--stack", "dev", "--pack", "aks", "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        report = JSON.parse(r.stdout) as JsonReport;
    });
    const blocking = () =>
        report.violations
            .filter((v) => v.enforcementLevel === "mandatory" && !v.waived)
            .map((v) => `${v.policy} ${v.resource.name}: ${v.message.split("\n").pop()}`)
            .sort();

    it("blocks only on its deliberate choices: KMS off, SSH left on", () => {
        assert.deepEqual(blocking(), [
            // "azureKeyVaultKms: enabled: false - not enabled in this deployment, as it is not used."
            "aks-kms-secrets-encryption mc: ManagedCluster sets securityProfile.azureKeyVaultKms.enabled=false: Secrets are not encrypted with a Key Vault key",
            // The pools leave securityProfile.sshAccess at its default, LocalUser.
            'aks-node-ssh-disabled mc: agent pool "npsystem" (agentPoolProfiles[0]) sets agentPoolProfiles[0].securityProfile.sshAccess=unset (expected "Disabled")',
            'aks-node-ssh-disabled mc: agent pool "npuser01" (agentPoolProfiles[1]) sets agentPoolProfiles[1].securityProfile.sshAccess=unset (expected "Disabled")',
        ]);
    });

    it("reads its Entra ID setup (Azure RBAC, no admin group) and its node OS channel as compliant", () => {
        for (const policy of ["aks-entra-id", "aks-node-os-upgrade", "aks-azure-rbac", "aks-local-accounts-disabled", "aks-cluster-identity-least-privilege", "aks-acr-admin-user-disabled"]) {
            assert.ok(!report.violations.some((v) => v.policy === policy), policy);
        }
    });

    it("reports its public API server, restricted to authorized ranges, as advice", () => {
        const pc = report.violations.filter((v) => v.policy === "aks-private-cluster");
        assert.equal(pc.length, 1);
        assert.equal(pc[0].enforcementLevel, "advisory");
        assert.ok(!report.violations.some((v) => v.policy === "aks-authorized-ip-ranges"));
    });

    it("reports its other trade-offs as advice, each a real setting of the reference", () => {
        const advisory = new Set(report.violations.filter((v) => v.enforcementLevel === "advisory").map((v) => v.policy));
        for (const p of [
            "aks-auto-upgrade", // upgradeChannel: none
            "aks-key-vault-csi-rotation", // enableSecretRotation: "false"
            "aks-encryption-at-host", // enableEncryptionAtHost: false
            "aks-max-pods", // maxPods: 30
            "aks-zone-redundancy", // the user pool's minCount: 2
            "aks-csi-drivers", // CSI drivers off by design
            "aks-image-integrity",
        ]) assert.ok(advisory.has(p), p);
    });
});
