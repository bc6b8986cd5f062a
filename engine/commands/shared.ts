// What preview, scan and demo share: option parsing, progress, running packs and writing reports.
import * as fs from "fs";
import { Option } from "commander";
import { runPack } from "../analyzer/run";
import type { StackIdentity } from "../analyzer/process";
import { UserError } from "../errors";
import type { EngineResource, Notice, RunResult } from "../model";
import { renderJson } from "../report/json";
import { renderSarif, SarifOptions } from "../report/sarif";
import { renderText } from "../report/text";
import { renderJunit } from "../report/junit";
import { renderHtml } from "../report/html";
import { packTransport, resolvePack } from "../paths";
import { PLATFORMS } from "../../policypacks/catalog/platforms";
import { readConfigFile } from "../analyzer/config";
import { describeContext, namespaceContextOf } from "../../policypacks/lib/namespace-context";

export type Format = "text" | "json" | "sarif" | "junit" | "html";

export const formatOption = () => new Option("--format <format>", "report format").choices(["text", "json", "sarif", "junit", "html"]).default("text");
export const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/** A progress line on stderr, only when stderr is a terminal (never in pipes, files or CI logs). */
export function progress(label: string): { update: (done: number, total: number) => void; end: () => void } {
    const tty = process.stderr.isTTY === true;
    return {
        update: (done, total) => {
            if (tty) process.stderr.write(`\r${label}: ${done}/${total} resources`);
        },
        end: () => {
            if (tty) process.stderr.write("\r\x1b[K");
        },
    };
}

export interface PackRun {
    packs: string[];
    configs: string[];
    resources: EngineResource[];
    /** The source's notices, carried into every pack's report. */
    notices?: Notice[];
    /** Secret values outside the resources (decrypted stack config): masked in every report. */
    secrets?: string[];
    stack?: Partial<StackIdentity>;
}

/** Runs each pack (with its positional --config, as Pulumi pairs --policy-pack-config). */
export async function runPacks(run: PackRun): Promise<RunResult[]> {
    if (run.packs.length === 0) throw new UserError(`no policy pack: pass --pack ${PLATFORMS.join("|")}|DIR`);
    if (run.configs.length > 1 && run.configs.length !== run.packs.length) {
        throw new UserError(`${run.configs.length} --config files for ${run.packs.length} packs: give one per pack, in the same order, or a single one`);
    }
    const dirs = run.packs.map(resolvePack);
    const results: RunResult[] = [];
    // Packs run one after another: each already uses a core, and the order of reports stays stable.
    for (let i = 0; i < dirs.length; i++) {
        const p = progress(`ksl: ${run.packs[i]}`);
        try {
            results.push(
                await runPack({
                    packDir: dirs[i],
                    resources: run.resources,
                    config: run.configs[i] ?? run.configs[0],
                    stack: run.stack,
                    secrets: run.secrets,
                    onProgress: p.update,
                    transport: packTransport(run.packs[i]),
                }),
            );
            const config = run.configs[i] ?? run.configs[0];
            const notices = [...(run.notices ?? []), ...(config ? contextNotices(config) : [])];
            if (notices.length) results[results.length - 1].notices = notices;
            const peak = results[results.length - 1].packPeakRssKb;
            // For `npm run bench`: the pack's own peak memory, which the engine's rusage cannot see.
            if (process.env.KSL_REPORT_MEMORY && peak !== undefined) process.stderr.write(`pack-peak-rss-kb=${peak}\n`);
        } finally {
            p.end();
        }
    }
    return results;
}

/**
 * What a config file's namespace context contributes, once per source: the report says which facts
 * came from another stack rather than from this one.
 */
export function contextNotices(configFile: string): Notice[] {
    const bySource = new Map<string, { lines: string[]; policies: string[] }>();
    for (const [policy, entry] of Object.entries(readConfigFile(configFile))) {
        const ctx = namespaceContextOf(entry);
        if (!ctx) continue;
        const source = ctx.source ?? "namespaceContext";
        const seen = bySource.get(source) ?? { lines: describeContext(ctx), policies: [] };
        seen.policies.push(policy);
        bySource.set(source, seen);
    }
    return [...bySource].map(([source, { lines, policies }]) => ({
        kind: "context" as const,
        subject: `${configFile}: ${source}`,
        message: `namespaces of another stack, used by ${policies.length} polic${policies.length === 1 ? "y" : "ies"} as if they were in this stack: ${lines.join("; ")}`,
    }));
}

export function render(results: RunResult[], format: Format, sarif: SarifOptions = {}): string {
    switch (format) {
        case "json":
            return renderJson(results);
        case "sarif":
            return renderSarif(results, sarif);
        case "junit":
            return renderJunit(results);
        case "html":
            return renderHtml(results);
        default:
            return results.map(renderText).join("\n");
    }
}

export function writeReport(text: string, output: string | undefined, results: RunResult[]): void {
    if (!output) {
        process.stdout.write(text);
        return;
    }
    try {
        fs.writeFileSync(output, text);
    } catch (e) {
        throw new UserError(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const blocked = results.some((r) => r.blocked);
    process.stderr.write(`ksl: report written to ${output}; ${blocked ? "BLOCKED (mandatory violations)" : "PASSED"}\n`);
}
