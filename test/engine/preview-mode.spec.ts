// ksl preview behaves as pulumi preview by default: ids and outputs of resources being created are
// unknown (inputs stay known), so policies on computed values say "can't check during preview";
// --assume-known is the update pass, with believable values for every output.
import { strict as assert } from "assert";
import * as path from "path";
import { UNKNOWN } from "../../engine/model";
import { runProgram } from "../../engine/sources/program";
import { ROOT, runCli } from "./helpers";

describe("engine: preview semantics (unknown outputs) and --assume-known", function () {
    this.timeout(240_000);

    it("outputs of resources being created are unknown to the program; inputs and auto-names stay known", async () => {
        const [preview, update] = await Promise.all([
            runProgram({ project: path.join(ROOT, "Pulumi.yaml"), stack: "aks" }),
            runProgram({ project: path.join(ROOT, "Pulumi.yaml"), stack: "aks", assumeKnown: true }),
        ]);
        const cluster = (run: typeof preview) => run.resources.find((r) => r.type === "azure-native:containerservice:ManagedCluster")!.props as Record<string, any>;
        // The KMS key id is an output of the Key Vault key created in the same stack.
        assert.equal(cluster(preview).securityProfile, UNKNOWN);
        assert.match(JSON.stringify(cluster(update).securityProfile), /vault\.azure\.net\/keys\//);
        // Inputs the program sets literally are known in both.
        assert.equal(cluster(preview).disableLocalAccounts, true);
        // Kubernetes auto-names are computed by the provider during preview: known.
        const ns = preview.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!.props as Record<string, any>;
        assert.equal(typeof ns.metadata.name, "string");
        assert.notEqual(ns.metadata.name, UNKNOWN);
    });

    it("a Kubernetes object declared without metadata still has its auto-name at preview", async () => {
        const run = await runProgram({ project: path.join(ROOT, "test", "fixtures", "content", "program"), stack: "web" });
        const settings = run.resources.find((r) => r.name === "web-settings")!.props as Record<string, any>;
        // The ConfigMap's namespace is the auto-name of `new Namespace("apps", {})`.
        assert.match(settings.metadata.namespace, /^apps-[0-9a-f]{8}$/);
    });

    it("a policy on a computed value is not checkable during preview, and is judged with --assume-known", async () => {
        const [preview, update] = await Promise.all([
            runCli(["preview", "--stack", "aks", "--pack", "aks", "--format", "json"]),
            runCli(["preview", "--stack", "aks", "--pack", "aks", "--format", "json", "--assume-known"]),
        ]);
        assert.equal(preview.code, 0, preview.stderr);
        assert.equal(update.code, 0, update.stderr);
        const kms = (stdout: string) => JSON.parse(stdout).violations.filter((v: { policy: string }) => v.policy === "aks-kms-secrets-encryption");
        const during = kms(preview.stdout);
        assert.equal(during.length, 1);
        assert.equal(during[0].enforcementLevel, "advisory");
        assert.match(during[0].message, /can't run policy 'aks-kms-secrets-encryption' .* during preview/);
        // The update pass knows the key and finds the cluster compliant; nothing else is reported but
        // the Image Integrity advice (a preview-API setting the hardened cluster cannot make).
        assert.deepEqual(JSON.parse(update.stdout).violations.map((v: { policy: string; enforcementLevel: string }) => `${v.policy} ${v.enforcementLevel}`), ["aks-image-integrity advisory", "restrict-image-registries advisory"]);
    });
});
