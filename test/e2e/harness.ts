// The real Pulumi CLI, offline, for the e2e suite (the environment, toolchain and installed packs
// are scripts/real-pulumi.ts, shared with `npm run bench`).
//
// Programs are declared once (a ProgramSpec) and written twice: as a Pulumi YAML program for the
// CLI (the Node.js language host is not served by the Go module proxy; see README "Verified with
// the Pulumi CLI") and as a TypeScript program that declares the same resources with
// @pulumi/kubernetes for `ksl preview`. Same project, stack and names: the same URNs.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SECRET_KEY, SECRET_SIG, UNKNOWN } from "../../engine/model";
import { renderEnv } from "../helpers/render-tools";

export { ROOT, toolchainBin, runDir, cleanup, offlineEnv, installedPack, secret, config, ref, writeYamlProgram } from "../../scripts/real-pulumi";
export type { SpecValue, SpecResource, ProgramSpec } from "../../scripts/real-pulumi";
import { ROOT, isObj, offlineEnv, secret, toolchainBin, writeCommon, type ProgramSpec, type SpecValue } from "../../scripts/real-pulumi";
const KSL = path.join(ROOT, "dist", "ksl.js");

/**
 * The spec as a TypeScript program: each resource is the @pulumi/kubernetes class of its type token
 * (`kubernetes:rbac.authorization.k8s.io/v1:Role` → `k8s.rbac.v1.Role`), given the same inputs.
 */
export function writeTsProgram(dir: string, spec: ProgramSpec): void {
    writeCommon(dir, spec);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${spec.project}\nruntime: nodejs\nmain: index.ts\n`);
    fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec, null, 1));
    const compilerOptions = { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 4));
    if (!fs.existsSync(path.join(dir, "node_modules"))) fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        `// Written by test/e2e/harness.ts from spec.json: the same resources as the YAML program beside it.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const spec = require("./spec.json");
const cfg = new pulumi.Config();
const made: Record<string, any> = {};

function classOf(type: string): any {
    const special: Record<string, any> = {
        "pulumi:providers:kubernetes": k8s.Provider,
        "kubernetes:helm.sh/v4:Chart": k8s.helm.v4.Chart,
        "kubernetes:kustomize/v2:Directory": k8s.kustomize.v2.Directory,
        "kubernetes:yaml/v2:ConfigFile": k8s.yaml.v2.ConfigFile,
        "kubernetes:yaml/v2:ConfigGroup": k8s.yaml.v2.ConfigGroup,
    };
    if (special[type]) return special[type];
    if (type.startsWith("azure-native:")) {
        const [, mod, kind] = type.split(":");
        return require(\`@pulumi/azure-native/\${mod}\`)[kind];
    }
    const [, gv, kind] = type.split(":");
    const [group, version] = gv.split("/");
    const cls = (k8s as any)[group.split(".")[0]]?.[version]?.[kind];
    if (!cls) throw new Error(\`no @pulumi/kubernetes class for \${type}\`);
    return cls;
}

function value(v: any): any {
    if (Array.isArray(v)) return v.map(value);
    if (!v || typeof v !== "object") return v;
    if ("$secret" in v) return pulumi.secret(value(v.$secret));
    if ("$config" in v) return spec.config?.[v.$config]?.secret ? cfg.requireSecret(v.$config) : cfg.require(v.$config);
    if ("$ref" in v) return v.$ref.slice(1).reduce((o: any, k: string) => o[k], made[v.$ref[0]]);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
}

for (const r of spec.resources) {
    const Cls = classOf(r.type);
    made[r.name] = new Cls(r.name, value(r.props), r.provider ? { provider: made[r.provider] } : {});
}
`,
    );
}

/** A spec value from a resource's wire-form inputs (as runProgram captures them). */
export function specValueOfWire(v: unknown): SpecValue {
    if (v === UNKNOWN) throw new Error("an input is unknown: capture with assumeKnown");
    if (Array.isArray(v)) return v.map(specValueOfWire);
    if (!isObj(v)) return v;
    if (v[SECRET_KEY] === SECRET_SIG) return secret(specValueOfWire(v.value));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, specValueOfWire(x)]));
}

// ---------------------------------------------------------------------------------------------
// Previews

export interface Finding {
    policy: string;
    urn: string;
    level: string;
    message: string;
}

export interface RealPreview {
    code: number;
    findings: Finding[];
    /** Checked inputs of each resource, as the preview shows them (after remediation). */
    inputs: Map<string, Record<string, unknown>>;
    /** Resources the pack analyzed (its per-resource summary events). */
    analyzed: Set<string>;
    /** Error diagnostics the CLI printed. */
    errors: string[];
    /** The stack config file the CLI wrote (secure values encrypted with the run's passphrase). */
    stackConfig?: string;
}

/** `pulumi preview` of a YAML program with a policy pack; findings from the policy events. */
export function realPreview(dir: string, spec: ProgramSpec, opts: { pack?: string; packConfig?: string; stack?: string; env?: NodeJS.ProcessEnv }): RealPreview {
    const stack = opts.stack ?? "dev";
    const azureTypes = [...new Set(spec.resources.map((r) => r.type).filter((t) => t.startsWith("azure-native:")))];
    const env = offlineEnv({ PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`, ...spec.env, ...opts.env });
    if (azureTypes.length) {
        // The azure-native provider cannot be built here: its test double stands in (azure-native-double/).
        env.PATH = `${path.join(__dirname, "azure-native-double")}${path.delimiter}${env.PATH}`;
        env.KSL_AZURE_DOUBLE_TYPES = azureTypes.join(",");
    }
    fs.mkdirSync(path.join(dir, ".state"), { recursive: true });
    const pulumi = path.join(toolchainBin(), "pulumi");
    const run = (args: string[]) => spawnSync(pulumi, args, { cwd: dir, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 600_000 });
    if (!fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)) || !fs.existsSync(path.join(dir, ".state", ".pulumi"))) {
        const init = run(["stack", "init", stack, "--non-interactive"]);
        if (init.status !== 0) throw new Error(`pulumi stack init: ${init.stderr}`);
        for (const [k, c] of Object.entries(spec.config ?? {})) {
            const r = run(["config", "set", k, ...(c.secret ? ["--secret"] : []), "--", c.value]);
            if (r.status !== 0) throw new Error(`pulumi config set ${k}: ${r.stderr}`);
        }
    }
    const args = ["preview", "--non-interactive", "--json", "--stack", stack, ...(opts.pack ? ["--policy-pack", opts.pack] : [])];
    if (opts.packConfig) args.push("--policy-pack-config", opts.packConfig);
    const r = spawnSync(pulumi, args, { cwd: dir, env: { ...env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 600_000 });
    const findings: Finding[] = [];
    const inputs = new Map<string, Record<string, unknown>>();
    const errors: string[] = [];
    const analyzed = new Set<string>();
    for (const line of r.stdout.split("\n")) {
        if (!line.trim()) continue;
        let e: any;
        try {
            e = JSON.parse(line);
        } catch {
            continue;
        }
        if (e.policyEvent) {
            const p = e.policyEvent;
            findings.push({ policy: p.policyName, urn: p.resourceUrn ?? "", level: p.enforcementLevel, message: p.message });
        }
        if (e.policyAnalyzeSummaryEvent?.resourceUrn) analyzed.add(e.policyAnalyzeSummaryEvent.resourceUrn);
        if (e.resourcePreEvent?.metadata?.new) inputs.set(e.resourcePreEvent.metadata.urn, e.resourcePreEvent.metadata.new.inputs ?? {});
        if (e.diagnosticEvent?.severity === "error") errors.push(e.diagnosticEvent.message.trim());
    }
    if (r.status === null) throw new Error(`pulumi preview did not finish: ${r.error?.message ?? r.signal}`);
    const cfg = path.join(dir, `Pulumi.${stack}.yaml`);
    return { code: r.status, findings, inputs, analyzed, errors: [...errors, ...(r.stderr.trim() ? [r.stderr.trim()] : [])], stackConfig: fs.existsSync(cfg) ? cfg : undefined };
}

export interface KslPreview {
    code: number;
    findings: Finding[];
    report: any;
    stderr: string;
}

/** `ksl preview --format json` of a TypeScript program with the same pack directory. */
export function kslPreview(dir: string, spec: ProgramSpec, opts: { pack: string; packConfig?: string; stack?: string; stackConfig?: string; env?: NodeJS.ProcessEnv }): KslPreview {
    const stack = opts.stack ?? "dev";
    if (opts.stackConfig) fs.copyFileSync(opts.stackConfig, path.join(dir, `Pulumi.${stack}.yaml`));
    const args = [KSL, "preview", "--project", dir, "--stack", stack, "--pack", opts.pack, "--format", "json"];
    if (opts.packConfig) args.push("--config", opts.packConfig);
    // ksl renders charts and kustomizations with real helm and kubectl, which the provider embeds.
    const r = spawnSync(process.execPath, args, { cwd: dir, env: offlineEnv({ ...renderEnv(), ...spec.env, ...opts.env }), encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 600_000 });
    if (r.status !== 0 && r.status !== 1) return { code: r.status ?? -1, findings: [], report: undefined, stderr: r.stderr };
    const report = JSON.parse(r.stdout);
    const findings: Finding[] = report.violations.map((v: any) => ({ policy: v.policy, urn: v.resource.urn, level: v.enforcementLevel, message: v.message }));
    return { code: r.status, findings, report, stderr: r.stderr };
}

/** Findings as comparable lines: `policy  level  urn`, sorted, duplicates kept. */
export function findingLines(findings: Finding[]): string[] {
    return findings.map((f) => `${f.policy}  ${f.level}  ${f.urn}`).sort();
}
