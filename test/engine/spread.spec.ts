// The engine keeps several requests in flight and splits a large run over several pack processes
// (engine/analyzer/run.ts Spread). Whatever the spread, the report is the one a single request at a
// time gives, byte for byte: the per-resource pass is order-sensitive only through the Namespace
// registry, so these sets put Namespaces where it matters (after their workloads, in another part).
import { strict as assert } from "assert";
import * as path from "path";
import { runPack, spreadFor } from "../../engine/analyzer/run";
import { typeToken } from "../../engine/sources/manifests";
import { loadManifests } from "../../engine/sources/scan-paths";
import { renderJson } from "../../engine/report/json";
import type { EngineResource } from "../../engine/model";
import { generateObjects } from "../../bench/generate";
import { resolvePack } from "../../engine/paths";
import { runCli } from "./helpers";

const UPSTREAM = path.join(__dirname, "..", "fixtures", "upstream");

/** Objects in the order given (a program's registration order), not a manifest scan's install order. */
function asResources(objects: Record<string, unknown>[], tag: string): EngineResource[] {
    return objects.map((o, i) => {
        const meta = o.metadata as { name: string; namespace?: string };
        const type = typeToken(o.apiVersion as string, o.kind as string);
        return { urn: `urn:pulumi:dev::${tag}::${type}::${meta.namespace ?? "_"}/${meta.name}#${i}`, type, name: meta.name, props: o, custom: true };
    });
}

/** A workload in a baseline Namespace that is declared after it: it must keep the default level. */
function lateNamespace(name: string): Record<string, unknown>[] {
    const pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "early", namespace: name },
        spec: { containers: [{ name: "app", image: "registry.example.com/app:1.0", securityContext: { runAsUser: 0 } }] },
    };
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "pod-security.kubernetes.io/enforce": "baseline" } } };
    return [pod, ns, { ...pod, metadata: { name: "after", namespace: name } }];
}

function fixedSet(): EngineResource[] {
    const upstream = loadManifests([UPSTREAM], { stack: "dev", project: "upstream" });
    const generated = generateObjects(1500);
    // Half-way through: a Namespace whose workloads sit in the other part of a two-process run.
    const mixed = [...lateNamespace("late-a"), ...generated.slice(0, 750), ...lateNamespace("late-b"), ...generated.slice(750)];
    return [...upstream, ...asResources(mixed, "generated")];
}

describe("engine: requests in flight and pack processes give the same report", function () {
    this.timeout(600_000);
    const resources = fixedSet();

    for (const pack of ["aks", "onprem"]) {
        it(`${pack}: one request at a time, 16 in flight over 2 processes and 64 over 3: byte-identical JSON (${resources.length} resources)`, async () => {
            const packDir = resolvePack(pack);
            const sequential = await runPack({ packDir, resources, inFlight: 1, processes: 1 });
            const spread = await runPack({ packDir, resources, inFlight: 16, processes: 2 });
            const one = renderJson([sequential]);
            assert.ok(sequential.violations.length > 100, "the set has findings to compare");
            assert.equal(renderJson([spread]), one);
            // Not only the sorted report: the findings themselves, in input order.
            assert.deepEqual(spread.violations, sequential.violations);
            if (pack === "aks") assert.equal(renderJson([await runPack({ packDir, resources, inFlight: 64, processes: 3 })]), one);
        });
    }

    it("the late Namespace relaxes only the workload declared after it", async () => {
        const r = await runPack({ packDir: resolvePack("aks"), resources: asResources(lateNamespace("late"), "late"), inFlight: 16 });
        const runAsUser = (name: string) => r.violations.filter((v) => v.policy === "pss-run-as-user" && v.resource.name === name);
        assert.equal(runAsUser("early").length, 1, "declared before its Namespace: the restricted default");
        assert.deepEqual(runAsUser("after"), [], "declared after its baseline Namespace");
    });

    // Programs too: resources with parents, dependencies, providers and secrets, as a preview sends them.
    for (const [stack, pack] of [["insecure", "onprem"], ["aks", "aks"]]) {
        it(`ksl preview of the ${stack} stack with the ${pack} pack: one request at a time and 16 in flight, byte-identical`, async () => {
            const preview = (inFlight: string) => runCli(["preview", "--stack", stack, "--pack", pack, "--format", "json"], { env: { KSL_IN_FLIGHT: inFlight } });
            const [one, spread] = [await preview("1"), await preview("16")];
            assert.ok(JSON.parse(one.stdout).violations.length > 0, one.stderr);
            assert.equal(spread.code, one.code, spread.stderr);
            assert.equal(spread.stdout, one.stdout);
        });
    }

    it("the 10,000-object bench set: two pack processes report what one does", async () => {
        const bench = asResources(generateObjects(10_000), "bench");
        const packDir = resolvePack("aks");
        const one = await runPack({ packDir, resources: bench, processes: 1 });
        const two = await runPack({ packDir, resources: bench, processes: 2 });
        assert.equal(renderJson([two]), renderJson([one]));
        assert.deepEqual(two.violations, one.violations);
    });
});

describe("engine: spread of a run", () => {
    const saved = { ...process.env };
    afterEach(() => {
        for (const k of ["KSL_IN_FLIGHT", "KSL_PACK_PROCESSES"]) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
        }
    });

    it("defaults: 16 in flight; one process for a small run", () => {
        delete process.env.KSL_IN_FLIGHT;
        delete process.env.KSL_PACK_PROCESSES;
        assert.deepEqual(spreadFor(200), { inFlight: 16, processes: 1 });
    });

    it("KSL_IN_FLIGHT and KSL_PACK_PROCESSES set it; options beat the environment", () => {
        process.env.KSL_IN_FLIGHT = "1";
        process.env.KSL_PACK_PROCESSES = "3";
        assert.deepEqual(spreadFor(10_000), { inFlight: 1, processes: 3 });
        assert.deepEqual(spreadFor(10_000, { inFlight: 8, processes: 2 }), { inFlight: 8, processes: 2 });
        assert.equal(spreadFor(2).processes, 2, "never more processes than resources");
    });

    it("refuses a count that is not a whole number of at least 1, naming the variable", () => {
        for (const bad of ["0", "-2", "1.5", "many"]) {
            process.env.KSL_IN_FLIGHT = bad;
            assert.throws(() => spreadFor(10), (e: Error) => e.name === "UserError" && e.message === `KSL_IN_FLIGHT=${bad}: expected a whole number of at least 1`);
        }
    });
});
