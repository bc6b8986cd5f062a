// Hostile input to `ksl scan`, run as a child process with a hard timeout: each case exits 2 with
// one `ksl: <file>[:line]: ...` line and no stack trace, or produces a correct report.
// Limits (engine/sources/manifests.ts): files over 32 MB are refused (etcd stores objects of at most
// ~1.5 MB, so a larger manifest file is not a deployable set of objects; refusing costs nothing,
// parsing 50 MB of YAML costs a minute and gigabytes); documents nested over 256 levels are refused
// (the wire encoding is quadratic in depth). Unreadable files: the tests may run as root, where
// chmod 000 does not stop reads, so they use a FIFO in a scanned directory, a dangling symlink, a
// symlink loop, a symlink named *.yaml to a directory (EISDIR) and a missing path (ENOENT).
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assertOneLineError, ksl, realPacks } from "./helpers";

describe("robustness: hostile input to ksl scan", function () {
    this.timeout(120_000);
    let dir: string;
    let pack: string;
    const f = (name: string, content: string | Buffer) => {
        const p = path.join(dir, name);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, content);
        return p;
    };
    const scan = (target: string, extra: string[] = [], timeoutMs = 30_000) => ksl(["scan", target, "--pack", pack, "--format", "json", ...extra], { timeoutMs, maxOldSpaceMb: 512 });

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-hostile-"));
        pack = realPacks().aks;
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("invalid YAML: file:line:col", async () => {
        const r = await scan(f("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n"));
        assertOneLineError(r, /bad\.yaml:\d+:\d+: malformed YAML/);
    });

    it("a binary file", async () => {
        const bytes = Buffer.alloc(4096);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
        const r = await scan(f("blob.yaml", bytes));
        assertOneLineError(r, /blob\.yaml: binary file/);
    });

    it("a 50 MB file is refused by size, quickly and without reading it into memory", async () => {
        const big = path.join(dir, "big.yaml");
        const fd = fs.openSync(big, "w");
        const chunk = Buffer.from("# padding padding padding padding padding padding padding padding padding\n".repeat(1024));
        for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
        fs.closeSync(fd);
        const r = await scan(big, [], 20_000);
        assertOneLineError(r, /big\.yaml: file is 5\d\.\d MB, over the 32 MB limit/);
        assert.ok(r.peakRssKb === undefined || r.peakRssKb < 300_000, `peak RSS ${r.peakRssKb} kB`);
        fs.rmSync(big);
    });

    it("a YAML alias bomb (billion laughs)", async () => {
        const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
        for (let i = 1; i < 10; i++) {
            const prev = String.fromCharCode(96 + i);
            const cur = String.fromCharCode(97 + i);
            lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
        }
        const r = await scan(f("bomb.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${lines.map((l) => "  " + l).join("\n")}\n`));
        assertOneLineError(r, /bomb\.yaml:1: cannot load YAML document: .*alias/i);
    });

    it("a document nested 100k levels deep (block and flow style)", async () => {
        const flow = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertOneLineError(await scan(f("deep-flow.yaml", flow)), /deep-flow\.yaml(:\d+)*: document is nested/);
        const json = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":' + '{"a":'.repeat(100_000) + "1" + "}".repeat(100_001);
        assertOneLineError(await scan(f("deep.json", json)), /deep\.json(:\d+)*: document is nested/);
        // Just over the limit, parseable: refused by depth, naming the line.
        const over = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + "[".repeat(300) + "]".repeat(300) + "\n";
        assertOneLineError(await scan(f("over.yaml", over)), /over\.yaml:1: document is nested more than 256 levels deep/);
    });

    it("a symlink loop, a dangling symlink and a *.yaml symlink to a directory in a scanned directory", async () => {
        const d = path.join(dir, "links");
        fs.mkdirSync(d);
        fs.writeFileSync(path.join(d, "ok.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
        fs.symlinkSync(d, path.join(d, "self")); // a directory loop: not followed
        const loop = await scan(d);
        assert.equal(loop.timedOut, false);
        assert.ok(loop.code === 0 || loop.code === 1, loop.stderr);
        assert.equal(JSON.parse(loop.stdout).resources, 1);

        fs.symlinkSync("loop.yaml", path.join(d, "loop.yaml")); // ELOOP
        assertOneLineError(await scan(d), /loop\.yaml: cannot read \(ELOOP\)/);
        fs.rmSync(path.join(d, "loop.yaml"));

        fs.symlinkSync(path.join(dir, "missing.yaml"), path.join(d, "dangling.yaml"));
        assertOneLineError(await scan(d), /dangling\.yaml: cannot read \(ENOENT\)/);
        fs.rmSync(path.join(d, "dangling.yaml"));

        fs.symlinkSync(d, path.join(d, "dir.yaml"));
        assertOneLineError(await scan(d), /dir\.yaml: cannot read \(EISDIR\)/);
    });

    it("a FIFO in a scanned directory is refused, not read (reading it would block forever)", async function () {
        const d = path.join(dir, "fifo");
        fs.mkdirSync(d);
        try {
            execFileSync("mkfifo", [path.join(d, "pipe.yaml")]);
        } catch {
            this.skip();
        }
        assertOneLineError(await scan(d, [], 15_000), /pipe\.yaml: not a regular file/);
    });

    it("a missing path (ENOENT)", async () => {
        assertOneLineError(await scan(path.join(dir, "nope.yaml")), /nope\.yaml: no such file or directory/);
    });

    it("non-object documents (scalar, list) and documents without apiVersion/kind, naming the line", async () => {
        assertOneLineError(await scan(f("scalar.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\njust a string\n")), /scalar\.yaml:5: expected a Kubernetes object, found string/);
        // A file in which no document looks like an object (no apiVersion or kind) is no manifest: skipped, with a notice.
        const list = await scan(f("list.yaml", "- a\n- b\n"));
        assert.equal(list.code, 0, list.stderr);
        assert.match(JSON.parse(list.stdout).notices[0].message, /not a Kubernetes manifest/);
        assertOneLineError(await scan(f("mixedlist.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- a\n")), /mixedlist\.yaml:5: expected a Kubernetes object, found a list/);
        assertOneLineError(await scan(f("nokind.yaml", "apiVersion: v1\nmetadata: {name: a}\n")), /nokind\.yaml:1: object has no apiVersion or kind/);
        assertOneLineError(await scan(f("numkind.yaml", "apiVersion: 1\nkind: 5\n")), /numkind\.yaml:1: object has no apiVersion or kind/);
        assertOneLineError(await scan(f("listitem.yaml", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: a}\n  - 42\n")), /listitem\.yaml:7: expected a Kubernetes object, found number/);
    });

    it("unknown kinds and CRDs get a correct report (only `*` policies apply)", async () => {
        const crd = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: apps}\nspec: {size: 3}\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n";
        const r = await scan(f("crd.yaml", crd));
        assert.equal(r.timedOut, false);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        const report = JSON.parse(r.stdout);
        assert.equal(report.resources, 2);
        assert.ok(Array.isArray(report.violations));
    });

    it("2000 documents in one file get a correct report", async () => {
        const docs = Array.from({ length: 2000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: apps}\ndata: {k: v}\n`).join("---\n");
        const r = await scan(f("many.yaml", docs), [], 90_000);
        assert.equal(r.timedOut, false);
        assert.ok(r.code === 0 || r.code === 1, r.stderr.slice(0, 500));
        assert.equal(JSON.parse(r.stdout).resources, 2000);
    });
});
