// docs/measures.md is generated: it must be exactly what the generator writes for the live
// catalog and packs. Regenerate with `npm run docs`.
import { strict as assert } from "assert";
import * as fs from "fs";
import { generateMeasuresDoc, MEASURES_DOC } from "../../scripts/gen-measures-doc";
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
