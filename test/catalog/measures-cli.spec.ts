// `ksl measures` as a user runs it: a child process of bin/ksl.js (the bundle when built,
// otherwise the TypeScript source), its JSON shape, filters and exit codes.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { HEXAD_GOALS, LAYERS } from "../../policypacks/catalog/types";
import { measures } from "../../policypacks/catalog";
import { generateMeasuresDoc } from "../../scripts/gen-measures-doc";

const root = path.join(__dirname, "..", "..");

function ksl(...args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, "bin", "ksl.js"), "measures", ...args], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): any[] {
    const r = ksl("--format", "json", ...args);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
}

describe("ksl measures", () => {
    let all: any[];
    before(() => {
        all = json();
    });

    it("prints every measure as JSON in significance order with the documented fields", () => {
        assert.equal(all.length, measures.length);
        assert.deepEqual(all.map((m) => m.significance), all.map((_, i) => i + 1));
        for (const m of all) {
            assert.equal(typeof m.id, "string");
            assert.equal(typeof m.title, "string");
            assert.ok((LAYERS as readonly string[]).includes(m.layer), m.id);
            assert.ok(Array.isArray(m.hexad) && m.hexad.length > 0 && m.hexad.every((h: string) => (HEXAD_GOALS as readonly string[]).includes(h)), m.id);
            assert.ok(m.phase === "build" || m.phase === "operate", m.id);
            for (const p of ["aks", "onprem"]) {
                assert.equal(typeof m.platforms[p].applies, "boolean", `${m.id}.${p}`);
                assert.equal(typeof m.platforms[p].managed, "boolean", `${m.id}.${p}`);
                assert.ok(m.platforms[p].how.length > 0, `${m.id}.${p}`);
            }
            assert.ok(Array.isArray(m.enforcement.policies), m.id);
            for (const pol of m.enforcement.policies) {
                assert.match(pol.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
                assert.ok(pol.packs.length > 0 && pol.packs.every((x: string) => x === "aks" || x === "onprem"));
            }
            assert.ok(Array.isArray(m.enforcement.components), m.id);
            assert.equal(typeof m.enforcement.guidance, "string", m.id);
            assert.equal(typeof m.references, "object", m.id);
            assert.ok(m.summary.length > 0, m.id);
        }
        // The catalog's own order and ids.
        assert.deepEqual(all.map((m) => m.id), measures.map((m) => m.id));
    });

    it("--platform aks lists exactly the measures that apply on AKS, with only AKS-pack policies", () => {
        const aks = json("--platform", "aks");
        assert.deepEqual(aks.map((m) => m.id), measures.filter((m) => m.platforms.aks.applies).map((m) => m.id));
        assert.ok(aks.length < all.length, "some measures do not apply on AKS");
        for (const m of aks) for (const p of m.enforcement.policies) assert.ok(p.packs.includes("aks"), `${m.id}: ${p.name}`);
        // Ranks stay global, not renumbered.
        for (const m of aks) assert.equal(m.significance, all.find((x) => x.id === m.id).significance);
    });

    it("--platform onprem lists exactly the measures that apply on-prem", () => {
        const onprem = json("--platform", "onprem");
        assert.deepEqual(onprem.map((m) => m.id), measures.filter((m) => m.platforms.onprem.applies).map((m) => m.id));
        assert.ok(onprem.some((m) => m.id === "infrastructure.kubelet-seccomp-default"));
        assert.ok(!onprem.some((m) => m.id === "cluster.run-command-disabled"));
    });

    it("--layer filters by layer, combined with --platform", () => {
        const net = json("--layer", "network");
        assert.ok(net.length > 0 && net.every((m) => m.layer === "network"));
        assert.equal(net.length, measures.filter((m) => m.layer === "network").length);
        const infraAks = json("--layer", "infrastructure", "--platform", "aks");
        assert.ok(infraAks.every((m) => m.layer === "infrastructure" && m.platforms.aks.applies));
        assert.ok(!infraAks.some((m) => m.id === "infrastructure.kubelet-seccomp-default"));
    });

    it("text format lists every measure under its layer", () => {
        const r = ksl();
        assert.equal(r.code, 0, r.stderr);
        for (const l of LAYERS) assert.ok(r.stdout.includes(`${l.toUpperCase()} (`), l);
        for (const m of measures) assert.ok(r.stdout.includes(`  ${m.id}  ${m.title}`), m.id);
        assert.ok(r.stdout.trimEnd().endsWith(`${measures.length} measures.`));
    });

    it("md format is docs/measures.md", () => {
        const r = ksl("--format", "md");
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, generateMeasuresDoc());
    });

    for (const [label, args] of [
        ["a bad --layer", ["--layer", "kernel"]],
        ["a bad --platform", ["--platform", "gke"]],
        ["a bad --format", ["--format", "yaml"]],
    ] as const) {
        it(`exits 2 with a one-line message on ${label}`, () => {
            const r = ksl(...args);
            assert.equal(r.code, 2);
            assert.equal(r.stdout, "");
            const lines = r.stderr.trim().split("\n");
            assert.equal(lines.length, 1, r.stderr);
            assert.match(lines[0], new RegExp(`^ksl: ${args[0]} ${args[1]}: unknown`));
        });
    }
});
