// A Pulumi program as a source of resources: the project's Pulumi.yaml and stack config are read
// as the CLI reads them, the program runs in a child process under Pulumi's mocks
// (./program-runner.ts), and every registered resource comes back with its parent, dependencies,
// provider and inputs, under a synthesized root `pulumi:pulumi:Stack`.
import { spawn } from "child_process";
import { createDecipheriv, pbkdf2Sync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { track } from "../analyzer/process";
import { bundledScript } from "../bundled-script";
import { UserError } from "../errors";
import { EngineResource, Notice, SECRET_KEY } from "../model";
import { crdScopes } from "../../policypacks/lib/kube-api";
import { checkedKubernetesInputs, kubeProviderConfig, KubeProviderConfig } from "./kube-check";
import type { CapturedResource, RunnerNotice } from "./program-runner";

export interface ProjectInfo {
    /** Directory holding Pulumi.yaml. */
    dir: string;
    name: string;
    /** Absolute path of the program (Pulumi.yaml `main`, default the project dir). */
    main: string;
    /** Where Pulumi.<stack>.yaml files live. */
    stackConfigDir: string;
    /** Project-level config defaults, `project:key` → value. */
    defaults: Record<string, string>;
    /** The nodejs runtime's `typescript` option (default true): the program is compiled with ts-node. */
    typescript: boolean;
}

export interface ProgramRun {
    project: ProjectInfo;
    stack: string;
    organization: string;
    /** The stack's config as PULUMI_CONFIG carries it. */
    config: Record<string, string>;
    /** Config keys whose values are secret. */
    secretKeys: string[];
    /** Decrypted secret config values, masked in every report. */
    secretValues: string[];
    resources: EngineResource[];
    /** What the program deploys that could not be checked (content that could not be rendered). */
    notices: Notice[];
}

const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * Resource references in inputs (a component given a Namespace, a provider, …) as the Pulumi CLI
 * sends them to analyzers, which take no resource values: a custom resource becomes its ID (unknown
 * while it is not created), a component its URN.
 */
export function downgradeResourceReferences(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(downgradeResourceReferences);
    if (!v || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o[SECRET_KEY] === RESOURCE_SIG) return typeof o.id === "string" && o.id !== "" ? o.id : String(o.urn ?? "");
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = downgradeResourceReferences(x);
    return out;
}

function readYaml(file: string): any {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new UserError(`${file}: cannot read`);
    }
    try {
        return YAML.parse(text) ?? {};
    } catch (e) {
        const pos = (e as { linePos?: Array<{ line: number }> }).linePos?.[0];
        throw new UserError(`${file}${pos ? `:${pos.line}` : ""}: malformed YAML: ${(e as Error).message.split("\n")[0]}`);
    }
}

function configValue(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

export function readProject(projectFileOrDir: string): ProjectInfo {
    const file = fs.existsSync(projectFileOrDir) && fs.statSync(projectFileOrDir).isDirectory() ? path.join(projectFileOrDir, "Pulumi.yaml") : projectFileOrDir;
    if (!fs.existsSync(file)) throw new UserError(`${file}: no Pulumi project file`);
    const doc = readYaml(file);
    if (typeof doc.name !== "string" || !doc.name) throw new UserError(`${file}: the project has no name`);
    // The engine runs Node.js programs under mocks; another runtime (YAML, Python, Go, .NET) needs
    // its own language host, which only the Pulumi CLI has: said, rather than a missing index.ts.
    const runtime = typeof doc.runtime === "string" ? doc.runtime : doc.runtime?.name;
    if (runtime !== undefined && runtime !== "nodejs") {
        throw new UserError(`${file}: runtime '${runtime}': ksl preview runs Node.js (TypeScript/JavaScript) programs only; preview this one with \`pulumi preview --policy-pack <pack>\`, or scan its rendered manifests with \`ksl scan\``);
    }
    const dir = path.dirname(path.resolve(file));
    const typescript = typeof doc.runtime === "object" && doc.runtime?.options?.typescript === false ? false : true;
    const defaults: Record<string, string> = {};
    if (doc.config && typeof doc.config === "object") {
        for (const [k, v] of Object.entries(doc.config as Record<string, unknown>)) {
            const d = v && typeof v === "object" && !Array.isArray(v) ? (v as { default?: unknown }).default : v;
            if (d !== undefined) defaults[qualify(doc.name, k)] = configValue(d);
        }
    }
    return {
        dir,
        name: doc.name,
        main: path.resolve(dir, typeof doc.main === "string" ? doc.main : "."),
        stackConfigDir: path.resolve(dir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : "."),
        defaults,
        typescript,
    };
}

export function stackConfigFile(project: ProjectInfo, stack: string): string {
    return path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
}

/** The stack's config as the CLI hands it to the program and the packs. */
export interface StackConfig {
    /** `project:key` → string, as PULUMI_CONFIG carries it. */
    config: Record<string, string>;
    /** Keys whose values are secret (PULUMI_CONFIG_SECRET_KEYS). */
    secretKeys: string[];
    /** The decrypted secret values, masked in every report. */
    secretValues: string[];
    notices: Notice[];
}

/** What a secure value becomes when it cannot be decrypted here: a placeholder, still marked secret. */
export const SECRET_PLACEHOLDER = "ksl-undecrypted-secret";

/** Pulumi's passphrase secrets provider: PBKDF2-SHA256 (1,000,000 rounds) key, AES-256-GCM values. */
function passphraseCrypter(encryptionSalt: string, passphrase: string, file: string): (ciphertext: string) => string {
    const parts = encryptionSalt.split(":");
    if (parts.length !== 5 || parts[0] !== "v1") throw new UserError(`${file}: encryptionsalt is not of the form v1:<salt>:v1:<nonce>:<ciphertext>`);
    const key = pbkdf2Sync(passphrase, Buffer.from(parts[1], "base64"), 1_000_000, 32, "sha256");
    const decrypt = (value: string): string => {
        const [v, nonce, ct] = value.split(":");
        if (v !== "v1" || !nonce || !ct) throw new Error("not a v1:<nonce>:<ciphertext> value");
        const bytes = Buffer.from(ct, "base64");
        const d = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
        d.setAuthTag(bytes.subarray(bytes.length - 16));
        return Buffer.concat([d.update(bytes.subarray(0, bytes.length - 16)), d.final()]).toString("utf8");
    };
    let check: string | undefined;
    try {
        check = decrypt(parts.slice(2).join(":"));
    } catch {
        check = undefined;
    }
    if (check !== "pulumi") throw new UserError(`${file}: incorrect passphrase (PULUMI_CONFIG_PASSPHRASE / PULUMI_CONFIG_PASSPHRASE_FILE)`);
    return decrypt;
}

function configPassphrase(): string | undefined {
    if (process.env.PULUMI_CONFIG_PASSPHRASE !== undefined) return process.env.PULUMI_CONFIG_PASSPHRASE;
    const file = process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    if (!file) return undefined;
    try {
        return fs.readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (e) {
        throw new UserError(`PULUMI_CONFIG_PASSPHRASE_FILE=${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
}

/**
 * The stack's config as the CLI reads it: project defaults, then `Pulumi.<stack>.yaml` (a missing
 * file is empty config). `secure:` values are decrypted with the passphrase secrets provider when
 * PULUMI_CONFIG_PASSPHRASE(_FILE) is set; otherwise - or with another secrets provider - each
 * becomes a secret placeholder and one notice says so. Secret values never reach a report.
 */
export function readStackConfig(project: ProjectInfo, stack: string): StackConfig {
    const file = stackConfigFile(project, stack);
    const doc = fs.existsSync(file) ? readYaml(file) : {};
    const out: StackConfig = { config: { ...project.defaults }, secretKeys: [], secretValues: [], notices: [] };
    const secure = Object.entries((doc.config ?? {}) as Record<string, unknown>).filter(([, v]) => v && typeof v === "object" && !Array.isArray(v) && "secure" in v);
    let decrypt: ((v: string) => string) | undefined;
    let why = "";
    if (secure.length) {
        const passphrase = configPassphrase();
        const provider = typeof doc.secretsprovider === "string" ? doc.secretsprovider : undefined;
        if (provider && !provider.startsWith("passphrase")) why = `the stack uses the ${provider.split(":")[0]} secrets provider, which ksl cannot call offline`;
        else if (typeof doc.encryptionsalt !== "string") why = "the stack file has no encryptionsalt";
        else if (passphrase === undefined) why = "PULUMI_CONFIG_PASSPHRASE / PULUMI_CONFIG_PASSPHRASE_FILE is not set";
        else decrypt = passphraseCrypter(doc.encryptionsalt, passphrase, file);
    }
    for (const [k, v] of Object.entries((doc.config ?? {}) as Record<string, unknown>)) {
        const key = qualify(project.name, k);
        if (v && typeof v === "object" && !Array.isArray(v) && "secure" in v) {
            let value = SECRET_PLACEHOLDER;
            if (decrypt) {
                try {
                    value = decrypt(String((v as { secure: unknown }).secure));
                } catch {
                    throw new UserError(`${file}: config '${k}': the secure value cannot be decrypted with this passphrase`);
                }
                out.secretValues.push(value);
            }
            out.config[key] = value;
            out.secretKeys.push(key);
            continue;
        }
        out.config[key] = configValue(v);
    }
    if (secure.length && !decrypt) {
        out.notices.push({
            kind: "not-rendered",
            subject: path.relative(process.cwd(), file) || file,
            message: `${secure.length} secure config value${secure.length === 1 ? "" : "s"} not decrypted (${why}): the program saw secret placeholders; set PULUMI_CONFIG_PASSPHRASE to preview with the real values`,
        });
    }
    return out;
}

/**
 * The program runner as JavaScript (bundled-script.ts). It must not run under a ts-node
 * registration of its own: that would compile the user's program a second time, with ksl's
 * settings instead of the Pulumi CLI's.
 */
function runnerScript(): string {
    return bundledScript("program-runner", path.join(__dirname, "program-runner.ts"));
}

function resolveMain(main: string): string {
    if (fs.existsSync(main) && fs.statSync(main).isDirectory()) {
        for (const f of ["index.ts", "index.js"]) if (fs.existsSync(path.join(main, f))) return path.join(main, f);
        const pkg = path.join(main, "package.json");
        if (fs.existsSync(pkg)) return main;
        throw new UserError(`${main}: no index.ts or index.js for the program`);
    }
    return main;
}

/**
 * The inputs a real preview hands the packs: a Kubernetes object's as its provider's Check
 * returns them (./kube-check.ts), under its explicit provider's configuration or the default
 * provider's (stack config `kubernetes:*`, the ambient kubeconfig); other resources' as declared.
 */
function kubernetesCheck(captured: CapturedResource[], stackConfig: Record<string, string>): (c: CapturedResource) => Record<string, unknown> {
    const providers = new Map<string, KubeProviderConfig>();
    for (const c of captured) if (c.type === "pulumi:providers:kubernetes") providers.set(c.urn, kubeProviderConfig(c.inputs, stackConfig));
    let defaultProvider: KubeProviderConfig | undefined;
    // CustomResourceDefinitions the program declares decide their kinds' scope, as the provider's CRD cache does.
    const scopes = crdScopes(captured.filter((c) => c.type.startsWith("kubernetes:apiextensions.k8s.io/")).map((c) => c.inputs));
    return (c) => {
        if (!c.custom || !c.type.startsWith("kubernetes:")) return c.inputs;
        // A provider reference is `<urn>::<id>`; none means the default provider.
        const ref = c.provider ? c.provider.slice(0, c.provider.lastIndexOf("::")) : "";
        const cfg = ref ? providers.get(ref) : (defaultProvider ??= kubeProviderConfig(undefined, stackConfig));
        return cfg ? checkedKubernetesInputs(c.type, c.name, c.inputs, cfg, scopes) : c.inputs;
    };
}

export interface RunProgramOptions {
    /** Pulumi.yaml or its directory. */
    project: string;
    stack: string;
    organization?: string;
    timeoutMs?: number;
    /**
     * The update pass: every output known, with believable mock values. By default the program runs
     * as in `pulumi preview`: ids and outputs of resources being created are unknown.
     */
    assumeKnown?: boolean;
}

export async function runProgram(opts: RunProgramOptions): Promise<ProgramRun> {
    const project = readProject(opts.project);
    const stackConfig = readStackConfig(project, opts.stack);
    const config = stackConfig.config;
    const organization = opts.organization ?? "organization";
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ksl-program-"));
    const out = path.join(tmp, "resources.json");
    const main = resolveMain(project.main);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        KSL_RUNNER_ARGS: JSON.stringify({
            programDir: project.dir,
            main,
            project: project.name,
            stack: opts.stack,
            organization,
            config,
            secretKeys: stackConfig.secretKeys,
            assumeKnown: opts.assumeKnown === true,
            typescript: project.typescript,
            out,
        }),
    };
    // Component inputs reach policies since 3.248 unless this is set; the engine wants them.
    delete env.PULUMI_NODEJS_SKIP_COMPONENT_INPUTS;
    const child = spawn(process.execPath, [runnerScript()], {
        cwd: project.dir,
        env,
        stdio: ["ignore", "ignore", "pipe"],
    });
    track(child);
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => (stderr = (stderr + d).slice(-16_000)));
    const timeoutMs = opts.timeoutMs ?? Number(process.env.KSL_PROGRAM_TIMEOUT_MS ?? 180_000);
    try {
        const code = await new Promise<number | null>((resolve) => {
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                resolve(null);
            }, timeoutMs);
            child.on("exit", (c) => {
                clearTimeout(timer);
                resolve(c);
            });
        });
        if (code === null && !fs.existsSync(out)) throw new UserError(`program ${main} did not finish within ${timeoutMs / 1000} s`);
        if (!fs.existsSync(out)) {
            const line = stderr.split("\n").map((l) => l.trim()).find((l) => /error/i.test(l)) ?? stderr.trim().split("\n").pop() ?? "";
            throw new UserError(`program ${path.relative(process.cwd(), main) || main} failed (exit code ${code}): ${line.slice(0, 400)}`);
        }
        const result = JSON.parse(fs.readFileSync(out, "utf8")) as { resources?: CapturedResource[]; notices?: RunnerNotice[]; error?: string };
        if (result.error !== undefined) {
            throw new UserError(`program ${path.relative(process.cwd(), main) || main} (stack '${opts.stack}') failed: ${result.error}`);
        }
        const stackName = `${project.name}-${opts.stack}`;
        const stackUrn = `urn:pulumi:${opts.stack}::${project.name}::pulumi:pulumi:Stack::${stackName}`;
        const checked = kubernetesCheck(result.resources ?? [], config);
        const resources: EngineResource[] = [
            { urn: stackUrn, type: "pulumi:pulumi:Stack", name: stackName, props: {}, custom: false },
            ...(result.resources ?? []).map((c) => ({
                urn: c.urn,
                type: c.type,
                name: c.name,
                props: downgradeResourceReferences(checked(c)) as Record<string, unknown>,
                parent: c.parent || stackUrn,
                dependencies: c.dependencies,
                propertyDependencies: c.propertyDependencies,
                custom: c.custom,
                ...(c.provider ? { provider: c.provider } : {}),
            })),
        ];
        const notices: Notice[] = [...stackConfig.notices, ...(result.notices ?? []).map((n): Notice => ({ kind: n.kind ?? "not-rendered", subject: n.subject, ...(n.urn ? { urn: n.urn } : {}), message: n.message }))];
        return { project, stack: opts.stack, organization, config, secretKeys: stackConfig.secretKeys, secretValues: stackConfig.secretValues, resources, notices };
    } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
