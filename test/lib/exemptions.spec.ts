// Exemptions in a policy's config, for objects a user cannot annotate: reported as waived, never
// dropped; an expired or incomplete one exempts nothing, and the finding says so.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { T } from "../../policypacks/lib/k8s";
import { packPolicies } from "../../policypacks/packs";
import { pssPrivileged } from "../../policypacks/policies/kubernetes/workload/pss-privileged";
import { restrictWorkloadNamespaces } from "../../policypacks/policies/kubernetes/namespace/restrict-workload-namespaces";
import { runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";
import { ROOT, runCli } from "../engine/helpers";
import { hardened } from "../workload/kinds";
import { pinToday } from "../helpers/today";

const TODAY = "2026-12-01";
const privileged = (name: string, namespace = "ingress-nginx") => {
    const p = hardened(T.Deployment, (s) => (s.containers[0].securityContext.privileged = true));
    p.metadata = { ...p.metadata, name, namespace };
    return p;
};

describe("exemptions in policy config", () => {
    pinToday(TODAY);

    it("every policy of both packs declares exemptions in its configSchema (the Pulumi CLI validates config against it)", () => {
        for (const platform of ["aks", "onprem"] as const) {
            for (const p of packPolicies(platform)) {
                const e = (p.configSchema?.properties as Record<string, any>)?.exemptions;
                assert.ok(e && e.type === "array" && e.items?.required?.includes("justification") && e.items.required.includes("expires"), p.name);
            }
        }
    });

    it("a matching valid exemption reports the finding as waived, with its justification", () => {
        const config = { exemptions: [{ kind: "Deployment", namespace: "ingress-*", name: "ingress-nginx-controller", justification: "vendored upstream manifest, fixed in v1.12", expires: "2027-03-31" }] };
        const vs = runResourcePolicy(pssPrivileged, { type: T.Deployment, props: privileged("ingress-nginx-controller"), config });
        assert.equal(vs.length, 1);
        assert.equal(vs[0].waived, true);
        assert.match(vs[0].message, /\[waived until 2027-03-31: exempted in config: vendored upstream manifest/);
    });

    it("exempts only what it names (kind, namespace and name globs)", () => {
        const config = { exemptions: [{ kind: "Deployment", namespace: "ingress-nginx", name: "other", justification: "vendored upstream manifest", expires: "2027-03-31" }] };
        const vs = runResourcePolicy(pssPrivileged, { type: T.Deployment, props: privileged("ingress-nginx-controller"), config });
        assert.equal(vs[0].waived, false);
        const wrongKind = { exemptions: [{ kind: "DaemonSet", name: "*", justification: "vendored upstream manifest", expires: "2027-03-31" }] };
        assert.equal(runResourcePolicy(pssPrivileged, { type: T.Deployment, props: privileged("x"), config: wrongKind })[0].waived, false);
    });

    it("an expired, too distant or unjustified exemption exempts nothing and the finding says so", () => {
        for (const [e, why] of [
            [{ name: "*", justification: "vendored upstream manifest", expires: "2026-01-31" }, /expired on 2026-01-31/],
            [{ name: "*", justification: "vendored upstream manifest", expires: "2028-12-31" }, /more than 366 days ahead/],
            [{ name: "*", justification: "todo", expires: "2027-01-31" }, /has no justification/],
        ] as const) {
            const vs = runResourcePolicy(pssPrivileged, { type: T.Deployment, props: privileged("x"), config: { exemptions: [e] } });
            assert.equal(vs.length, 1);
            assert.equal(vs[0].waived, false);
            assert.equal(vs[0].enforcementLevel, "mandatory");
            assert.match(vs[0].message, why);
            assert.match(vs[0].message, /\[exemption 1 of pss-privileged .*: it exempts nothing\]/);
        }
    });

    it("applies to stack policies too", () => {
        const deploy = { type: T.Deployment, name: "argocd-server", props: privileged("argocd-server", "default") };
        const config = { exemptions: [{ kind: "Deployment", name: "argocd-*", justification: "Argo CD install manifest is applied as shipped", expires: "2027-03-31" }] };
        const vs = runStackPolicy(restrictWorkloadNamespaces, [deploy], config);
        assert.equal(vs.length, 1);
        assert.equal(vs[0].waived, true);
    });
});

describe("ksl config --exempt-current (round trip through ksl scan)", function () {
    this.timeout(120_000);
    it("exempts the current mandatory findings, after which the same scan passes with every one of them reported as waived", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-exempt-"));
        const manifests = path.join(ROOT, "test", "fixtures", "upstream", "ingress-controller.yaml");
        const before = await runCli(["scan", manifests, "--pack", "aks", "--format", "json", "--output", path.join(dir, "before.json")]);
        assert.equal(before.code, 1, before.stderr);
        const mandatory = JSON.parse(fs.readFileSync(path.join(dir, "before.json"), "utf8")).violations.filter((v: any) => v.enforcementLevel === "mandatory" && !v.waived);
        assert.ok(mandatory.length > 0);
        const cfg = path.join(dir, "exemptions.json");
        const w = await runCli(["config", "--exempt-current", path.join(dir, "before.json"), "--justification", "vendored ingress-nginx manifest, reviewed in SEC-123", "--expires", "2027-06-30", "--output", cfg], { env: { KSL_TODAY: TODAY } });
        assert.equal(w.code, 0, w.stderr);
        assert.match(w.stderr, /wrote .*exemptions\.json: \d+ exemptions in \d+ policies/);
        const config = JSON.parse(fs.readFileSync(cfg, "utf8"));
        assert.ok(Object.values(config).every((e: any) => e.exemptions.every((x: any) => x.justification && x.expires === "2027-06-30")));
        const validated = await runCli(["config", "validate", cfg]);
        assert.equal(validated.code, 0, validated.stderr);
        const after = await runCli(["scan", manifests, "--pack", "aks", "--format", "json", "--config", cfg], { env: { KSL_TODAY: TODAY } });
        assert.equal(after.code, 0, after.stderr);
        const report = JSON.parse(after.stdout);
        assert.equal(report.summary.mandatory, 0);
        assert.equal(report.summary.waived, mandatory.length);
        // Without a justification or expiry nothing is written.
        const bad = await runCli(["config", "--exempt-current", path.join(dir, "before.json"), "--justification", "short", "--expires", "2027-06-30"], { env: { KSL_TODAY: TODAY } });
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /has no justification/);
    });
});
