// Root hook (loaded by .mocharc.json): after a run of the whole suite, every policy of both packs
// must have been seen compliant and non-compliant through the harness (test/helpers/coverage.ts), as
// kube-linter diffs its check list against its tests. A partial run (one file, test:unit) skips it.
import * as fs from "fs";
import * as path from "path";
import { coverage, recordedExamples, setRunningTest } from "./coverage";
import { POLICY_EXAMPLES_FILE } from "../../scripts/gen-measures-doc";

const TEST_ROOT = path.resolve(__dirname, "..");

// Programs previewed by the tests are compiled without type-checking (the Pulumi CLI's own switch,
// which ksl preview honours as the CLI does): it saves seconds per preview. The test that a type
// error fails a preview sets it back.
process.env.PULUMI_NODEJS_TRANSPILE_ONLY ??= "true";

function specFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        // test/e2e is its own suite (npm run test:e2e, .mocharc.e2e.json), never loaded by npm test.
        if (e.isDirectory()) return e.name === "fixtures" || (dir === TEST_ROOT && e.name === "e2e") ? [] : specFiles(p);
        return e.name.endsWith(".spec.ts") ? [p] : [];
    });
}

/** Policies whose compliant case is an object they do not target, with the reason. */
export const COMPLIANT_BY_NOT_TARGETING: Record<string, string> = {
    "disallow-removed-api-versions": "it targets removed API versions only: the compliant case is the current version (tested as not reported)",
};

/** Policies of the packs without a compliant or a non-compliant test; empty when every one has both. */
export function untestedPolicies(): string[] {
    const { packPolicies } = require("../../policypacks/packs") as typeof import("../../policypacks/packs");
    const { PLATFORMS } = require("../../policypacks/catalog/types") as typeof import("../../policypacks/catalog/types");
    const names = [...new Set(PLATFORMS.flatMap((p) => packPolicies(p).map((x) => x.name)))].sort();
    return names.flatMap((n) => {
        const c = coverage.get(n);
        const missing = [!c?.compliant && !(n in COMPLIANT_BY_NOT_TARGETING) ? "compliant" : "", !c?.nonCompliant ? "non-compliant" : ""].filter(Boolean);
        return missing.length ? [`${n} (no ${missing.join(" and no ")} test)`] : [];
    });
}

export const mochaHooks = {
    beforeEach(this: Mocha.Context): void {
        setRunningTest(this.currentTest?.file, this.currentTest?.fullTitle());
    },
    afterAll(): void {
        const all = specFiles(TEST_ROOT);
        if (!all.every((f) => require.cache[f] !== undefined)) return; // not the whole suite
        if (process.env.KSL_RECORD_EXAMPLES === "1") fs.writeFileSync(POLICY_EXAMPLES_FILE, JSON.stringify(recordedExamples(), null, 1) + "\n");
        const missing = untestedPolicies();
        if (missing.length) throw new Error(`registration: ${missing.length} pack policies lack tests through the harness: ${missing.join("; ")}`);
    },
};
