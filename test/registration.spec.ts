// Registration: every policy written under policypacks/policies is in a pack (a policy left out of
// its area list fails here, by name), and - checked after the whole suite by
// test/helpers/registration-hook.ts - every pack policy has compliant and non-compliant tests.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { packPolicies } from "../policypacks/packs";
import { PLATFORMS } from "../policypacks/catalog/types";

const POLICIES = path.resolve(__dirname, "..", "policypacks", "policies");

function modules(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? modules(p) : e.name.endsWith(".ts") ? [p] : [];
    });
}

/** Every policy object a module under policypacks/policies exports (policies carry `ksl` metadata). */
export function exportedPolicies(): Map<string, string> {
    const out = new Map<string, string>();
    for (const file of modules(POLICIES)) {
        for (const v of Object.values(require(file) as Record<string, unknown>)) {
            const p = v as { name?: unknown; ksl?: unknown };
            if (p && typeof p === "object" && typeof p.name === "string" && p.ksl) out.set(p.name, path.relative(POLICIES, file));
        }
    }
    return out;
}

describe("registration", () => {
    it("every exported policy is in at least one pack", () => {
        const inPacks = new Set(PLATFORMS.flatMap((p) => packPolicies(p).map((x) => x.name)));
        const orphans = [...exportedPolicies()].filter(([name]) => !inPacks.has(name)).map(([name, file]) => `${name} (${file})`);
        assert.deepEqual(orphans, [], `in no pack: ${orphans.join(", ")}`);
    });

    it("no two policies share a name", () => {
        for (const platform of PLATFORMS) {
            const names = packPolicies(platform).map((p) => p.name);
            assert.equal(new Set(names).size, names.length, platform);
        }
    });
});
