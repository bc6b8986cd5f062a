// `ksl config --platform <platform>`: writes a Pulumi `--policy-pack-config` JSON that makes the
// policies of the most significant measures (or of chosen layers / hexad goals) mandatory and the
// rest advisory, states another stack's namespaces as context (`--context-from`) and lists the
// registries a stack pulls from (`--allowed-registries-from`). The file works for
// `pulumi preview --policy-pack-config` and `ksl --config`.
import * as fs from "fs";
import { Command, Option } from "commander";
import { UserError } from "../errors";
import type { EnforcementLevel, PolicyInfo } from "../model";
import type { RegisterCommand } from "./index";
import { PLATFORMS, type Platform } from "../../policypacks/catalog/platforms";

export interface ConfigSelection {
    platform: Platform;
    /** Make the policies of the N most significant measures (that this pack enforces) mandatory. */
    mandatoryTop?: number;
    /** Only policies of these layers are candidates for mandatory. */
    layers?: string[];
    /** Only policies protecting one of these hexad goals are candidates for mandatory. */
    hexad?: string[];
}

/** Policy name → level, in significance order of the policies' measures. */
export async function generateConfig(sel: ConfigSelection): Promise<Record<string, "mandatory" | "advisory" | { enforcementLevel: "advisory"; blockAdmissionViolations: false }>> {
    // Loaded on demand: the catalog and every policy are only needed by this command.
    const { packPolicies } = await import("../../policypacks/packs");
    const { measures } = await import("../../policypacks/catalog");
    const { LAYERS, HEXAD_GOALS } = await import("../../policypacks/catalog/types");
    for (const l of sel.layers ?? []) {
        if (!(LAYERS as readonly string[]).includes(l)) throw new UserError(`--layer ${l}: unknown layer (use ${LAYERS.join(", ")})`);
    }
    for (const g of sel.hexad ?? []) {
        if (!(HEXAD_GOALS as readonly string[]).includes(g)) throw new UserError(`--hexad ${g}: unknown goal (use ${HEXAD_GOALS.join(", ")})`);
    }
    const rank = new Map(measures.map((m) => [m.id, m.significance]));
    const policies = [...packPolicies(sel.platform)].sort(
        (a, b) => (rank.get(a.ksl.measure) ?? Infinity) - (rank.get(b.ksl.measure) ?? Infinity) || a.name.localeCompare(b.name),
    );
    const candidate = (p: (typeof policies)[number]) =>
        (!sel.layers?.length || sel.layers.includes(p.ksl.layer)) && (!sel.hexad?.length || p.ksl.hexad.some((h) => sel.hexad!.includes(h)));
    const candidates = policies.filter(candidate);
    let mandatoryMeasures: Set<string>;
    if (sel.mandatoryTop !== undefined) {
        // Ranks among the measures this pack enforces: measures enforced only by guidance or
        // components have no policy to make mandatory.
        const ordered = candidates.map((p) => p.ksl.measure).filter((m, i, a) => a.indexOf(m) === i);
        mandatoryMeasures = new Set(ordered.slice(0, sel.mandatoryTop));
    } else {
        mandatoryMeasures = new Set(candidates.map((p) => p.ksl.measure));
    }
    const out: Record<string, "mandatory" | "advisory" | { enforcementLevel: "advisory"; blockAdmissionViolations: false }> = {};
    for (const p of policies) {
        const level = candidate(p) && mandatoryMeasures.has(p.ksl.measure) ? "mandatory" : "advisory";
        // An advisory Pod Security policy stays advisory even where the namespace's label would make
        // its finding block (the roll-out says so explicitly).
        const pss = "blockAdmissionViolations" in ((p.configSchema?.properties ?? {}) as object);
        out[p.name] = level === "advisory" && pss ? { enforcementLevel: "advisory", blockAdmissionViolations: false } : level;
    }
    return out;
}

type ConfigEntry = "mandatory" | "advisory" | Record<string, unknown>;

/** Adds options to a policy's entry, keeping a level already chosen for it. */
function withOptions(entry: ConfigEntry | undefined, options: Record<string, unknown>): Record<string, unknown> {
    if (typeof entry === "string") return { enforcementLevel: entry, ...options };
    return { ...(entry ?? {}), ...options };
}

/**
 * The `namespaceContext` option for every policy of the pack that reads namespace objects (those
 * whose configSchema declares it), from another stack's export or manifests.
 */
export async function contextConfig(platform: Platform, paths: string[]): Promise<{ config: Record<string, Record<string, unknown>>; namespaces: string[]; policies: number }> {
    const { packPolicies } = await import("../../policypacks/packs");
    const { contextFromObjects, describeContext } = await import("../../policypacks/lib/namespace-context");
    const { readPlatformObjects } = await import("../sources/platform-objects");
    const { objects, source } = readPlatformObjects(paths);
    const context = contextFromObjects(objects, source);
    if (!context.objects.some((o) => o.kind === "Namespace")) {
        throw new UserError(`${paths.join(", ")}: no Namespace found (a context states facts about the platform stack's namespaces)`);
    }
    const config: Record<string, Record<string, unknown>> = {};
    for (const p of packPolicies(platform)) {
        if ((p.configSchema?.properties as Record<string, unknown> | undefined)?.namespaceContext) config[p.name] = { namespaceContext: context };
    }
    return { config, namespaces: describeContext(context), policies: Object.keys(config).length };
}

/**
 * The registries the pod-carrying objects of a scan or stack export pull from, as
 * restrict-image-registries entries: registry hosts, and Docker Hub by namespace (trusting all of
 * Docker Hub would trust every public account).
 */
export async function registriesFrom(paths: string[]): Promise<{ registries: string[]; images: number }> {
    const { imagesOf } = await import("../../policypacks/policies/kubernetes/supply-chain/image-ref");
    const { readPlatformObjects } = await import("../sources/platform-objects");
    const { k8sType } = await import("../../policypacks/lib/k8s");
    const { objects } = readPlatformObjects(paths);
    const registries = new Set<string>();
    let images = 0;
    for (const o of objects) {
        for (const u of imagesOf(k8sType(String(o.apiVersion), String(o.kind)), o)) {
            if (!u.ref) continue;
            images++;
            registries.add(u.ref.registry === "docker.io" ? `docker.io/${u.ref.repository.split("/")[0]}` : u.ref.registry);
        }
    }
    if (images === 0) throw new UserError(`${paths.join(", ")}: no container image found`);
    return { registries: [...registries].sort(), images };
}

/**
 * Checks a `--policy-pack-config` file against the library's packs without scanning: every key a
 * policy of the pack(s), every option in that policy's configSchema, every value valid.
 */
export async function validateConfigFile(file: string, platforms: readonly Platform[]): Promise<string> {
    const { packPolicies, PACK_NAMES } = await import("../../policypacks/packs");
    const { readConfigFile, reconcileConfig } = await import("../analyzer/config");
    const config = readConfigFile(file);
    const policies = platforms.map((platform) => {
        const infos = packPolicies(platform).map((p) => ({
            name: p.name,
            defaultLevel: (p.enforcementLevel ?? "advisory") as EnforcementLevel,
            configSchema: { properties: (p.configSchema?.properties ?? {}) as Record<string, unknown>, required: p.configSchema?.required ?? [] },
        }));
        return { platform, infos: infos as unknown as PolicyInfo[] };
    });
    for (const { infos } of policies) reconcileConfig(infos, {}, config, file);
    const names = Object.keys(config).filter((k) => k !== "all");
    return `${file}: valid for ${platforms.map((p) => PACK_NAMES[p]).join(" and ")} (${names.length} polic${names.length === 1 ? "y" : "ies"} configured${"all" in config ? `, all: ${JSON.stringify(config.all)}` : ""})`;
}

/**
 * A `--policy-pack-config` object that exempts, per policy, every object with an unwaived
 * mandatory finding in the given JSON reports (`ksl scan|preview --format json`): for adopting the
 * gate on vendored manifests and rendered charts, so that only new findings block.
 */
export async function exemptCurrentFindings(reportFiles: string[], justification: string, expires: string): Promise<{ config: Record<string, { exemptions: Array<Record<string, string>> }>; count: number; skipped: number }> {
    const { checkWaiverValue } = await import("../../policypacks/lib/waivers");
    const v = checkWaiverValue(`expires=${expires}; justification=${justification}`);
    if (v.kind === "invalid") throw new UserError(`--justification/--expires: the exemptions ${v.reason}`);
    const config: Record<string, { exemptions: Array<Record<string, string>> }> = {};
    const seen = new Set<string>();
    let count = 0;
    let skipped = 0;
    for (const file of reportFiles) {
        let parsed: unknown;
        try {
            parsed = JSON.parse(fs.readFileSync(file, "utf8"));
        } catch (e) {
            throw new UserError(`${file}: not a ksl JSON report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split("\n")[0]})`);
        }
        const reports = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ reportVersion?: unknown; violations?: unknown }>;
        for (const r of reports) {
            if (r?.reportVersion !== 1 || !Array.isArray(r.violations)) throw new UserError(`${file}: not a ksl JSON report (ksl scan --format json)`);
            for (const x of r.violations as Array<{ policy: string; enforcementLevel: string; waived: boolean; resource: { type: string; name: string; namespace: string | null } }>) {
                if (x.waived || x.enforcementLevel !== "mandatory") continue;
                if (!x.resource?.type || x.resource.type === "pulumi:pulumi:Stack") {
                    skipped++;
                    continue;
                }
                const kind = x.resource.type.slice(x.resource.type.lastIndexOf(":") + 1);
                // Rendered objects are named "<prefix>:<ns>/<name>" by previews: exempt by object name.
                const name = x.resource.name.split(":").pop()!.split("/").pop()!;
                const entry: Record<string, string> = { kind, ...(x.resource.namespace ? { namespace: x.resource.namespace } : {}), name, justification, expires };
                const key = JSON.stringify([x.policy, entry]);
                if (seen.has(key)) continue;
                seen.add(key);
                (config[x.policy] ??= { exemptions: [] }).exemptions.push(entry);
                count++;
            }
        }
    }
    return { config, count, skipped };
}

export const registerConfig: RegisterCommand = (program: Command) => {
    const config = program.command("config");
    config
        .command("validate")
        .description("Check a --policy-pack-config JSON file (policy names, options, values) without scanning.")
        .argument("<file>", "the config file")
        .addOption(new Option("--platform <platform>", "the pack it is for (default: both)").choices([...PLATFORMS]))
        .action(async (file: string, o: { platform?: Platform }) => {
            process.stdout.write((await validateConfigFile(file, o.platform ? [o.platform] : PLATFORMS)) + "\n");
        });
    config
        .description("Write a --policy-pack-config JSON: policies of the most significant measures (or chosen layers / hexad goals) mandatory, the rest advisory; the namespaces of another stack as context; the registries a stack pulls from.")
        .addOption(new Option("--platform <platform>", "the pack the config is for (required)").choices([...PLATFORMS]))
        .option("--mandatory-top <n>", "make the policies of the N most significant measures mandatory", (v) => {
            const n = Number(v);
            if (!Number.isInteger(n) || n < 0) throw new UserError(`--mandatory-top ${v}: expected a whole number`);
            return n;
        })
        .option("--layer <layers...>", "only policies of these layers become mandatory")
        .option("--hexad <goals...>", "only policies protecting these hexad goals become mandatory")
        .option("--output <file>", "write to a file instead of stdout")
        .option("--context-from <paths...>", "state the namespaces of another stack (a pulumi stack export .json, or its manifests) to the policies that read namespace objects")
        .option("--allowed-registries-from <paths...>", "set restrict-image-registries' allowedRegistries to the registries a stack export or manifests pull from")
        .option("--exempt-current <reports...>", "instead: exempt every object with a mandatory finding in these JSON reports (ksl scan --format json)")
        .option("--justification <text>", "with --exempt-current: why these objects may keep their findings")
        .option("--expires <date>", "with --exempt-current: YYYY-MM-DD, at most 366 days ahead")
        .action(async (o: { platform?: Platform; mandatoryTop?: number; layer?: string[]; hexad?: string[]; output?: string; contextFrom?: string[]; allowedRegistriesFrom?: string[]; exemptCurrent?: string[]; justification?: string; expires?: string }) => {
            const write = (text: string, summary: string) => {
                if (!o.output) return void process.stdout.write(text);
                try {
                    fs.writeFileSync(o.output, text);
                } catch (e) {
                    throw new UserError(`cannot write ${o.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
                }
                process.stderr.write(`ksl: wrote ${o.output}: ${summary}\n`);
            };
            if (o.exemptCurrent) {
                if (!o.justification || !o.expires) throw new UserError("--exempt-current needs --justification <text> and --expires YYYY-MM-DD");
                const { config, count, skipped } = await exemptCurrentFindings(o.exemptCurrent, o.justification, o.expires);
                write(JSON.stringify(config, null, 2) + "\n", `${count} exemptions in ${Object.keys(config).length} policies${skipped ? ` (${skipped} stack-level findings cannot be exempted by object)` : ""}`);
                return;
            }
            if (!o.platform) throw new UserError("required option '--platform <platform>' not specified (aks or onprem; see ksl config --help)");
            const levels = o.mandatoryTop !== undefined || !!o.layer?.length || !!o.hexad?.length;
            if (!levels && !o.contextFrom && !o.allowedRegistriesFrom) {
                throw new UserError("choose what to write: --mandatory-top N, --layer L... and/or --hexad G... (levels), --context-from (namespace context), --allowed-registries-from (trusted registries)");
            }
            const config: Record<string, ConfigEntry> = levels ? await generateConfig({ platform: o.platform, mandatoryTop: o.mandatoryTop, layers: o.layer, hexad: o.hexad }) : {};
            const said: string[] = [];
            if (levels) {
                const n = Object.values(config).filter((l) => l === "mandatory").length;
                said.push(`${n} mandatory, ${Object.keys(config).length - n} advisory policies`);
            }
            if (o.contextFrom) {
                const ctx = await contextConfig(o.platform, o.contextFrom);
                for (const [name, options] of Object.entries(ctx.config)) config[name] = withOptions(config[name], options);
                said.push(`namespace context for ${ctx.policies} policies (${ctx.namespaces.join("; ")})`);
            }
            if (o.allowedRegistriesFrom) {
                const { registries, images } = await registriesFrom(o.allowedRegistriesFrom);
                config["restrict-image-registries"] = withOptions(config["restrict-image-registries"], { allowedRegistries: registries });
                said.push(`allowedRegistries ${registries.join(", ")} (from ${images} images): review the list, it trusts every registry those images came from`);
            }
            write(JSON.stringify(config, null, 2) + "\n", said.join("; "));
        });
};
