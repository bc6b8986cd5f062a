// YAML parsed on worker threads (engine/sources/parse-threads.ts) gives exactly what one parse of
// each whole file gives: the same objects at the same lines, the same first error, the same
// "not a manifest" - whether files are sliced, and whether workers or this thread parse them.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import * as YAML from "yaml";
import { NotAManifest, parseManifests } from "../../engine/sources/manifests";
import { FileOutcome, parseFiles, parseStats, parseThreadsFor, PARALLEL_MIN_BYTES, slicesOf } from "../../engine/sources/parse-threads";
import { generateObjects } from "../../bench/generate";
import { scratchPath } from "../helpers/scratch";
import { ROOT, runCli } from "./helpers";

/** What one parse of the whole file gives, in parseFiles' terms. */
function whole(text: string, file: string): FileOutcome {
    try {
        return { objects: parseManifests(text, file) };
    } catch (e) {
        if (e instanceof NotAManifest) return { notManifest: true };
        return { error: e as Error };
    }
}

/** Comparable form of an outcome: errors by class and message. */
const shape = (o: FileOutcome) => ("error" in o ? { error: `${o.error.constructor.name}: ${o.error.message}` } : o);

/** Documents in the shapes real manifests (and broken ones) take. */
const documentArb = fc.oneof(
    fc.constantFrom(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: |\n    line one\n    --- not a marker, indented\n",
        "# a comment only\n",
        "",
        "...\n",
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: sa}\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n",
        "just: values\nreplicas: 3\n",
        "- a list\n- not an object\n",
        "apiVersion: v1\nmetadata: {name: no-kind}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: dup}\nmetadata: {name: dup}\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
        "base: &b {x: 1}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: merged}\ndata:\n  <<: *b\n",
        "apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n",
    ),
    fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), replicas: fc.nat(5) }).map(
        ({ name, replicas }) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n`,
    ),
);
/** A multi-document file: documents joined by markers, some with content on the marker line. */
const fileArb = fc
    .array(fc.tuple(documentArb, fc.constantFrom("---\n", "--- \n", "---\r\n", "--- # next\n")), { minLength: 1, maxLength: 12 })
    .map((docs) => docs.map(([d, marker], i) => (i === 0 ? d : marker + d)).join(""));

describe("engine: YAML parsed on worker threads", () => {
    it("cuts files only before document-start lines, keeping every line's number", () => {
        const text = generateObjects(200).map((o) => YAML.stringify(o)).join("---\n");
        const slices = slicesOf(text, 4096);
        assert.ok(slices.length > 10, `${slices.length} slices`);
        assert.equal(slices.map((s) => s.text).join(""), text);
        for (const s of slices.slice(1)) assert.match(s.text, /^---\n/);
        let line = 0;
        for (const s of slices) {
            assert.equal(s.lineOffset, line);
            line += s.text.split("\n").length - 1;
        }
    });

    it("leaves whole the files a slice could read differently: directives, bare carriage returns, small files", () => {
        const big = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n".repeat(2000);
        assert.equal(slicesOf(`%YAML 1.2\n---\n${big}`, 1024).length, 1);
        assert.equal(slicesOf(big.replace("name: a}\n", "name: a}\r"), 1024).length, 1);
        assert.equal(slicesOf("apiVersion: v1\nkind: Namespace\n---\napiVersion: v1\nkind: Namespace\n").length, 1);
        assert.ok(slicesOf(big, 1024).length > 1);
    });

    it("gives what one parse of the whole file gives, for any mix of documents, however sliced", () => {
        fc.assert(
            fc.property(fileArb, fc.integer({ min: 1, max: 400 }), (text, sliceBytes) => {
                const [sliced] = parseFiles([{ label: "f.yaml", text }], { threads: 0, sliceBytes });
                assert.deepEqual(shape(sliced), shape(whole(text, "f.yaml")));
            }),
            { numRuns: 400 },
        );
    });

    it("gives the same objects, lines, errors and skips on workers as on this thread, file by file", () => {
        const good = generateObjects(300).map((o) => YAML.stringify(o)).join("---\n");
        const lines = good.split("\n");
        // A YAML error and an object without a kind late in a file: the first error of each file wins.
        const broken = [...lines.slice(0, 2000), "  bad: [unclosed", ...lines.slice(2000)].join("\n");
        const kindless = `${good}---\napiVersion: v1\nmetadata: {name: x}\n`;
        const files = [
            { label: "good.yaml", text: good },
            { label: "values.yaml", text: "replicas: 3\nimage: {tag: latest}\n" },
            { label: "broken.yaml", text: broken },
            { label: "kindless.yaml", text: kindless },
        ];
        const before = parseStats.slicesOnWorkers;
        const onWorkers = parseFiles(files, { threads: 2, sliceBytes: 8192 });
        assert.ok(parseStats.slicesOnWorkers - before > 10, "the workers parsed the slices");
        files.forEach((f, i) => assert.deepEqual(shape(onWorkers[i]), shape(whole(f.text, f.label)), f.label));
        assert.equal((onWorkers[0] as { objects: unknown[] }).objects.length, 300);
        assert.ok("notManifest" in onWorkers[1]);
        assert.match((onWorkers[2] as { error: Error }).error.message, /^broken\.yaml:\d+:\d+: /);
        assert.match((onWorkers[3] as { error: Error }).error.message, /^kindless\.yaml:\d+: object has no apiVersion or kind$/);
    });

    it("uses workers only for large scans, as KSL_PARSE_THREADS asks, and refuses a bad count", () => {
        const saved = process.env.KSL_PARSE_THREADS;
        try {
            delete process.env.KSL_PARSE_THREADS;
            assert.equal(parseThreadsFor(PARALLEL_MIN_BYTES - 1), 0);
            assert.ok(parseThreadsFor(PARALLEL_MIN_BYTES) >= 1);
            process.env.KSL_PARSE_THREADS = "0";
            assert.equal(parseThreadsFor(10 * PARALLEL_MIN_BYTES), 0);
            process.env.KSL_PARSE_THREADS = "3";
            assert.equal(parseThreadsFor(1), 3);
            process.env.KSL_PARSE_THREADS = "two";
            assert.throws(() => parseThreadsFor(1), /KSL_PARSE_THREADS=two: expected a whole number of threads/);
        } finally {
            if (saved === undefined) delete process.env.KSL_PARSE_THREADS;
            else process.env.KSL_PARSE_THREADS = saved;
        }
    });

    it("ksl scan reports byte for byte the same with the CLI's parse workers as without", async function () {
        this.timeout(120000);
        const file = scratchPath("parse-threads", "objects.yaml");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, generateObjects(1200).map((o) => YAML.stringify(o)).join("---\n"));
        const upstream = path.join(ROOT, "test", "fixtures", "upstream");
        const scan = (threads: string) => runCli(["scan", file, upstream, "--pack", "onprem", "--format", "json"], { env: { KSL_PARSE_THREADS: threads } });
        const [alone, threaded] = [await scan("0"), await scan("2")];
        assert.equal(alone.code, 1, alone.stderr);
        assert.ok(JSON.parse(alone.stdout).violations.length > 1000);
        assert.equal(threaded.code, alone.code, threaded.stderr);
        assert.equal(threaded.stdout, alone.stdout);
    });
});
