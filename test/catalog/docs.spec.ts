// docs/measures.md is generated: it must be exactly what the generator writes for the live
// catalog and packs. Regenerate with `npm run docs`.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { generateMeasuresDoc, loadPolicyExamples, MEASURES_DOC, POLICIES_DIR } from "../../scripts/gen-measures-doc";
import { policyDocs } from "../../engine/policy-docs";
import { packPolicies } from "../../policypacks/packs";
import { PLATFORMS } from "../../policypacks/catalog/platforms";
import { measures } from "../../policypacks/catalog";
import { accounting } from "../../policypacks/catalog/accounting";
import { LAYERS } from "../../policypacks/catalog/types";

describe("docs/measures.md", () => {
    const doc = generateMeasuresDoc();

    it("is up to date with the catalog and the packs (run `npm run docs`)", () => {
        const committed = fs.readFileSync(MEASURES_DOC, "utf8");
        if (committed !== doc) {
            const a = committed.split("\n");
            const b = doc.split("\n");
            const i = a.findIndex((line, k) => line !== b[k]);
            assert.fail(`docs/measures.md is stale (first difference at line ${i + 1}); run \`npm run docs\`\n- ${a[i]}\n+ ${b[i]}`);
        }
    });

    it("opens with the significance rationale, then the layers outermost first, then the accounting", () => {
        const sig = doc.indexOf("## Significance");
        const positions = LAYERS.map((l) => doc.indexOf(`## Layer: ${l}`));
        const acc = doc.indexOf("## Accounting");
        assert.ok(sig > 0);
        assert.deepEqual([...positions].sort((x, y) => x - y), positions);
        assert.ok(positions[0] > sig && acc > positions[positions.length - 1]);
    });

    it("lists every measure once in its layer table, in significance order, and every accounting row", () => {
        const rows = doc.split("\n").filter((l) => /^\| \d+ \| \[`/.test(l));
        assert.deepEqual(
            rows.map((l) => Number(/^\| (\d+) /.exec(l)![1])),
            measures.map((m) => m.significance),
        );
        for (const m of measures) assert.ok(doc.includes(`### ${m.id}\n`), m.id);
        for (const a of accounting) assert.ok(doc.includes(`| ${a.key.replace(/\|/g, "\\|")} |`), a.key);
    });
});

describe("docs/policies/", () => {
    const pages = policyDocs(loadPolicyExamples());

    it("has one current page per policy and an index, and nothing else (run `npm run docs`)", () => {
        const names = new Set(PLATFORMS.flatMap((p) => packPolicies(p).map((x) => x.name)));
        assert.deepEqual([...pages.keys()].sort(), [...[...names].map((n) => `${n}.md`), "README.md"].sort());
        const onDisk = fs.readdirSync(POLICIES_DIR).filter((f) => f.endsWith(".md")).sort();
        assert.deepEqual(onDisk, [...pages.keys()].sort(), "pages added or removed: run `npm run docs`");
        const stale = [...pages].filter(([f, text]) => fs.readFileSync(path.join(POLICIES_DIR, f), "utf8") !== text).map(([f]) => f);
        assert.deepEqual(stale, [], "stale pages: run `npm run docs`");
    });

    it("gives each page the measure, level, every config option with its default, and the waiver syntax", () => {
        const page = pages.get("require-pod-disruption-budget.md")!;
        assert.match(page, /\| Measure \| \[`workload.disruption-budget`\]\(\.\.\/measures\.md#workloaddisruption-budget\)/);
        assert.match(page, /\| Default enforcement \| advisory \|/);
        assert.match(page, /\| `exemptions` \| object\[\] \| `\[\]` \|/);
        assert.match(page, /waivers\.ksl\.dev\/require-pod-disruption-budget/);
        assert.doesNotMatch(page, /ksl-waiver-/, "Kubernetes policies are waived by annotation only");
        const aks = pages.get("aks-zone-redundancy.md")!;
        assert.match(aks, /\| `minNodes` \| number \| `3` \| Fewest nodes in any pool/);
        assert.match(aks, /tag `ksl-waiver-aks-zone-redundancy`/);
    });

    it("shows a non-compliant example with what it reports and a compliant one, from the test suite, on every page", () => {
        const without = [...pages].filter(([f, text]) => f !== "README.md" && !(text.includes("### Non-compliant") && text.includes("Reported:") && (text.includes("### Compliant") || f === "disallow-removed-api-versions.md"))).map(([f]) => f);
        assert.deepEqual(without, []);
        const page = pages.get("pss-privileged.md")!;
        assert.match(page, /### Non-compliant\n\n```yaml\n# kubernetes:[a-z/0-9]+:(Pod|Deployment|DaemonSet|StatefulSet|Job|CronJob)\napiVersion: [a-z/0-9]+\nkind: \w+\n[\s\S]*privileged: true[\s\S]*Reported:\n\n> privileged \(container/);
    });

    it("is linked from docs/measures.md for every policy", () => {
        const doc = generateMeasuresDoc();
        for (const f of pages.keys()) if (f !== "README.md") assert.ok(doc.includes(`](policies/${f})`), f);
    });
});
