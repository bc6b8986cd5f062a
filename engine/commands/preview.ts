// `ksl preview [--stack NAME] [--pack aks|onprem|DIR]`: what `pulumi preview --policy-pack` would
// report, offline: the stack's program runs under mocks and its resources go through the pack.
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { UserError } from "../errors";
import { defaultProject } from "../paths";
import { runProgram } from "../sources/program";
import type { RegisterCommand } from "./index";
import { collect, Format, formatOption, render, runPacks, writeReport } from "./shared";

export const registerPreview: RegisterCommand = (program: Command, setExitCode) => {
    program
        .command("preview")
        .description("Run a stack's Pulumi program under mocks and check its resources against a policy pack, as `pulumi preview --policy-pack` would.")
        .option("--stack <name>", "stack to preview (selects stacks/Pulumi.<name>.yaml)", process.env.PULUMI_STACK)
        .option("--dry-run", "as pulumi preview: outputs of resources being created are unknown (the default)")
        .option("--project <file>", "the Pulumi.yaml of the program (default: ./Pulumi.yaml, else the library's)")
        .option("--pack <pack>", "aks, onprem or a policy pack directory (repeatable; default: onprem for the onprem stack, else aks)", collect)
        .option("--config <file>", "a --policy-pack-config JSON file (repeatable, one per pack)", collect)
        .addOption(formatOption())
        .option("--output <file>", "write the report to a file instead of stdout")
        .option("--assume-known", "the update pass: every output known (believable values) instead of unknown as in pulumi preview")
        .action(async (o: { stack?: string; project?: string; pack?: string[]; config?: string[]; format: Format; output?: string; assumeKnown?: boolean }) => {
            if (!o.stack) throw new UserError("no stack selected: pass --stack <name> (e.g. aks, onprem, insecure)");
            const projectFile = o.project ?? defaultProject();
            const run = await runProgram({ project: projectFile, stack: o.stack, assumeKnown: o.assumeKnown === true });
            const packs = o.pack ?? [o.stack === "onprem" ? "onprem" : "aks"];
            const results = await runPacks({
                packs,
                configs: o.config ?? [],
                resources: run.resources,
                notices: run.notices,
                secrets: run.secretValues,
                stack: { stack: run.stack, project: run.project.name, organization: run.organization, config: run.config, secretKeys: run.secretKeys, dryRun: true },
            });
            // SARIF results need a file: the project file (also when --project names its directory).
            const programFile = fs.existsSync(projectFile) && fs.statSync(projectFile).isDirectory() ? path.join(projectFile, "Pulumi.yaml") : projectFile;
            writeReport(render(results, o.format, { programFile: path.resolve(programFile) }), o.output, results);
            setExitCode(results.some((r) => r.blocked) ? 1 : 0);
        });
};
