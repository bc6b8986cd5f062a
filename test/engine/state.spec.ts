// ksl scan --state: a `pulumi stack export` checkpoint runs through the packs as one stack, and gives
// what ksl preview of the same stack gives.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SECRET_KEY, SECRET_SIG } from "../../engine/model";
import { runProgram } from "../../engine/sources/program";
import { loadState } from "../../engine/sources/state";
import { ROOT, runCli } from "./helpers";

/** Wire-form secrets as a state file holds them: `plaintext` (as `--show-secrets` exports) or `ciphertext`. */
function stateSecrets(v: unknown, encrypted: boolean): unknown {
    if (Array.isArray(v)) return v.map((x) => stateSecrets(x, encrypted));
    if (!v || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o[SECRET_KEY] === SECRET_SIG) return encrypted ? { [SECRET_KEY]: SECRET_SIG, ciphertext: "AAABAKX0c2VjcmV0" } : { [SECRET_KEY]: SECRET_SIG, plaintext: JSON.stringify(o.value) };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, stateSecrets(x, encrypted)]));
}

describe("engine: ksl scan --state (pulumi stack export)", function () {
    this.timeout(240_000);
    let dir: string;
    let exportFile: string;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-state-"));
        const run = await runProgram({ project: path.join(ROOT, "Pulumi.yaml"), stack: "insecure" });
        const deployment = (encrypted: boolean) => ({
            version: 3,
            deployment: {
                manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.248.0" },
                resources: run.resources.map((r) => ({
                    urn: r.urn,
                    custom: r.custom ?? true,
                    type: r.type,
                    inputs: stateSecrets(r.props, encrypted),
                    outputs: stateSecrets(r.outputs ?? r.props, encrypted),
                    ...(r.parent ? { parent: r.parent } : {}),
                    dependencies: r.dependencies ?? [],
                    propertyDependencies: r.propertyDependencies ?? {},
                    ...(r.provider ? { provider: r.provider } : {}),
                })),
            },
        });
        exportFile = path.join(dir, "insecure.json");
        fs.writeFileSync(exportFile, JSON.stringify(deployment(false)));
        fs.writeFileSync(path.join(dir, "encrypted.json"), JSON.stringify(deployment(true)));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const findings = (stdout: string) =>
        (JSON.parse(stdout) as Array<{ violations: Array<{ policy: string; enforcementLevel: string; message: string; resource: { urn: string } }> }>)
            .flatMap((r) => r.violations)
            .map((v) => `${v.policy} ${v.enforcementLevel} ${v.resource.urn} ${v.message}`)
            .sort();

    it("gives the same findings as ksl preview of the stack it was exported from", async () => {
        const [preview, state] = await Promise.all([
            runCli(["preview", "--stack", "insecure", "--pack", "aks", "--pack", "onprem", "--format", "json"]),
            runCli(["scan", "--state", exportFile, "--pack", "aks", "--pack", "onprem", "--format", "json"]),
        ]);
        assert.equal(preview.code, 1, preview.stderr);
        assert.equal(state.code, 1, state.stderr);
        const want = findings(preview.stdout);
        assert.ok(want.length > 100);
        assert.deepEqual(findings(state.stdout), want);
    });

    it("reads parents, dependencies, providers and secrets; encrypted secrets are placeholders with one notice, never printed", () => {
        const s = loadState(path.join(dir, "encrypted.json"));
        assert.equal(s.stack, "insecure");
        assert.ok(s.resources.some((r) => r.parent && r.dependencies));
        assert.equal(s.notices.length, 1);
        assert.match(s.notices[0].message, /encrypted secret values? read as placeholders/);
    });

    it("names each resource pending deletion as not checked instead of dropping it silently", async () => {
        const doc = JSON.parse(fs.readFileSync(exportFile, "utf8"));
        const old = doc.deployment.resources.find((r: { type: string }) => r.type === "kubernetes:core/v1:Pod" || r.type === "kubernetes:apps/v1:Deployment");
        doc.deployment.resources.push({ ...old, delete: true });
        const file = path.join(dir, "pending-delete.json");
        fs.writeFileSync(file, JSON.stringify(doc));
        const s = loadState(file);
        assert.equal(s.resources.filter((r) => r.urn === old.urn).length, 1, "the live copy is checked, the one pending deletion is not");
        assert.equal(s.notices.length, 1);
        assert.equal(s.notices[0].kind, "not-checked");
        assert.equal(s.notices[0].urn, old.urn);
        assert.match(s.notices[0].message, /is pending deletion \(delete: true\): not checked/);
        const r = await runCli(["scan", "--state", file, "--pack", "onprem", "--format", "json"]);
        const report = JSON.parse(r.stdout);
        assert.equal(report.summary.skippedFiles, 0, "a resource, not a file that is no manifest");
        assert.ok(report.notices.some((n: { urn?: string }) => n.urn === old.urn), r.stderr);
    });

    it("refuses what is not a deployment v3 export in one line", async () => {
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, JSON.stringify({ version: 2, checkpoint: {} }));
        const r = await runCli(["scan", "--state", bad, "--pack", "aks"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr.trim(), /^ksl: .*bad\.json: not a pulumi stack export of deployment version 3/);
    });
});
