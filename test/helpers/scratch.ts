// One scratch directory per test process, under the system temp directory: tests never write into
// the checkout (which may be read-only) and parallel runs never share files. The library's
// node_modules is linked in, so bundles written here resolve their external packages as they do
// from the repository. Removed when the process exits.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
let dir: string | undefined;

/** A path inside this process's scratch directory; parent directories are created. */
export function scratchPath(...parts: string[]): string {
    if (!dir) {
        const created = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-test-"));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(created, "node_modules"), "dir");
        process.on("exit", () => fs.rmSync(created, { recursive: true, force: true }));
        dir = created;
    }
    const p = path.join(dir, ...parts);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    return p;
}
