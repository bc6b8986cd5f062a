// The floor of `npm run bench`: a pack's policies called in-process through the Analyze and
// AnalyzeStack handlers the pack serves (the SDK's own), with no gRPC, no second process and the request messages built before
// the clock starts. Run as a child process per pack (`node -r ts-node/register bench/floor.ts
// PACKDIR MANIFEST`) so every pack starts from a fresh module cache; prints one JSON line.
import * as path from "path";
import { call, loadHandlers } from "./pack-handlers";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { loadManifests } from "../engine/sources/scan-paths";

async function main() {
    const [packDir, manifest] = process.argv.slice(2);
    // The pack's own generated messages, as its handlers expect them.
    const apb = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [packDir] }));
    const h = loadHandlers(path.resolve(packDir));
    const resources = loadManifests([manifest], { stack: "bench", project: "bench" });

    // Configured as the engine configures it with no user config: each policy's initial config.
    const info = await call(h.getAnalyzerInfo, {});
    const conf = new apb.ConfigureAnalyzerRequest();
    info.getInitialconfigMap().forEach((c: any, k: string) => conf.getPolicyconfigMap().set(k, c));
    await call(h.configure, conf);

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const message = (msg: any, r: (typeof resources)[number]) => {
        msg.setUrn(r.urn);
        msg.setType(r.type);
        msg.setName(r.name);
        msg.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props))));
        msg.setOptions(new apb.AnalyzerResourceOptions());
        return msg;
    };
    const requests = resources.map((r) => message(new apb.AnalyzeRequest(), r));
    const stack = new apb.AnalyzeStackRequest().setResourcesList(resources.map((r) => message(new apb.AnalyzerResource(), r)));

    let violations = 0;
    const t0 = performance.now();
    for (const req of requests) violations += (await call(h.analyze, req)).getDiagnosticsList().length;
    const analyzeMs = performance.now() - t0;
    const t1 = performance.now();
    violations += (await call(h.analyzeStack, stack)).getDiagnosticsList().length;
    const analyzeStackMs = performance.now() - t1;
    process.stdout.write(JSON.stringify({ resources: resources.length, analyzeMs, analyzeStackMs, violations, peakRssKb: process.resourceUsage().maxRSS }) + "\n");
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`${e?.stack ?? e}\n`);
        process.exit(1);
    },
);
