// The real Pulumi CLI, offline, shared by the e2e suite (test/e2e/harness.ts) and `npm run bench`:
// the toolchain `npm run toolchain` builds (the CLI, the YAML language host, the Kubernetes provider
// and Pulumi's policy-pack launcher), a file:// backend and PULUMI_HOME in a temporary directory,
// passphrase secrets, no update check, no plugin download, and a kubeconfig that points at a closed
// loopback port only. The packs are used as the README tells users: built, copied alone, given their
// own `npm install`. Programs are declared once (a ProgramSpec) and written as Pulumi YAML.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

export const ROOT = path.resolve(__dirname, "..");

let bin: string | undefined;
/** The toolchain's bin directory, built on first use (`npm run toolchain`); a failed build fails the test. */
export function toolchainBin(): string {
    if (bin) return bin;
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "toolchain.js")], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`npm run toolchain failed (exit ${r.status}):\n${(r.stderr ?? "").trim().split("\n").slice(-15).join("\n")}`);
    const last = r.stdout.trim().split("\n").pop() ?? "";
    if (!fs.existsSync(path.join(last, "pulumi"))) throw new Error(`npm run toolchain printed ${JSON.stringify(last)}, which holds no pulumi binary`);
    return (bin = last);
}

let run: string | undefined;
/** This test run's working directory (state, plugin home, packs, programs); removed by cleanup(). */
export function runDir(): string {
    if (!run) {
        run = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-e2e-"));
        // Loopback only, on a port nothing listens on: the provider finds the cluster unreachable at once.
        fs.writeFileSync(path.join(run, "kubeconfig"), [
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: offline, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]",
            "users: [{name: offline, user: {token: offline}}]",
            "contexts: [{name: offline, context: {cluster: offline, user: offline}}]",
            "current-context: offline",
            "",
        ].join("\n"));
    }
    return run;
}

export function cleanup(): void {
    // KSL_E2E_KEEP=1 keeps the programs, state and packs for a look after a failure.
    if (run && process.env.KSL_E2E_KEEP === "1") console.log(`e2e run kept in ${run}`);
    else if (run) fs.rmSync(run, { recursive: true, force: true });
    run = undefined;
}

/** The environment both the CLI and ksl run in. */
export function offlineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const dir = runDir();
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${toolchainBin()}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: path.join(dir, "home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        KUBECONFIG: path.join(dir, "kubeconfig"),
        ...extra,
    };
    delete env.PULUMI_ACCESS_TOKEN;
    delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
    // `{ KUBECONFIG: undefined }` unsets a variable.
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return env;
}

const packs = new Map<string, string>();
/** A pack directory as users get it: built (npm run build), copied alone, its own `npm install`. */
export function installedPack(platform: "aks" | "onprem"): string {
    const have = packs.get(platform);
    if (have) return have;
    const src = path.join(ROOT, "policypacks", platform);
    const dir = path.join(runDir(), "packs", platform);
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ["PulumiPolicy.yaml", "package.json"]) fs.copyFileSync(path.join(src, f), path.join(dir, f));
    fs.cpSync(path.join(src, "dist"), path.join(dir, "dist"), { recursive: true });
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
    packs.set(platform, dir);
    return dir;
}

// ---------------------------------------------------------------------------------------------
// Programs

/** A value of a spec: plain JSON, or a secret, a config value or another resource's output. */
export type SpecValue = unknown;
export const secret = (value: unknown) => ({ $secret: value });
export const config = (key: string) => ({ $config: key });
export const ref = (resource: string, ...path: string[]) => ({ $ref: [resource, ...path] });

export interface SpecResource {
    name: string;
    /** A Pulumi type token: `kubernetes:apps/v1:Deployment`, `pulumi:providers:kubernetes`, `kubernetes:helm.sh/v4:Chart`, ... */
    type: string;
    props: Record<string, SpecValue>;
    /** Name of the explicit provider resource. */
    provider?: string;
}

export interface ProgramSpec {
    project: string;
    /** Stack config of the project, set with `pulumi config set` (secret ones with --secret). */
    config?: Record<string, { value: string; secret?: boolean }>;
    resources: SpecResource[];
    /** Files the program reads (charts, kustomizations), copied beside both programs. */
    files?: Record<string, string>;
    /** Environment of both previews (`undefined` unsets a variable). */
    env?: NodeJS.ProcessEnv;
}

export function isObj(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toYamlValue(v: SpecValue): unknown {
    if (Array.isArray(v)) return v.map(toYamlValue);
    if (!isObj(v)) return v;
    if ("$secret" in v) return { "fn::secret": toYamlValue(v.$secret) };
    if ("$config" in v) return `\${${v.$config}}`;
    if ("$ref" in v) return `\${${(v.$ref as string[]).join(".")}}`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toYamlValue(x)]));
}

export function writeCommon(dir: string, spec: ProgramSpec): void {
    fs.mkdirSync(dir, { recursive: true });
    for (const [rel, from] of Object.entries(spec.files ?? {})) fs.cpSync(from, path.join(dir, rel), { recursive: true });
}

/** The spec as a Pulumi YAML program. */
export function writeYamlProgram(dir: string, spec: ProgramSpec): void {
    writeCommon(dir, spec);
    const doc: Record<string, unknown> = { name: spec.project, runtime: "yaml" };
    if (spec.config) doc.config = Object.fromEntries(Object.entries(spec.config).map(([k, c]) => [k, { type: "string", ...(c.secret ? { secret: true } : {}) }]));
    // Keys are the names; a name used by several types gets a key of its own and says its name.
    const keys = new Set<string>();
    doc.resources = Object.fromEntries(
        spec.resources.map((r) => {
            let key = r.name;
            for (let n = 2; keys.has(key); n++) key = `${r.name}-${r.type.split(":").pop()!.toLowerCase()}${n > 2 ? n : ""}`;
            keys.add(key);
            const body = { type: r.type, ...(key !== r.name ? { name: r.name } : {}), properties: toYamlValue(r.props), ...(r.provider ? { options: { provider: `\${${r.provider}}` } } : {}) };
            return [key, body];
        }),
    );
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(doc, { lineWidth: 0 }));
}
