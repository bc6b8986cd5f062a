// `--format html` in a real headless browser (Debian's chromium, installed here where missing):
// the report of the insecure sample stack renders without console errors and without a single
// request beyond its own file, its layer × hexad matrix shows the counts the JSON report of the
// same preview gives, every finding links to its policy's page, and a screenshot is saved as a
// test artefact (artifacts/insecure-report.png).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chromium } from "playwright-core";
import { HEXAD_GOALS } from "../../policypacks/catalog/types";

const ROOT = path.resolve(__dirname, "..", "..");
const ARTIFACTS = path.join(ROOT, "artifacts");
const CHROMIUM = process.env.KSL_CHROMIUM ?? "/usr/bin/chromium";

/** Debian's chromium, installed by apt where the machine has none (the e2e suite runs as root in CI). */
function ensureChromium(): string {
    if (fs.existsSync(CHROMIUM)) return CHROMIUM;
    const apt = (...args: string[]) => spawnSync("apt-get", args, { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, timeout: 900_000 });
    let r = apt("install", "-y", "--no-install-recommends", "chromium");
    // A new machine's package lists may be stale or empty: refresh them once.
    if (r.status !== 0) {
        apt("update");
        r = apt("install", "-y", "--no-install-recommends", "chromium");
    }
    if (r.status !== 0 || !fs.existsSync(CHROMIUM)) throw new Error(`chromium is needed for the HTML report test: apt-get install chromium failed (exit ${r.status}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`);
    return CHROMIUM;
}

function ksl(args: string[]): { code: number; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "ksl.js"), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("the HTML report in a real browser", function () {
    this.timeout(900_000);
    const html = path.join(ARTIFACTS, "insecure-report.html");
    let json: Array<{ pack: { name: string }; violations: Array<{ policy: string; layer: string | null; hexad: string[]; enforcementLevel: string; waived: boolean }> }>;

    before(() => {
        ensureChromium();
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        const page = ksl(["preview", "--stack", "insecure", "--pack", "aks", "--pack", "onprem", "--format", "html", "--output", html]);
        assert.equal(page.code, 1, page.stderr);
        const report = ksl(["preview", "--stack", "insecure", "--pack", "aks", "--pack", "onprem", "--format", "json"]);
        assert.equal(report.code, 1, report.stderr);
        json = JSON.parse(report.stdout);
    });

    it("renders offline without console errors or requests, with the matrix counts of the JSON report, and a screenshot", async () => {
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
        try {
            const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
            const errors: string[] = [];
            const requests: string[] = [];
            page.on("console", (m) => {
                if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
            });
            page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
            page.on("request", (r) => requests.push(r.url()));
            const url = `file://${html}`;
            await page.goto(url, { waitUntil: "load" });
            assert.deepEqual(errors, []);
            assert.deepEqual(requests, [url], "the page requests nothing but itself");
            assert.equal(await page.textContent("#verdict").then((t) => /^BLOCKED/.test(t ?? "")), true);

            const cells = await page.$$eval("section.pack", (sections) =>
                sections.map((s) => ({
                    pack: s.getAttribute("data-pack"),
                    cells: [...s.querySelectorAll("table.matrix td.cell")].map((td) => ({
                        layer: td.getAttribute("data-layer"),
                        goal: td.getAttribute("data-goal"),
                        mandatory: Number(td.getAttribute("data-mandatory")),
                        advisory: Number(td.getAttribute("data-advisory")),
                        waived: Number(td.getAttribute("data-waived")),
                        colour: (globalThis as any).getComputedStyle(td).backgroundColor,
                        cls: td.className,
                    })),
                })),
            );
            assert.deepEqual(cells.map((c) => c.pack), json.map((r) => r.pack.name));
            cells.forEach((section, i) => {
                // Expected from the JSON report: each finding in its layer's row, once per goal of its measure.
                const expected = new Map<string, { mandatory: number; advisory: number; waived: number }>();
                for (const v of json[i].violations) {
                    for (const goal of v.hexad) {
                        const key = `${v.layer ?? "other"}|${goal}`;
                        const e = expected.get(key) ?? { mandatory: 0, advisory: 0, waived: 0 };
                        if (v.waived) e.waived++;
                        else if (v.enforcementLevel === "mandatory") e.mandatory++;
                        else e.advisory++;
                        expected.set(key, e);
                    }
                }
                for (const c of section.cells) {
                    const e = expected.get(`${c.layer}|${c.goal}`) ?? { mandatory: 0, advisory: 0, waived: 0 };
                    assert.deepEqual({ mandatory: c.mandatory, advisory: c.advisory, waived: c.waived }, e, `${section.pack} ${c.layer} × ${c.goal}`);
                    // Coloured by the worst level: a mandatory cell is red.
                    if (e.mandatory) assert.equal(c.colour, "rgb(255, 215, 213)", `${c.layer} × ${c.goal}`);
                }
                assert.equal(section.cells.length % HEXAD_GOALS.length, 0);
                assert.ok(section.cells.some((c) => c.mandatory > 0));
            });

            // Every finding links to its policy's page.
            const links = await page.$$eval("table.findings tr[data-policy]", (rows) => rows.map((r) => ({ policy: r.getAttribute("data-policy"), href: r.querySelector("a")?.getAttribute("href") ?? "" })));
            assert.equal(links.length, json.reduce((n, r) => n + r.violations.length, 0));
            for (const l of links) assert.ok(l.href.endsWith(`/docs/policies/${l.policy}.md`), `${l.policy}: ${l.href}`);

            await page.screenshot({ path: path.join(ARTIFACTS, "insecure-report.png"), fullPage: false });
            assert.ok(fs.statSync(path.join(ARTIFACTS, "insecure-report.png")).size > 10_000);
        } finally {
            await browser.close();
        }
    });
});

