// `npm run bench`: the packs' cost on top of the analyzer protocol's own floor, measured against an
// empty pack started the same way in the same run; the scanners users would pick instead (kube-linter,
// Trivy, Checkov; --no-peers skips them) on the same inputs; the earlier engine (61f2583, before the
// in-process transport; --no-earlier skips it) on the generated set; and the real Pulumi CLI with and without
// the pack (--no-real-cli skips it). Prints a table and writes bench/results/*.json.
// Not part of `npm test`: timings belong here, never in assertions.
import { spawnSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { startPack } from "../engine/analyzer/process";
import { runPack } from "../engine/analyzer/run";
import { loadManifests } from "../engine/sources/scan-paths";
import { EngineResource } from "../engine/model";
import { generateObjects } from "./generate";
import { renderJson } from "../engine/report/json";
import { perPlatform, PLATFORM_INFO, PLATFORMS, type Platform } from "../policypacks/catalog/platforms";
import { kslRun, median, peerBin, peers, timed, type ToolRun } from "./peers";
import { realCliFigures } from "./real-cli";
import { againstEarlierEngine } from "./earlier-engine";

const root = path.resolve(__dirname, "..");
/** The baseline pack, then every registered platform's pack. */
const PACKS: Record<string, string> = {
    empty: path.join(root, "bench", "packs", "empty"),
    ...perPlatform((p) => path.join(root, "policypacks", PLATFORM_INFO[p].packDir)),
};
const ID = { stack: "bench", project: "bench", organization: "bench", config: {}, dryRun: true };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-bench-"));
const quick = process.argv.includes("--quick");
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

async function startupMs(packDir: string): Promise<number> {
    const t0 = process.hrtime.bigint();
    const proc = await startPack(packDir, ID);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    proc.kill();
    await proc.exited;
    return ms;
}

function writeManifest(count: number): string {
    const file = path.join(tmp, `objects-${count}.yaml`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, generateObjects(count).map((o) => YAML.stringify(o)).join("---\n"));
    return file;
}

function resourcesFor(count: number): EngineResource[] {
    return loadManifests([writeManifest(count)], { stack: "bench", project: "bench" });
}

async function analyze(packDir: string, resources: EngineResource[], spread: { inFlight?: number; processes?: number } = {}) {
    const r = await runPack({ packDir, resources, stack: ID, ...spread });
    const t = r.timings!;
    return {
        analyzeMsPerResource: t.analyzeMs / resources.length,
        analyzeStackMs: t.analyzeStackMs,
        violations: r.violations.length,
        report: renderJson([r]),
        packPeakRssMb: r.packPeakRssKb ? Math.round(r.packPeakRssKb / 1024) : null,
    };
}

/** The floor: the pack's policies through the SDK's own handlers in-process, no gRPC (bench/floor.ts). */
function floor(packDir: string, file: string): { analyzeMsPerResource: number; analyzeStackMs: number; violations: number } {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(root, "bench", "floor.ts"), packDir, file], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`floor of ${packDir} failed: ${(r.stderr || "").trim().split("\n").pop()}`);
    const o = JSON.parse(r.stdout.trim().split("\n").pop()!);
    return { analyzeMsPerResource: o.analyzeMs / o.resources, analyzeStackMs: o.analyzeStackMs, violations: o.violations };
}

function scanEndToEnd(file: string, pack: string): { seconds: number; exit: number | null; engineRssMb: number | null; packRssMb: number | null } {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(root, "bin", "ksl.js"), "scan", file, "--pack", pack, "--format", "json", "--output", path.join(tmp, `scan-${path.basename(pack)}.json`)], {
        env: { ...process.env, KSL_REPORT_MEMORY: "1" },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const mem = (key: string) => {
        const m = new RegExp(`${key}=(\\d+)`).exec(r.stderr ?? "");
        return m ? Math.round(Number(m[1]) / 1024) : null;
    };
    return { seconds: Math.round(seconds * 100) / 100, exit: r.status, engineRssMb: mem("ksl-peak-rss-kb"), packRssMb: mem("pack-peak-rss-kb") };
}

/** The pack directory copied alone, given its own `npm install`, must serve the same policies. */
async function selfContained(pack: Platform, resources: EngineResource[]) {
    const dir = path.join(tmp, `standalone-${pack}`);
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ["PulumiPolicy.yaml", "package.json"]) fs.copyFileSync(path.join(PACKS[pack], f), path.join(dir, f));
    fs.cpSync(path.join(PACKS[pack], "dist"), path.join(dir, "dist"), { recursive: true });
    const npm = spawnSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, encoding: "utf8" });
    if (npm.status !== 0) return { ok: false, reason: `npm install failed: ${(npm.stderr || "").trim().split("\n").pop()}` };
    const [inRepo, alone] = [await runPack({ packDir: PACKS[pack], resources, stack: ID }), await runPack({ packDir: dir, resources, stack: ID })];
    const names = (r: typeof inRepo) => r.pack.policies.map((p) => p.name).join(",");
    const found = (r: typeof inRepo) => r.violations.map((v) => `${v.policy}|${v.resource.urn}`).sort().join("\n");
    const ok = names(inRepo) === names(alone) && found(inRepo) === found(alone);
    return { ok, policies: alone.pack.policies.length, violations: alone.violations.length, reason: ok ? "same policies and findings" : "differs from the in-repo pack" };
}

async function main() {
    const runs = quick ? 3 : 7;
    const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length };

    // 1. Start-up: launch → port, median of N, each pack against the empty pack.
    const startup: Record<string, number> = {};
    for (const name of Object.keys(PACKS)) {
        await startupMs(PACKS[name]); // warm the file cache
        const xs: number[] = [];
        for (let i = 0; i < runs; i++) xs.push(await startupMs(PACKS[name]));
        startup[name] = Math.round(median(xs));
    }
    out.startup = { ms: startup, ratio: perPlatform((p) => ratio(startup[p], startup.empty)), target: 1.5 };

    // 2. Analyze throughput over 10,000 mixed resources: the engine as it runs by default, the
    // engine one request at a time (as the Pulumi CLI sends them), and the in-process floor.
    const n = quick ? 2000 : 10000;
    const resources = resourcesFor(n);
    const analyzeRes: Record<string, Awaited<ReturnType<typeof analyze>>> = {};
    const oneAtATime: Record<string, Awaited<ReturnType<typeof analyze>>> = {};
    const floors: Record<string, ReturnType<typeof floor>> = {};
    for (const name of Object.keys(PACKS)) {
        analyzeRes[name] = await analyze(PACKS[name], resources);
        oneAtATime[name] = await analyze(PACKS[name], resources, { inFlight: 1, processes: 1 });
        floors[name] = floor(PACKS[name], writeManifest(n));
    }
    const us = (ms: number) => Math.round(ms * 1000);
    const marginal = (r: Record<string, { analyzeMsPerResource: number }>, p: string) => r[p].analyzeMsPerResource - r.empty.analyzeMsPerResource;
    out.analyze = {
        resources: n,
        usPerResource: Object.fromEntries(Object.entries(analyzeRes).map(([k, v]) => [k, us(v.analyzeMsPerResource)])),
        ratio: perPlatform((p) => ratio(analyzeRes[p].analyzeMsPerResource, analyzeRes.empty.analyzeMsPerResource)),
        oneAtATimeUsPerResource: Object.fromEntries(Object.entries(oneAtATime).map(([k, v]) => [k, us(v.analyzeMsPerResource)])),
        speedupOverOneAtATime: Object.fromEntries(Object.keys(PACKS).map((k) => [k, ratio(oneAtATime[k].analyzeMsPerResource, analyzeRes[k].analyzeMsPerResource)])),
        // Byte for byte: the spread engine and one request at a time give the same report.
        sameReportAsOneAtATime: Object.fromEntries(Object.keys(PACKS).map((k) => [k, analyzeRes[k].report === oneAtATime[k].report])),
        floorUsPerResource: Object.fromEntries(Object.entries(floors).map(([k, v]) => [k, us(v.analyzeMsPerResource)])),
        ratioToFloor: perPlatform((p) => ratio(analyzeRes[p].analyzeMsPerResource, floors[p].analyzeMsPerResource)),
        // What a pack's policies add per object through the engine, against what they cost in-process.
        marginalUsPerResource: perPlatform((p) => us(marginal(analyzeRes, p))),
        marginalFloorUsPerResource: perPlatform((p) => us(marginal(floors, p))),
        sameFindingsAsFloor: perPlatform((p) => floors[p].violations === analyzeRes[p].violations),
        violations: Object.fromEntries(Object.entries(analyzeRes).map(([k, v]) => [k, v.violations])),
        packPeakRssMb: Object.fromEntries(Object.entries(analyzeRes).map(([k, v]) => [k, v.packPeakRssMb])),
        packPeakRssRatio: perPlatform((p) => ratio(analyzeRes[p].packPeakRssMb ?? NaN, analyzeRes.empty.packPeakRssMb ?? NaN)),
        targets: { ratio: 1.2, packPeakRssRatio: 1.3 },
    };
    // 3. AnalyzeStack at 1,000 / 5,000 / 10,000 resources: total and cost per resource.
    const sizes = quick ? [500, 1000, 2000] : [1000, 5000, 10000];
    const stack: Record<string, Record<string, { ms: number; usPerResource: number }>> = {};
    for (const name of Object.keys(PACKS)) {
        stack[name] = {};
        for (const size of sizes) {
            const r = size === n ? analyzeRes[name] : await analyze(PACKS[name], resourcesFor(size));
            stack[name][size] = { ms: Math.round(r.analyzeStackMs), usPerResource: Math.round((r.analyzeStackMs / size) * 1000) };
        }
    }
    const big = sizes[sizes.length - 1];
    const small = sizes[0];
    out.analyzeStack = {
        sizes,
        byPack: stack,
        perResourceGrowth: perPlatform((p) => ratio(stack[p][big].usPerResource, stack[p][small].usPerResource)),
        ratioToEmptyAtLargest: perPlatform((p) => ratio(stack[p][big].ms, stack.empty[big].ms)),
        floorMsAtLargest: Object.fromEntries(Object.keys(PACKS).map((k) => [k, Math.round(floors[k].analyzeStackMs)])),
        targets: { ratioToEmptyAtLargest: 1.5, perResourceGrowth: 1.2 },
    };

    // 4. ksl scan end to end on the generated manifest, peak memory of engine and pack; against the
    // empty pack and against the floor (the pack's Analyze and AnalyzeStack handlers in-process).
    const file = writeManifest(n);
    const scans = { empty: scanEndToEnd(file, PACKS.empty), ...perPlatform((p) => scanEndToEnd(file, p)) } as Record<string, ReturnType<typeof scanEndToEnd>>;
    const floorSeconds = (k: string) => (floors[k].analyzeMsPerResource * n + floors[k].analyzeStackMs) / 1000;
    out.scan = {
        objects: n,
        ...scans,
        ratioToEmpty: perPlatform((p) => ratio(scans[p].seconds, scans.empty.seconds)),
        floorSeconds: Object.fromEntries(Object.keys(PACKS).map((k) => [k, Math.round(floorSeconds(k) * 100) / 100])),
        ratioToFloor: perPlatform((p) => ratio(scans[p].seconds, floorSeconds(p))),
        objectsPerSecond: Object.fromEntries(Object.entries(scans).map(([k, v]) => [k, Math.round(n / v.seconds)])),
        packPeakRssRatio: perPlatform((p) => ratio(scans[p].packRssMb ?? NaN, scans.empty.packRssMb ?? NaN)),
        targets: { ratioToFloor: 3, packPeakRssRatio: 1.3 },
    };

    // 5. Each pack directory alone, as `pulumi policy publish` uploads it.
    if (!process.argv.includes("--no-standalone")) {
        const sample = resourcesFor(500);
        const standalone: Record<string, unknown> = {};
        for (const p of PLATFORMS) standalone[p] = await selfContained(p, sample);
        out.selfContained = standalone;
    }

    // 6. Start-up: a 3-object scan against `ksl --version` (the CLI's own floor), same machine, same run.
    const three = path.join(tmp, "three.yaml");
    fs.writeFileSync(three, generateObjects(3).map((o) => YAML.stringify(o)).join("---\n"));
    const cli = path.join(root, "dist", "ksl.js");
    const med = (f: () => number) => median(Array.from({ length: runs }, f));
    timed(process.execPath, [cli, "--version"]);
    const versionS = med(() => timed(process.execPath, [cli, "--version"]).seconds);
    const threeS = med(() => timed(process.execPath, [cli, "scan", three, "--pack", "aks", "--format", "json", "--output", path.join(tmp, "three.json")]).seconds);
    out.smallScan = { versionSeconds: versionS, threeObjectScanSeconds: threeS, ratio: ratio(threeS, versionS), target: 3 };

    // 6b. The earlier engine (before the in-process transport) on the same generated set.
    if (!process.argv.includes("--no-earlier")) out.earlierEngine = againstEarlierEngine(root, file, n, "aks", quick ? 1 : 3, tmp);

    // 7. The peers, side by side on the same inputs: the generated set, rendered charts, the 3-object file.
    if (!process.argv.includes("--no-peers")) out.peers = peersSection(file, three, n);

    // 8. The real Pulumi CLI: what the pack adds to `pulumi preview` of 1,000 resources.
    if (!process.argv.includes("--no-real-cli")) {
        try {
            out.realCli = { ...realCliFigures(quick ? 1 : 3), targets: { packAddsPercent: 10 } };
        } catch (e) {
            out.realCli = { unavailable: (e as Error).message.split("\n")[0] };
        }
    }

    fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
    const file2 = path.join(root, "bench", "results", `bench-${Date.now()}.json`);
    fs.writeFileSync(file2, JSON.stringify(out, null, 2));
    print(out);
    console.log(`\nwritten to ${path.relative(root, file2)}`);
    fs.rmSync(tmp, { recursive: true, force: true });
}

/** Rendered upstream-shaped charts (CRDs included) and upstream manifests: the chart set. */
function chartSet(): { files: string[]; objects: number; note?: string } {
    const dir = path.join(tmp, "charts");
    fs.mkdirSync(dir, { recursive: true });
    const files = ["ingress-controller.yaml", "monitoring.yaml", "gitops/install.yaml"].map((f) => path.join(root, "test", "fixtures", "upstream", f));
    const charts = ["runtime-security", "monitoring", "vault", "policy-engine"].map((c) => path.join(root, "test", "fixtures", "charts", c));
    const helm = process.env.KSL_HELM ?? "helm";
    let note: string | undefined;
    for (const chart of charts) {
        const r = spawnSync(helm, ["template", "rel", chart, "--namespace", "platform", "--include-crds"], { encoding: "utf8" });
        if (r.status !== 0) {
            note = `charts not rendered (${helm}: ${(r.stderr || r.error?.message || "").trim().split("\n")[0]}); set KSL_HELM`;
            break;
        }
        const f = path.join(dir, `${path.basename(chart)}.yaml`);
        fs.writeFileSync(f, r.stdout);
        files.push(f);
    }
    const objects = files.reduce((n, f) => n + (fs.readFileSync(f, "utf8").match(/^kind: /gm) ?? []).length, 0);
    return { files, objects, note };
}

function peersSection(bigFile: string, three: string, n: number) {
    const { dir, why } = peerBin(root);
    const tools = peers(dir, why, process.env);
    const charts = chartSet();
    const inputs: Array<{ name: string; files: string[]; objects: number }> = [
        { name: `${n} generated objects`, files: [bigFile], objects: n },
        { name: `chart set (${charts.objects} objects)`, files: charts.files, objects: charts.objects },
        { name: "3 objects (start-up)", files: [three], objects: 3 },
    ];
    const sets = inputs.map((input) => {
        const ksl = kslRun(root, input.files, "aks", path.join(tmp, "peer-ksl.json"));
        const results: Record<string, ToolRun | { unavailable: string }> = { ksl };
        for (const t of tools) {
            if (!t.available || !t.run) {
                results[t.name] = { unavailable: t.why ?? "unavailable" };
                continue;
            }
            results[t.name] = t.run(input.files, tmp);
        }
        const perSecond = (r: ToolRun) => Math.round(input.objects / r.seconds);
        return {
            input: input.name,
            objects: input.objects,
            tools: Object.fromEntries(
                Object.entries(results).map(([name, r]) => [
                    name,
                    "unavailable" in r ? r : { ...r, objectsPerSecond: perSecond(r), kslSpeedup: ratio(r.seconds, ksl.seconds) },
                ]),
            ),
        };
    });
    return {
        tools: Object.fromEntries(tools.map((t) => [t.name, { checks: t.checks, version: t.version ?? null, available: t.available, ...(t.why ? { why: t.why } : {}) }])),
        chartSetNote: charts.note ?? null,
        sets,
        targets: { aheadOf: ["checkov", "trivy config"], within2xOf: "kube-linter", smallScanRatio: 3 },
    };
}

function print(o: any) {
    const P = [...PLATFORMS];
    const rows: string[][] = [["measure", "empty (baseline)", ...P, ...P.map((p) => `${p}/empty`), "target"]];
    const blank = P.map(() => "");
    const a = o.analyze;
    rows.push(["start-up ms (median)", o.startup.ms.empty, ...P.map((p) => o.startup.ms[p]), ...P.map((p) => o.startup.ratio[p]), "≤ 1.5×"].map(String));
    rows.push([`Analyze µs/resource (${a.resources})`, a.usPerResource.empty, ...P.map((p) => a.usPerResource[p]), ...P.map((p) => a.ratio[p]), ""].map(String));
    rows.push(["  one request at a time µs/res", a.oneAtATimeUsPerResource.empty, ...P.map((p) => a.oneAtATimeUsPerResource[p]), ...blank, ""].map(String));
    rows.push(["  same report as one at a time", a.sameReportAsOneAtATime.empty, ...P.map((p) => a.sameReportAsOneAtATime[p]), ...blank, "true"].map(String));
    rows.push(["  in-process floor µs/res", a.floorUsPerResource.empty, ...P.map((p) => a.floorUsPerResource[p]), ...P.map((p) => `${a.ratioToFloor[p]} (engine/floor)`), ""].map(String));
    rows.push(["  marginal µs/res engine | floor", "", ...P.map((p) => `${a.marginalUsPerResource[p]} | ${a.marginalFloorUsPerResource[p]}`), ...blank, ""]);
    rows.push(["  pack peak RSS MB", a.packPeakRssMb.empty, ...P.map((p) => a.packPeakRssMb[p]), ...P.map((p) => a.packPeakRssRatio[p]), "≤ 1.3×"].map(String));
    for (const s of o.analyzeStack.sizes) {
        const b = o.analyzeStack.byPack;
        const cell = (k: string) => `${b[k][s].ms} (${b[k][s].usPerResource})`;
        const last = s === o.analyzeStack.sizes[o.analyzeStack.sizes.length - 1];
        rows.push([`AnalyzeStack ms @${s} (µs/res)`, cell("empty"), ...P.map(cell), ...(last ? P.map((p) => o.analyzeStack.ratioToEmptyAtLargest[p]) : blank), last ? "≤ 1.5×" : ""].map(String));
    }
    rows.push(["  in-process floor ms @largest", o.analyzeStack.floorMsAtLargest.empty, ...P.map((p) => o.analyzeStack.floorMsAtLargest[p]), ...blank, ""].map(String));
    rows.push([`AnalyzeStack µs/res growth ${o.analyzeStack.sizes[0]}→${o.analyzeStack.sizes[o.analyzeStack.sizes.length - 1]}`, "", ...blank, ...P.map((p) => o.analyzeStack.perResourceGrowth[p]), "≤ 1.2×"].map(String));
    rows.push([`ksl scan s (${o.scan.objects} objects)`, o.scan.empty.seconds, ...P.map((p) => o.scan[p].seconds), ...P.map((p) => o.scan.ratioToEmpty[p]), ""].map(String));
    rows.push(["  objects per second", o.scan.objectsPerSecond.empty, ...P.map((p) => o.scan.objectsPerSecond[p]), ...blank, ""].map(String));
    rows.push(["  in-process floor s (scan/floor)", o.scan.floorSeconds.empty, ...P.map((p) => `${o.scan.floorSeconds[p]} (${o.scan.ratioToFloor[p]})`), ...blank, "≤ 3×"].map(String));
    rows.push(["peak RSS MB engine / pack", `${o.scan.empty.engineRssMb} / ${o.scan.empty.packRssMb}`, ...P.map((p) => `${o.scan[p].engineRssMb} / ${o.scan[p].packRssMb}`), ...P.map((p) => o.scan.packPeakRssRatio[p]), "≤ 1.3× (pack)"].map(String));
    const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(w[i])).join("  "));
    if (o.selfContained) console.log(`self-contained packs: ${P.map((p) => `${p} ${JSON.stringify(o.selfContained[p])}`).join("; ")}`);
    console.log(`\n3-object scan ${o.smallScan.threeObjectScanSeconds} s vs ksl --version ${o.smallScan.versionSeconds} s: ${o.smallScan.ratio}× (target ≤ ${o.smallScan.target}×)`);
    if (o.earlierEngine) {
        const e = o.earlierEngine;
        if (e.unavailable) console.log(`\nearlier engine (${e.commit}): unavailable (${e.unavailable})`);
        else console.log(`\nksl scan of ${e.objects} objects (--pack ${e.pack}, median): ${e.seconds.now} s now vs ${e.seconds.earlier} s at ${e.commit}: ${e.speedup}× (target ≥ ${e.target}×); ${e.violations.now} vs ${e.violations.earlier} findings`);
    }
    if (o.peers) {
        console.log("\nPeers (same inputs, same run; kslSpeedup = peer seconds / ksl seconds):");
        for (const [name, t] of Object.entries<any>(o.peers.tools)) console.log(`  ${name}${t.version ? ` (${t.version})` : ""}: ${t.available ? t.checks : `unavailable: ${t.why}`}`);
        if (o.peers.chartSetNote) console.log(`  note: ${o.peers.chartSetNote}`);
        for (const set of o.peers.sets) {
            console.log(`  ${set.input}:`);
            for (const [name, r] of Object.entries<any>(set.tools)) {
                if (r.unavailable) console.log(`    ${name.padEnd(13)} unavailable`);
                else console.log(`    ${name.padEnd(13)} ${String(r.seconds).padStart(7)} s  ${String(r.objectsPerSecond).padStart(7)} obj/s  ${String(r.peakRssMb).padStart(5)} MB  ksl ${r.kslSpeedup}× faster  ${r.findings} findings${r.error ? `  ERROR ${r.error}` : ""}`);
            }
        }
        const chart = o.peers.sets[1];
        if (chart) {
            console.log("  findings per policy family on the chart set:");
            const names = Object.keys(chart.tools).filter((k) => !chart.tools[k].unavailable);
            const fams = [...new Set(names.flatMap((k) => Object.keys(chart.tools[k].families ?? {})))].sort();
            console.log(`    ${"family".padEnd(34)}${names.map((k) => k.padStart(14)).join("")}`);
            for (const f of fams) console.log(`    ${f.padEnd(34)}${names.map((k) => String(chart.tools[k].families?.[f] ?? 0).padStart(14)).join("")}`);
        }
    }
    if (o.realCli) {
        const r = o.realCli;
        if (r.unavailable) console.log(`\nreal CLI: unavailable (${r.unavailable})`);
        else console.log(`\nreal CLI, pulumi preview of ${r.resources} resources (median of ${r.runs}): no pack ${r.seconds.noPack} s, with the aks pack ${r.seconds.withPack} s; the pack adds ${r.packAddsPercent}% (target ≤ ${r.targets.packAddsPercent}%); ${r.findings} findings`);
    }
}

main().catch((e) => {
    console.error(e?.message ?? e);
    process.exit(1);
});
void spawn;
