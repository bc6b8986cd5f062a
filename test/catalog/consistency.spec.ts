// The catalog and the packs agree: every policy names a real measure, every measure that applies on
// a platform is enforced there (policy, component or guidance), ranks are sound, nothing is left TODO.
// Runs against the live packs: a gap here is a real gap in the library.
import { strict as assert } from "assert";
import { measures, hasMeasure } from "../../policypacks/catalog";
import { kubernetesPoliciesFor, packPolicies, PLATFORM_POLICIES } from "../../policypacks/packs";
import { HEXAD_GOALS, LAYERS } from "../../policypacks/catalog/types";
import { perPlatform, PLATFORMS, type Platform } from "../../policypacks/catalog/platforms";
import { catalogView } from "../../engine/catalog-view";
import { policyDocUrl, POLICY_DOCS_BASE } from "../../policypacks/lib/docs-url";
import * as fs from "fs";
import * as path from "path";

const COMPONENTS = ["HardenedNamespace", "HardenedAKSCluster", "OnPremNodePool"];
/** Which platforms a component provisions on. */
const COMPONENT_PLATFORMS: Record<string, Platform[]> = {
    HardenedNamespace: ["aks", "onprem"],
    HardenedAKSCluster: ["aks"],
    OnPremNodePool: ["onprem"],
};
const packs = perPlatform(packPolicies);
const neutral = new Set(PLATFORMS.flatMap((platform) => kubernetesPoliciesFor(platform).map((p) => p.name)));
const measureOf = (platform: Platform) => {
    const m = new Map<string, string[]>();
    for (const p of packs[platform]) m.set(p.ksl.measure, [...(m.get(p.ksl.measure) ?? []), p.name]);
    return m;
};
const byMeasure = perPlatform(measureOf);

/** Every string anywhere inside a value, with its path. */
function strings(v: unknown, path: string, out: [string, string][] = []): [string, string][] {
    if (typeof v === "string") out.push([path, v]);
    else if (Array.isArray(v)) v.forEach((x, i) => strings(x, `${path}[${i}]`, out));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) strings(x, `${path}.${k}`, out);
    return out;
}

describe("catalog consistency", () => {
    describe("policies and packs", () => {
        for (const platform of PLATFORMS) {
            it(`every policy of the ${platform} pack names an existing measure with its layer and hexad`, () => {
                assert.ok(packs[platform].length > 0);
                for (const p of packs[platform]) {
                    assert.ok(hasMeasure(p.ksl.measure), `${p.name}: unknown measure ${p.ksl.measure}`);
                    const m = measures.find((x) => x.id === p.ksl.measure)!;
                    assert.equal(p.ksl.layer, m.layer, `${p.name}: layer`);
                    assert.deepEqual(p.ksl.hexad, m.hexad, `${p.name}: hexad`);
                }
            });

            it(`policy names in the ${platform} pack are unique and lowercase-hyphenated`, () => {
                const names = packs[platform].map((p) => p.name);
                assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
                for (const n of names) assert.match(n, /^[a-z0-9]+(-[a-z0-9]+)*$/, n);
            });

            it(`${platform}-pack policies outside the shared Kubernetes set belong to measures that apply there and are not managed`, () => {
                for (const p of packs[platform].filter((x) => !neutral.has(x.name))) {
                    const m = measures.find((x) => x.id === p.ksl.measure)!;
                    assert.ok(m.platforms[platform].applies, `${p.name}: ${m.id} does not apply on ${platform}`);
                    assert.ok(!m.platforms[platform].managed, `${p.name}: ${m.id} is managed on ${platform}`);
                }
            });
        }

        it("platform-neutral policies are in both packs and platform policies in only their own", () => {
            for (const p of PLATFORMS.flatMap((platform) => kubernetesPoliciesFor(platform))) {
                for (const platform of PLATFORMS) assert.ok(packs[platform].some((x) => x.name === p.name), `${p.name} missing from ${platform}`);
            }
            // No platform's own policies leak into the other platform's pack.
            for (const own of PLATFORMS) {
                for (const other of PLATFORMS.filter((x) => x !== own)) {
                    for (const p of PLATFORM_POLICIES[own]) assert.ok(!packs[other].some((q) => q.name === p.name), `${p.name} (${own}) in the ${other} pack`);
                }
            }
        });

        it("every measure with policies is covered in the pack of each platform it applies to (not managed)", () => {
            // A platform-neutral policy is in both packs (checked above). A measure enforced by
            // another platform's resource policy (e.g. an azure-native property) is covered on this
            // platform by its own policy, or - where nothing there is visible at preview - by this
            // platform's component or by guidance that says why.
            const gaps: string[] = [];
            for (const m of measures) {
                const anywhere = PLATFORMS.some((p) => byMeasure[p].has(m.id));
                if (!anywhere) continue;
                for (const platform of PLATFORMS) {
                    const e = m.platforms[platform];
                    const otherwise =
                        m.components.some((c) => COMPONENT_PLATFORMS[c]?.includes(platform)) || (m.guidance ?? "").trim().length > 0;
                    if (e.applies && !e.managed && !byMeasure[platform].has(m.id) && !otherwise) {
                        const other = PLATFORMS.filter((p) => byMeasure[p].has(m.id)).map((p) => `${p}: ${byMeasure[p].get(m.id)!.join(", ")}`);
                        gaps.push(`${m.id} has policies (${other.join("; ")}) but none in the ${platform} pack`);
                    }
                }
            }
            assert.deepEqual(gaps, []);
        });

        it("every measure that applies on a platform (not managed) has a policy in that pack, a component there, or guidance", () => {
            const gaps: string[] = [];
            for (const m of measures) {
                for (const platform of PLATFORMS) {
                    const e = m.platforms[platform];
                    if (!e.applies || e.managed) continue;
                    const policy = byMeasure[platform].has(m.id);
                    const component = m.components.some((c) => COMPONENT_PLATFORMS[c]?.includes(platform));
                    const guidance = (m.guidance ?? "").trim().length > 0;
                    if (!policy && !component && !guidance) gaps.push(`${m.id} on ${platform}`);
                }
            }
            assert.deepEqual(gaps, []);
        });

        it("the catalog view lists each pack policy under its measure, with the packs that hold it", () => {
            const view = catalogView();
            for (const platform of PLATFORMS) {
                for (const p of packs[platform]) {
                    const mv = view.find((m) => m.id === p.ksl.measure)!;
                    const ref = mv.enforcement.policies.find((r) => r.name === p.name);
                    assert.ok(ref && ref.packs.includes(platform), `${p.name} not listed under ${mv.id} for ${platform}`);
                }
            }
        });
    });

    describe("measures", () => {
        it("has unique ids of the form <layer>.<slug>", () => {
            const ids = measures.map((m) => m.id);
            assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
            for (const m of measures) assert.match(m.id, new RegExp(`^${m.layer}\\.[a-z0-9]+(-[a-z0-9]+)*$`), m.id);
        });

        it("ranks are unique and contiguous 1..N, in layer order", () => {
            assert.deepEqual(measures.map((m) => m.significance), measures.map((_, i) => i + 1));
            const layerIdx = measures.map((m) => LAYERS.indexOf(m.layer));
            assert.deepEqual(layerIdx, [...layerIdx].sort((a, b) => a - b));
        });

        it("covers all 8 layers and all 6 hexad goals", () => {
            assert.deepEqual([...new Set(measures.map((m) => m.layer))].sort(), [...LAYERS].sort());
            assert.deepEqual([...new Set(measures.flatMap((m) => m.hexad))].sort(), [...HEXAD_GOALS].sort());
            for (const m of measures) {
                assert.ok(m.hexad.length > 0, `${m.id}: no hexad goal`);
                for (const h of m.hexad) assert.ok((HEXAD_GOALS as readonly string[]).includes(h), `${m.id}: ${h}`);
            }
        });

        it("no field contains TODO", () => {
            const todo = strings(measures, "measures").filter(([, s]) => /TODO/.test(s));
            assert.deepEqual(todo.map(([p]) => p), []);
        });

        it("every measure has a summary in sentences and says how it stands on both platforms", () => {
            for (const m of measures) {
                assert.ok(m.summary.length > 60 && /\.$/.test(m.summary.trim()), `${m.id}: summary`);
                for (const platform of PLATFORMS) {
                    const e = m.platforms[platform];
                    assert.ok(e.how.trim().length > 20, `${m.id}.${platform}: how`);
                    if (e.managed) {
                        assert.ok(e.applies, `${m.id}.${platform}: managed but not applicable`);
                        assert.match(e.how, /^Managed by /, `${m.id}.${platform}: a managed entry says "Managed by …"`);
                    }
                    if (!e.applies) {
                        assert.match(e.how, /^(Not possible on |Only on )/, `${m.id}.${platform}: says "Not possible on …" or "Only on …"`);
                    }
                }
                assert.ok(PLATFORMS.some((p) => m.platforms[p].applies), `${m.id}: applies nowhere`);
            }
        });

        it("components are the library's components", () => {
            for (const m of measures) for (const c of m.components) assert.ok(COMPONENTS.includes(c), `${m.id}: ${c}`);
        });

        it("every measure has references", () => {
            for (const m of measures) {
                const n = Object.values(m.references).reduce((k, ids) => k + (ids?.length ?? 0), 0);
                assert.ok(n > 0, `${m.id}: no references`);
            }
        });

        it("guidance, when present, gives a reason", () => {
            for (const m of measures.filter((x) => x.guidance !== undefined)) {
                assert.ok(m.guidance!.length > 40, `${m.id}: guidance too short to carry a reason`);
            }
        });
    });

    it("every config property of every policy has a description (Pulumi Cloud builds its config form from them)", () => {
        const missing: string[] = [];
        let seen = 0;
        for (const platform of PLATFORMS) {
            for (const p of packs[platform]) {
                for (const [k, v] of Object.entries((p.configSchema?.properties ?? {}) as Record<string, { description?: string }>)) {
                    seen++;
                    if (!v.description || v.description.trim().length < 10) missing.push(`${p.name}.${k}`);
                }
            }
        }
        assert.ok(seen > 50, `only ${seen} config properties seen`);
        assert.deepEqual([...new Set(missing)], []);
    });

    it("every policy links its generated reference page (Pulumi Cloud and SARIF viewers show the url)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { homepage: string };
        assert.equal(POLICY_DOCS_BASE, `${pkg.homepage}/blob/main/docs/policies/`, "the docs base follows package.json's homepage");
        const wrong: string[] = [];
        for (const platform of PLATFORMS) {
            for (const p of packs[platform]) {
                const page = path.join(__dirname, "..", "..", "docs", "policies", `${p.name}.md`);
                if (p.url !== policyDocUrl(p.name) || !fs.existsSync(page)) wrong.push(`${p.name}: ${p.url}`);
            }
        }
        assert.deepEqual(wrong, []);
    });

    it("every policy names its measure's primary compliance framework (Pulumi Cloud shows it), and only measures without one leave it out", () => {
        const byId = new Map(measures.map((m) => [m.id, m]));
        const cites = (refs: Record<string, unknown>) => ["pss", "cisKubernetes", "cisAks", "nsaCisa", "mcsb"].some((k) => Array.isArray(refs[k]) && (refs[k] as unknown[]).length > 0);
        let framed = 0;
        for (const platform of PLATFORMS) {
            for (const p of packs[platform]) {
                const f = (p as { framework?: { name: string; version: string; reference: string; specification: string } }).framework;
                const m = byId.get(p.ksl.measure)!;
                if (!cites(m.references as Record<string, unknown>)) {
                    assert.equal(f, undefined, `${p.name}: a framework its measure does not cite`);
                    continue;
                }
                assert.ok(f && f.name && f.version && f.reference && /^https:\/\//.test(f.specification), `${p.name}: framework ${JSON.stringify(f)}`);
                framed++;
            }
        }
        assert.ok(framed > 150, `only ${framed} policies carry a framework`);
        // AKS policies name the AKS benchmark first where their measure cites it.
        const kms = packs.aks.find((p) => p.name === "aks-kms-secrets-encryption") as unknown as { framework: { name: string } };
        assert.equal(kms.framework.name, "CIS Azure Kubernetes Service Benchmark");
        const priv = packs.aks.find((p) => p.name === "pss-privileged") as unknown as { framework: { name: string; reference: string } };
        assert.deepEqual([priv.framework.name, priv.framework.reference], ["Kubernetes Pod Security Standards", "privileged"]);
    });
});
