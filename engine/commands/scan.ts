// `ksl scan PATH... --pack aks|onprem|DIR`: Kubernetes manifests checked by a real policy pack.
import { Command } from "commander";
import { loadManifests } from "../sources/manifests";
import type { RegisterCommand } from "./index";
import { collect, Format, formatOption, render, runPacks, writeReport } from "./shared";

export const registerScan: RegisterCommand = (program: Command, setExitCode) => {
    program
        .command("scan")
        .description("Check Kubernetes manifests (YAML/JSON files, directories, `-` for stdin) against a policy pack.")
        .argument("<paths...>", "manifest files or directories; - reads stdin")
        .requiredOption("--pack <pack>", "aks, onprem or a policy pack directory (repeatable)", collect)
        .option("--config <file>", "a --policy-pack-config JSON file (repeatable, one per pack)", collect)
        .addOption(formatOption())
        .option("--output <file>", "write the report to a file instead of stdout")
        .action(async (paths: string[], o: { pack: string[]; config?: string[]; format: Format; output?: string }) => {
            const resources = loadManifests(paths);
            const results = await runPacks({ packs: o.pack, configs: o.config ?? [], resources, stack: { stack: "scan", project: "manifests" } });
            writeReport(render(results, o.format), o.output, results);
            setExitCode(results.some((r) => r.blocked) ? 1 : 0);
        });
};
