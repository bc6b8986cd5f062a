// A pack served in ksl's process does not load @pulumi/pulumi's closure serializer (TypeScript) or
// code-path finder (npm's arborist) until something calls them; when something does, the real
// module answers. Run in a child process: this one has loaded @pulumi/pulumi already.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deferClosureModules } from "../../engine/analyzer/deferred-modules";
import { ROOT } from "./helpers";

const CHILD = `
const path = require("path");
const { deferClosureModules } = require("./engine/analyzer/deferred-modules");
// ts-node loads TypeScript itself: what counts is whether @pulumi/pulumi's TypeScript shim was loaded.
const loaded = (file) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + file));
const deferred = deferClosureModules(path.dirname(require.resolve("@pulumi/pulumi/package.json")));
require("@pulumi/policy");
const before = { typescript: loaded("@pulumi/pulumi/typescript-shim.js"), arborist: loaded("@npmcli/arborist/") };
require("@pulumi/pulumi").runtime.serializeFunction(function answer() { return 42; }).then((s) => {
    const after = { typescript: loaded("@pulumi/pulumi/typescript-shim.js") };
    console.log(JSON.stringify({ deferred, before, after, serialized: /return 42/.test(s.text) }));
});
`;

describe("closure modules deferred in the in-process pack", function () {
    this.timeout(60_000);

    it("@pulumi/policy loads without TypeScript and arborist; serializeFunction still works, loading them then", () => {
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD], { cwd: ROOT, encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), {
            deferred: ["runtime/closure/serializeClosure.js", "runtime/closure/codePaths.js"],
            before: { typescript: false, arborist: false },
            after: { typescript: true },
            serialized: true,
        });
    });

    it("a module that exports anything but functions, or is missing, is left alone", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-deferred-"));
        try {
            fs.mkdirSync(path.join(dir, "runtime", "closure"), { recursive: true });
            fs.writeFileSync(path.join(dir, "runtime", "closure", "serializeClosure.js"), "function f() {}\nexports.f = f;\nexports.LIMIT = 3;\n");
            assert.deepEqual(deferClosureModules(dir), []);
            fs.writeFileSync(path.join(dir, "runtime", "closure", "codePaths.js"), "async function computeCodePaths() { return new Map(); }\nexports.computeCodePaths = computeCodePaths;\n");
            assert.deepEqual(deferClosureModules(dir), ["runtime/closure/codePaths.js"]);
            const standIn = require(path.join(dir, "runtime", "closure", "codePaths.js"));
            assert.equal(typeof standIn.computeCodePaths, "function");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
