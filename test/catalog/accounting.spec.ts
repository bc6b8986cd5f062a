// Accounting: every external check the library is measured against is accounted for exactly once,
// by an existing measure or an explicit reason, under its public ids; the measures' `covers` fields
// say the same; and every CIS item the on-prem pack checks says where it is found.
import { strict as assert } from "assert";
import { measures, hasMeasure } from "../../policypacks/catalog";
import { accounting, externalChecksFor, rowsFor, SEED_ITEMS } from "../../policypacks/catalog/accounting";
import { KUBELET_FLAGS } from "../../policypacks/policies/onprem/lib/kubelet";
import { packPolicies } from "../../policypacks/packs";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

// The CIS Kubernetes items kube-bench runs for a kubeadm cluster (cfg/cis-1.12), written out here
// independently of accounting.ts; section 1.1 and 4.1 are the file-permission groups.
const CIS_IDS = [
    "1.1",
    ...range(30).map((n) => `1.2.${n}`),
    ...range(7).map((n) => `1.3.${n}`),
    "1.4.1",
    "1.4.2",
    ...range(7).map((n) => `2.${n}`),
    "3.2.1",
    "3.2.2",
    "4.1",
    ...range(14).map((n) => `4.2.${n}`),
    "4.2.6 (Kubernetes ≤1.24)",
    "4.3.1",
];
const SEEDS = Object.keys(SEED_ITEMS);

/** How each tool writes its ids. */
const ID_SHAPES: RegExp[] = [
    /^PSA [A-Za-z_]+$/,
    /^Kyverno [a-zA-Z0-9-]+$/,
    /^Polaris [A-Za-z*]+( \(5 checks\))?$/,
    /^kube-linter [a-z0-9-]+$/,
    /^kubesec [A-Za-z]+$/,
    /^kubescape C-\d{4}$/,
    /^Checkov CKV2?_(K8S|AZURE)_\d+$/,
    /^Azure Policy [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} ".+"$/,
    /^CIS AKS \d+(\.\d+)+$/,
    /^CIS Kubernetes \d+(\.\d+)*$/,
    /^kube-bench \d+(\.\d+)*$/,
    /^Trivy AVD-(AZU|KCV)-\d{4}$/,
    /^MCSB [A-Z]{2}-\d+$/,
    /^PSRule Azure\.AKS\.[A-Za-z]+$/,
    /^Microsoft Learn: .+$/,
];

describe("catalog accounting", () => {
    const byPrefix = (prefix: string) => accounting.filter((a) => a.key.startsWith(prefix));

    it("accounts for the Kubernetes checks of the peer tools (90), the AKS checks (52) and the founding measures", () => {
        assert.equal(byPrefix("kubernetes:").length, 90);
        assert.equal(byPrefix("aks:").length, 52);
        assert.deepEqual(byPrefix("seed:").map((a) => a.key.slice(5)).sort(), [...SEEDS].sort());
    });

    it("accounts for every CIS Kubernetes item kube-bench runs, exactly once", () => {
        const count = (id: string) => accounting.filter((a) => a.key === `cis:${id}`).length;
        assert.deepEqual(CIS_IDS.filter((id) => count(id) !== 1).map((id) => `${id} ×${count(id)}`), []);
        assert.equal(byPrefix("cis:").length, CIS_IDS.length);
    });

    it("names every external check by its public id, in the tool's own form", () => {
        for (const a of accounting) {
            if (a.key.startsWith("seed:")) continue;
            assert.ok(a.checks.length > 0, `${a.key}: no external check`);
            for (const c of a.checks) assert.ok(ID_SHAPES.some((r) => r.test(c)), `${a.key}: "${c}" is not a public id`);
        }
        // The CIS entries carry their kube-bench id; Trivy's where Trivy has one.
        assert.ok(accounting.find((a) => a.key === "cis:4.2.4")!.checks.includes("Trivy AVD-KCV-0082"));
    });

    it("lists, for each CIS item the on-prem pack checks, the forms it is found in", () => {
        const onprem = new Set(packPolicies("onprem").map((p) => p.ksl.measure));
        for (const a of byPrefix("cis:")) {
            assert.ok(Array.isArray(a.forms), a.key);
            // File permissions live on the node's disk: no form, and the measure says so.
            if (a.key === "cis:1.1" || a.key === "cis:4.1") assert.deepEqual(a.forms, [], a.key);
            else assert.ok(a.forms!.length > 0 && onprem.has(a.measure!), `${a.key}: no form, or no on-prem policy for ${a.measure}`);
        }
        // The kubelet items name the flag that overrides the file, as the pack reads it.
        for (const a of byPrefix("cis:4.2.")) {
            const flags = [...a.forms!.join(" ").matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
            assert.ok(flags.length > 0, a.key);
            for (const f of flags) assert.ok(f === "hostname-override" || KUBELET_FLAGS[f], `${a.key}: --${f} is not read by the kubelet view`);
        }
    });

    it("has no duplicate keys and only well-formed keys", () => {
        const keys = accounting.map((a) => a.key);
        assert.deepEqual(keys.filter((r, i) => keys.indexOf(r) !== i), []);
        for (const k of keys) assert.match(k, /^(kubernetes|aks):[a-z0-9-]+$|^cis:.+$|^seed:.+$/, k);
    });

    it("maps every check to an existing measure or gives a reason", () => {
        for (const a of accounting) {
            assert.ok(a.subject.trim().length > 0, `${a.key}: subject`);
            if (a.measure !== undefined) assert.ok(hasMeasure(a.measure), `${a.key}: unknown measure ${a.measure}`);
            else assert.ok((a.note ?? "").trim().length > 20, `${a.key}: no measure and no reason`);
        }
    });

    it("names the measure a folded check is folded into, with a reason", () => {
        for (const a of accounting.filter((x) => x.note?.startsWith("folded into"))) {
            const m = /^folded into ([a-z-]+\.[a-z0-9-]+): (.{20,})$/s.exec(a.note!);
            assert.ok(m, `${a.key}: folded note must read "folded into <id>: <why>"`);
            assert.equal(m![1], a.measure, `${a.key}: folded into ${m![1]} but mapped to ${a.measure}`);
        }
    });

    it("keeps each measure's covers equal to the checks mapped to it (both directions)", () => {
        for (const m of measures) assert.deepEqual([...m.covers].sort(), rowsFor(m.id).sort(), `${m.id}.covers`);
        const covered = new Set(measures.flatMap((m) => m.covers));
        for (const a of accounting.filter((x) => x.measure)) assert.ok(covered.has(a.key), `${a.key} is in no measure's covers`);
    });

    it("gives each measure the external ids it answers to", () => {
        assert.ok(externalChecksFor("workload.privileged").includes("Checkov CKV_K8S_16"));
        assert.ok(externalChecksFor("cluster.api-private-endpoint").includes("Trivy AVD-AZU-0065"));
        assert.ok(externalChecksFor("supply-chain.registry-access").includes("Checkov CKV_AZURE_137"));
        assert.ok(externalChecksFor("infrastructure.kubelet-read-only-port").includes("kube-bench 4.2.4"));
    });
});
