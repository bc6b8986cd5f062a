// Writes docs/measures.md and docs/policies/ from the measure catalog and the live policy packs.
// Run: `npm run docs` (or `npx ts-node --transpile-only scripts/gen-measures-doc.ts`).
// test/catalog/docs.spec.ts fails when the committed file differs from what this writes.
import * as fs from "fs";
import * as path from "path";
import { catalogMarkdown, catalogView } from "../engine/catalog-view";
import { policyDocs, type PolicyExamples } from "../engine/policy-docs";

export const MEASURES_DOC = path.join(__dirname, "..", "docs", "measures.md");
export const POLICIES_DIR = path.join(__dirname, "..", "docs", "policies");
/** The examples the whole test suite nominated (`npm run docs:examples` rewrites it). */
export const POLICY_EXAMPLES_FILE = path.join(__dirname, "..", "test", "fixtures", "policy-examples.json");

export function loadPolicyExamples(): PolicyExamples {
    return JSON.parse(fs.readFileSync(POLICY_EXAMPLES_FILE, "utf8")) as PolicyExamples;
}

/** The full text of docs/measures.md for the current catalog and packs. */
export function generateMeasuresDoc(): string {
    return catalogMarkdown(catalogView());
}

if (require.main === module) {
    const text = generateMeasuresDoc();
    fs.mkdirSync(path.dirname(MEASURES_DOC), { recursive: true });
    fs.writeFileSync(MEASURES_DOC, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), MEASURES_DOC)} (${text.split("\n").length} lines)\n`);
    // The policy reference: one page per policy; pages of removed policies go.
    const pages = policyDocs(loadPolicyExamples());
    fs.mkdirSync(POLICIES_DIR, { recursive: true });
    for (const f of fs.readdirSync(POLICIES_DIR)) if (f.endsWith(".md") && !pages.has(f)) fs.rmSync(path.join(POLICIES_DIR, f));
    for (const [f, content] of pages) fs.writeFileSync(path.join(POLICIES_DIR, f), content);
    process.stdout.write(`wrote ${path.relative(process.cwd(), POLICIES_DIR)}/ (${pages.size} pages)\n`);
}
