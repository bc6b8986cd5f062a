// `--format html` as data: waivers and exemptions by expiry with the soon-to-expire ones marked,
// the matrix counts in data attributes, hostile names escaped, no script and no external resource.
// (test/e2e/html-report.spec.ts renders it in a real browser.)
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./helpers";

describe("ksl --format html", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-html-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("lists waivers and exemptions by expiry, marks those expiring within 30 days, escapes hostile names, loads nothing", async () => {
        const file = path.join(dir, "pods.yaml");
        const pod = (name: string, waiver: string) =>
            ["apiVersion: v1", "kind: Pod", "metadata:", `  name: "${name}"`, "  namespace: ops", "  annotations:", `    waivers.ksl.dev/pss-host-namespaces: "${waiver}"`, "spec:", "  hostNetwork: true", "  containers: [{ name: a, image: 'ghcr.io/acme/agent:1' }]"].join("\n");
        fs.writeFileSync(file, [pod("soon", "expires=2026-06-20; justification=CNI agent until the June upgrade"), pod("later", "expires=2027-03-31; justification=node agent"), pod("x</td><script>alert(1)</script>", "bogus")].join("\n---\n"));
        const config = path.join(dir, "config.json");
        fs.writeFileSync(config, JSON.stringify({ "require-image-digest": { exemptions: [{ kind: "Pod", name: "later", justification: "tags pinned by the release process", expires: "2026-06-10" }] } }));
        const r = await runCli(["scan", file, "--pack", "onprem", "--config", config, "--format", "html"], { env: { KSL_TODAY: "2026-06-01" } });
        assert.equal(r.code, 1, r.stderr);
        const html = r.stdout;
        assert.ok(!/<script|<link|<img|src=|@import|url\(/i.test(html), "self-contained: no script, stylesheet, image or import");
        assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
        assert.match(html, /x&lt;\/td&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
        const rows = [...html.matchAll(/<tr class="(soon)?" data-kind="(waiver|exemption)"><td>([^<]*)(?: <b>\(([^)]*)\)<\/b>)?<\/td><td><a [^>]*>([^<]+)<\/a><\/td><td>([^<]+)<\/td>/g)].map((m) => [m[2], m[3], m[4] ?? "", m[5], m[6]]);
        assert.deepEqual(rows, [
            ["exemption", "2026-06-10", "in 9 days", "require-image-digest", "Pod ops/later"],
            ["waiver", "2026-06-20", "in 19 days", "pss-host-namespaces", "Pod ops/soon"],
            ["waiver", "2027-03-31", "", "pss-host-namespaces", "Pod ops/later"],
        ]);
        assert.match(html, /<td class="cell mandatory" data-layer="workload" data-goal="integrity" data-mandatory="\d+"/);
        assert.match(html, /<p id="verdict" class="verdict blocked">BLOCKED/);
    });
});
