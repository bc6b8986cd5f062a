// Writes docs/measures.md from the measure catalog and the live policy packs.
// Run: `npm run docs` (or `npx ts-node --transpile-only scripts/gen-measures-doc.ts`).
// test/catalog/docs.spec.ts fails when the committed file differs from what this writes.
import * as fs from "fs";
import * as path from "path";
import { catalogMarkdown, catalogView } from "../engine/catalog-view";

export const MEASURES_DOC = path.join(__dirname, "..", "docs", "measures.md");

/** The full text of docs/measures.md for the current catalog and packs. */
export function generateMeasuresDoc(): string {
    return catalogMarkdown(catalogView());
}

if (require.main === module) {
    const text = generateMeasuresDoc();
    fs.mkdirSync(path.dirname(MEASURES_DOC), { recursive: true });
    fs.writeFileSync(MEASURES_DOC, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), MEASURES_DOC)} (${text.split("\n").length} lines)\n`);
}
