// Accounting: every reference-table row and every seed measure is accounted for exactly once, by an
// existing measure or an explicit reason, and the measures' `covers` fields say the same.
import { strict as assert } from "assert";
import { measures, hasMeasure } from "../../policypacks/catalog";
import { accounting, rowsFor, SEED_ITEMS } from "../../policypacks/catalog/accounting";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

// Written out here, independently of accounting.ts, from the reference tables and DESIGN.md §2.
const PEER_ROWS = range(85).map((n) => `peer-checks#${n}`);
const AKS_ROWS = range(48).map((n) => `aks#${n}`);
const CIS_IDS = [
    ...range(30).map((n) => `1.2.${n}`),
    ...range(7).map((n) => `1.3.${n}`),
    "1.4.1",
    "1.4.2",
    ...range(7).map((n) => `2.${n}`),
    "3.2.1",
    "3.2.2",
    ...range(14).map((n) => `4.2.${n}`),
    "(≤1.24) 4.2.6",
    "4.3.1",
];
const ONPREM_ROWS = CIS_IDS.map((id) => `onprem:${id}`);
const SEEDS = [
    "image scanning evidence",
    "image provenance / trusted registries",
    "signed images",
    "secrets management",
    "namespace isolation",
    "network policies",
    "RBAC least privilege",
    "audit policy and audit logging",
    "certificate management",
    "pod security",
    "identity management through a central IdP / SSO",
    "Kubernetes upgrades and supported versions",
    "CIS Kubernetes benchmark",
    "minimal OS",
    "OS hardening",
    "container-runtime hardening",
    "authentication methods",
    "authorization modes",
    "admission control and an in-cluster policy controller",
    "secrets at rest in etcd encrypted",
    "encryption in transit",
    "resource quotas",
    "monitoring and alerting",
    "runtime monitoring",
    "supply-chain security",
    "no exposed dashboards or default credentials",
    "cluster and node hardening",
];
const SEED_ROWS = SEEDS.map((s) => `seed:${s}`);

describe("catalog accounting", () => {
    const count = (row: string) => accounting.filter((a) => a.row === row).length;

    for (const [table, rows] of [
        ["peer-checks.md rows 1-85", PEER_ROWS],
        ["aks.md rows 1-48", AKS_ROWS],
        ["onprem.md CIS ids", ONPREM_ROWS],
        ["DESIGN.md §2 seed measures", SEED_ROWS],
    ] as const) {
        it(`accounts for every one of ${table} exactly once`, () => {
            const wrong = rows.filter((r) => count(r) !== 1).map((r) => `${r} ×${count(r)}`);
            assert.deepEqual(wrong, []);
        });
    }

    it("lists each seed item's full wording", () => {
        assert.deepEqual(Object.keys(SEED_ITEMS).sort(), [...SEEDS].sort());
        for (const s of SEEDS) assert.equal(accounting.find((a) => a.row === `seed:${s}`)?.subject, SEED_ITEMS[s]);
    });

    it("has no duplicate rows and only well-formed row keys", () => {
        const rows = accounting.map((a) => a.row);
        assert.deepEqual(rows.filter((r, i) => rows.indexOf(r) !== i), []);
        for (const r of rows) assert.match(r, /^(peer-checks#\d+|aks#\d+|onprem:.+|seed:.+)$/, r);
        // Peer and AKS rows stay inside their tables.
        for (const r of rows.filter((x) => /^(peer-checks|aks)#/.test(x))) {
            assert.ok(PEER_ROWS.includes(r) || AKS_ROWS.includes(r), `${r} is not a row of its table`);
        }
    });

    it("maps every row to an existing measure or gives a reason", () => {
        for (const a of accounting) {
            assert.ok(a.subject.trim().length > 0, `${a.row}: subject`);
            if (a.measure !== undefined) {
                assert.ok(hasMeasure(a.measure), `${a.row}: unknown measure ${a.measure}`);
            } else {
                assert.ok((a.note ?? "").trim().length > 20, `${a.row}: no measure and no reason`);
            }
        }
    });

    it("names the measure a folded row is folded into, with a reason", () => {
        for (const a of accounting.filter((x) => x.note?.startsWith("folded into"))) {
            const m = /^folded into ([a-z-]+\.[a-z0-9-]+): (.{20,})$/s.exec(a.note!);
            assert.ok(m, `${a.row}: folded note must read "folded into <id>: <why>"`);
            assert.equal(m![1], a.measure, `${a.row}: folded into ${m![1]} but mapped to ${a.measure}`);
        }
    });

    it("keeps each measure's covers equal to the rows mapped to it (both directions)", () => {
        for (const m of measures) {
            assert.deepEqual([...m.covers].sort(), rowsFor(m.id).sort(), `${m.id}.covers`);
        }
        const covered = new Set(measures.flatMap((m) => m.covers));
        for (const a of accounting.filter((x) => x.measure)) assert.ok(covered.has(a.row), `${a.row} is in no measure's covers`);
    });
});
