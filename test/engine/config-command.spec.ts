// `ksl config`: a --policy-pack-config ranked by measure significance, usable by `ksl --config`.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { generateConfig } from "../../engine/commands/config";
import { packPolicies } from "../../policypacks/packs";
import { measures } from "../../policypacks/catalog";
import { MANIFESTS, ROOT, runCli } from "./helpers";
import { scratchPath } from "../helpers/scratch";

describe("ksl config", () => {
    const rank = new Map(measures.map((m) => [m.id, m.significance]));
    /** A generated entry's level: a level, or `{enforcementLevel, ...}` (advisory Pod Security policies). */
    const levelOf = (e: unknown) => (typeof e === "string" ? e : (e as { enforcementLevel: string }).enforcementLevel);

    it("makes the policies of the N most significant measures mandatory and the rest advisory", async () => {
        const cfg = await generateConfig({ platform: "aks", mandatoryTop: 3 });
        const policies = packPolicies("aks");
        assert.deepEqual(Object.keys(cfg).sort(), policies.map((p) => p.name).sort());
        const mandatory = policies.filter((p) => levelOf(cfg[p.name]) === "mandatory");
        const chosen = new Set(mandatory.map((p) => p.ksl.measure));
        assert.equal(chosen.size, Math.min(3, new Set(policies.map((p) => p.ksl.measure)).size));
        const worstChosen = Math.max(...[...chosen].map((m) => rank.get(m)!));
        for (const p of policies.filter((x) => levelOf(cfg[x.name]) === "advisory")) {
            assert.ok(rank.get(p.ksl.measure)! > worstChosen, `${p.name} (${p.ksl.measure}) outranks a mandatory measure`);
        }
    });

    it("selects by layer and hexad goal", async () => {
        const cfg = await generateConfig({ platform: "onprem", layers: ["workload"], hexad: ["availability"] });
        for (const p of packPolicies("onprem")) {
            const selected = p.ksl.layer === "workload" && p.ksl.hexad.includes("availability");
            assert.equal(levelOf(cfg[p.name]), selected ? "mandatory" : "advisory", p.name);
        }
    });

    it("writes a file that ksl scan accepts with --config", async function () {
        if (!fs.existsSync(path.join(ROOT, "policypacks", "aks", "dist", "index.js"))) this.skip();
        const out = scratchPath("aks-top.json");
        const w = await runCli(["config", "--platform", "aks", "--layer", "supply-chain", "--output", out]);
        assert.equal(w.code, 0, w.stderr);
        const cfg = JSON.parse(fs.readFileSync(out, "utf8"));
        // An advisory Pod Security policy stays advisory even in a labelled namespace.
        assert.deepEqual(cfg["pss-privileged"], { enforcementLevel: "advisory", blockAdmissionViolations: false });
        const r = await runCli(["scan", path.join(MANIFESTS, "multi.yaml"), "--pack", "aks", "--config", out, "--format", "json"]);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        const report = JSON.parse(r.stdout);
        for (const v of report.violations) {
            // Unconfigured, restrict-image-registries is advice whatever its level: only the user can say which registries are trusted.
            const mandatory = v.layer === "supply-chain" && v.policy !== "restrict-image-registries";
            if (!v.waived) assert.equal(v.enforcementLevel, mandatory ? "mandatory" : "advisory", v.policy);
        }
    });

    it("rejects an unknown layer", async () => {
        await assert.rejects(generateConfig({ platform: "aks", layers: ["kernel"] }), /--layer kernel: unknown layer/);
    });
});
