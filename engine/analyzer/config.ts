// Policy-pack config, reconciled as the Pulumi CLI's ReconcilePolicyPackConfig does:
//   each policy's schema defaults and level → the pack's initialConfig → the user's
//   `--policy-pack-config` file (`"all"` sets every policy's level) → JSON-schema validation of
//   each policy's properties, with the `enforcementLevel` enum injected into its schema.
import * as fs from "fs";
import Ajv, { type ValidateFunction } from "ajv";
import { UserError } from "../errors";
import { didYouMean } from "../../policypacks/lib/closest";
import type { EnforcementLevel, PolicyInfo } from "../model";

export const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** One policy's entry in a config file: a level, or `{enforcementLevel?, ...props}`. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
/** The `--policy-pack-config` JSON format. */
export type PolicyPackConfig = Record<string, PolicyConfigEntry>;

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

interface Normalized {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

function normalizeEntry(where: string, key: string, val: unknown): Normalized {
    if (typeof val === "string") {
        if (!LEVELS.includes(val as EnforcementLevel)) {
            throw new UserError(`${where}: policy '${key}': unknown enforcement level '${val}' (use ${LEVELS.join(", ")})`);
        }
        return { enforcementLevel: val as EnforcementLevel };
    }
    if (typeof val !== "object" || val === null || Array.isArray(val)) {
        throw new UserError(`${where}: policy '${key}': expected an enforcement level or an object`);
    }
    const { enforcementLevel, ...properties } = val as Record<string, unknown>;
    const out: Normalized = {};
    if (enforcementLevel !== undefined) {
        if (typeof enforcementLevel !== "string" || !LEVELS.includes(enforcementLevel as EnforcementLevel)) {
            throw new UserError(
                `${where}: policy '${key}': property 'enforcementLevel': must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(enforcementLevel)}`,
            );
        }
        out.enforcementLevel = enforcementLevel as EnforcementLevel;
    }
    if (Object.keys(properties).length > 0) out.properties = properties;
    return out;
}

/** Reads and checks the shape of a `--policy-pack-config` file. */
export function readConfigFile(file: string): PolicyPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UserError(`cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new UserError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new UserError(`config file ${file}: expected a JSON object of policy names`);
    }
    for (const [k, v] of Object.entries(parsed)) normalizeEntry(file, k, v);
    return parsed as PolicyPackConfig;
}

/** Every policy name of the library's packs: a config entry for one of them is not a typo. */
function libraryPolicyNames(): Set<string> {
    // Loaded on demand: only needed when an entry names no policy of the pack being run.
    const { packPolicies } = require("../../policypacks/packs") as typeof import("../../policypacks/packs");
    const { PLATFORMS } = require("../../policypacks/catalog/types") as typeof import("../../policypacks/catalog/types");
    return new Set(PLATFORMS.flatMap((p) => packPolicies(p).map((x) => x.name)));
}

/**
 * A config entry must name a policy: of this pack, or of another of the library's packs (one file
 * may serve both). Anything else is a typo that would silently configure nothing.
 */
function checkPolicyNames(result: Map<string, ResolvedPolicyConfig>, config: Record<string, unknown>, where: string): void {
    let library: Set<string> | undefined;
    for (const key of Object.keys(config)) {
        if (key === "all" || result.has(key)) continue;
        library ??= libraryPolicyNames();
        if (library.has(key)) continue;
        throw new UserError(`${where}: '${key}' is not a policy of this pack or of the library${didYouMean(key, [...result.keys(), ...library])}`);
    }
}

/** A policy's options must be in its configSchema: an unknown one is a typo that configures nothing. */
function checkOptions(p: PolicyInfo, properties: Record<string, unknown>, where: string): void {
    if (!p.configSchema) return; // a policy without a schema: nothing to hold options to
    const known = Object.keys(p.configSchema.properties ?? {});
    for (const k of Object.keys(properties)) {
        if (!known.includes(k)) {
            throw new UserError(`${where}: policy '${p.name}': unknown option '${k}'${didYouMean(k, known)}${known.length ? "" : " (it takes no options)"}`);
        }
    }
}

function applyConfig(result: Map<string, ResolvedPolicyConfig>, config: Record<string, unknown>, where: string): void {
    if ("all" in config) {
        const all = normalizeEntry(where, "all", config.all);
        if (all.enforcementLevel) for (const r of result.values()) r.enforcementLevel = all.enforcementLevel;
    }
    for (const [key, raw] of Object.entries(config)) {
        if (key === "all") continue;
        const n = normalizeEntry(where, key, raw);
        const r = result.get(key);
        // Like the CLI, entries for policies this pack does not have are ignored, so one file can
        // serve several packs.
        if (!r) continue;
        if (n.enforcementLevel) r.enforcementLevel = n.enforcementLevel;
        if (n.properties) r.properties = { ...r.properties, ...n.properties };
    }
}

// Each validator runs once per run: Ajv's optimisation passes over the generated code cost more than they save.
const ajv = new Ajv({ allErrors: true, strict: false, code: { optimize: false } });
// Many policies share a schema (most take only a few common options): compile each distinct one once.
const validators = new Map<string, ValidateFunction>();
function compiled(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let v = validators.get(key);
    if (!v) validators.set(key, (v = ajv.compile(schema)));
    return v;
}

/**
 * The config the engine sends with Configure. `initialConfig` is the pack's own
 * (GetAnalyzerInfo), `userConfig` the config file's contents, `source` names the file in errors.
 */
export function reconcileConfig(
    policies: PolicyInfo[],
    initialConfig: Record<string, unknown>,
    userConfig: PolicyPackConfig | undefined,
    source = "policy pack config",
): Map<string, ResolvedPolicyConfig> {
    const result = new Map<string, ResolvedPolicyConfig>();
    for (const p of policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            const d = (s as { default?: unknown } | null)?.default;
            if (d !== undefined) properties[k] = d;
        }
        result.set(p.name, { enforcementLevel: p.defaultLevel, properties });
    }
    applyConfig(result, initialConfig, "the pack's initial config");
    if (userConfig) {
        checkPolicyNames(result, userConfig, source);
        for (const p of policies) {
            const entry = userConfig[p.name];
            if (entry && typeof entry === "object") {
                const { enforcementLevel: _level, ...options } = entry as Record<string, unknown>;
                checkOptions(p, options, source);
            }
        }
        applyConfig(result, userConfig, source);
    }
    for (const p of policies) {
        if (!p.configSchema) continue;
        const r = result.get(p.name)!;
        const schema = {
            type: "object",
            properties: { ...p.configSchema.properties, enforcementLevel: { type: "string", enum: [...LEVELS] } },
            required: p.configSchema.required,
        };
        let validate;
        try {
            validate = compiled(schema);
        } catch (e) {
            throw new UserError(`policy '${p.name}' has an invalid configSchema: ${(e as Error).message}`);
        }
        if (!validate({ ...r.properties, enforcementLevel: r.enforcementLevel })) {
            const err = validate.errors![0];
            const prop =
                err.instancePath.replace(/^\//, "").replace(/\//g, ".") ||
                (err.params as { missingProperty?: string }).missingProperty ||
                "(root)";
            throw new UserError(`${source}: policy '${p.name}': property '${prop}' ${err.message ?? "is invalid"}`);
        }
    }
    return result;
}
