// Engine faults beyond test/engine (which covers a pack failing to start and exiting mid-Analyze):
// a policy that never returns (Analyze and AnalyzeStack), a pack that never serves, a policy that
// throws, and the same through the CLI with KSL_RPC_TIMEOUT_MS. Each: a clear error, exit 2,
// within the timeout, and no orphan pack process.
import { strict as assert } from "assert";
import * as path from "path";
import { runPack } from "../../engine/analyzer/run";
import type { EngineResource } from "../../engine/model";
import { pidAlive } from "../engine/helpers";
import { assertOneLineError, ksl, ROOT } from "./helpers";

const FAULTY = path.join(ROOT, "test", "fixtures", "hostile", "packs", "faulty");
const res = (name: string, type = "kubernetes:core/v1:ConfigMap"): EngineResource => ({ urn: `urn:pulumi:dev::ksl::${type}::${name}`, type, name, props: { metadata: { name } } });

async function expectFailure(run: (onSpawn: (pid: number) => void) => Promise<unknown>, pattern: RegExp): Promise<void> {
    let pid = 0;
    await assert.rejects(run((p) => (pid = p)), (e: Error) => {
        assert.equal(e.name, "UserError", e.stack);
        assert.match(e.message, pattern);
        assert.doesNotMatch(e.message, /\n\s+at /);
        return true;
    });
    assert.ok(pid > 0, "the pack was spawned");
    assert.equal(pidAlive(pid), false, `pack ${pid} outlived the run`);
}

describe("robustness: engine faults", function () {
    this.timeout(60_000);

    it("a policy that never returns in Analyze: deadline error naming the resource, pack killed", async () => {
        await expectFailure(
            (onSpawn) => runPack({ packDir: FAULTY, resources: [res("fine"), res("hang-forever")], rpcTimeoutMs: 800, onSpawn }),
            /did not answer Analyze of urn:.*::hang-forever within 0\.8 s/,
        );
    });

    it("a stack policy that never returns in AnalyzeStack: deadline error, pack killed", async () => {
        await expectFailure((onSpawn) => runPack({ packDir: FAULTY, resources: [res("stack-hang")], rpcTimeoutMs: 800, onSpawn }), /did not answer AnalyzeStack within 0\.8 s/);
    });

    it("a pack that never serves: start-up timeout, pack killed", async () => {
        process.env.KSL_FAULT = "start-hang";
        try {
            await expectFailure((onSpawn) => runPack({ packDir: FAULTY, resources: [res("x")], startTimeoutMs: 1500, onSpawn }), /policy pack .*faulty did not start within 1\.5 s/);
        } finally {
            delete process.env.KSL_FAULT;
        }
    });

    it("a policy that exits the pack process mid-run: crash error with the exit code, pack gone", async () => {
        await expectFailure((onSpawn) => runPack({ packDir: FAULTY, resources: [res("fine"), res("crash-now")], onSpawn }), /crashed during Analyze of urn:.*::crash-now \(exit code 7\)/);
    });

    it("a policy that throws a TypeError: the SDK's error, first lines only, pack killed", async () => {
        await expectFailure((onSpawn) => runPack({ packDir: FAULTY, resources: [res("throw-now")], onSpawn }), /failed in Analyze of urn:.*::throw-now: .*TypeError|Cannot read properties of null/);
    });

    it("ksl scan with a hanging policy and KSL_RPC_TIMEOUT_MS: exit 2, one line, within the timeout", async () => {
        const manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hang-cm}\n";
        const r = await ksl(["scan", "-", "--pack", FAULTY], { stdin: manifest, env: { KSL_RPC_TIMEOUT_MS: "800" }, timeoutMs: 20_000 });
        assertOneLineError(r, /did not answer Analyze of .*hang-cm within 0\.8 s/);
    });

    it("ksl scan with a pack that never starts and KSL_PACK_START_TIMEOUT_MS: exit 2, one line", async () => {
        const r = await ksl(["scan", "-", "--pack", FAULTY], { stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", env: { KSL_FAULT: "start-hang", KSL_PACK_START_TIMEOUT_MS: "1500" }, timeoutMs: 20_000 });
        assertOneLineError(r, /policy pack .*faulty did not start within 1\.5 s/);
    });
});
