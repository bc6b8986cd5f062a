// `ksl scan PATH... --pack aks|onprem|DIR`: Kubernetes manifests checked by a real policy pack.
import { Command } from "commander";
import * as path from "path";
import { UserError } from "../errors";
import { prestart } from "../analyzer/run";
import { packTransport, resolvePack } from "../paths";
import { scanManifests } from "../sources/scan-paths";
import { loadState } from "../sources/state";
import type { RegisterCommand } from "./index";
import { collect, Format, formatOption, render, runPacks, writeReport } from "./shared";

export const registerScan: RegisterCommand = (program: Command, setExitCode) => {
    program
        .command("scan")
        .description(
            "Check Kubernetes manifests (YAML/JSON files, directories, `-` for stdin), Helm chart directories and kustomizations against a policy pack.",
        )
        .argument("[paths...]", "manifest files, directories, chart or kustomization directories; - reads stdin")
        .option("--state <file>", "a pulumi stack export (deployment v3): check what is deployed, as one stack")
        .requiredOption("--pack <pack>", "aks, onprem or a policy pack directory (repeatable)", collect)
        .option("--config <file>", "a --policy-pack-config JSON file (repeatable, one per pack)", collect)
        .addOption(formatOption())
        .option("--output <file>", "write the report to a file instead of stdout")
        .option("--namespace <ns>", "namespace of namespaced objects that name none (as kubectl apply -n / helm template -n)")
        .option("--helm-values <file>", "values file for chart directories (repeatable, later files win)", collect)
        .option("--release-name <name>", "release name for chart directories", "release")
        .action(async (paths: string[], o: { pack: string[]; config?: string[]; format: Format; output?: string; namespace?: string; helmValues?: string[]; releaseName: string; state?: string }) => {
            if (o.state) {
                if (paths.length) throw new UserError("--state reads a whole stack: give either manifest paths or --state, not both");
                const state = loadState(o.state);
                const results = await runPacks({ packs: o.pack, configs: o.config ?? [], resources: state.resources, notices: state.notices, stack: { stack: state.stack, project: state.project, dryRun: false } });
                writeReport(render(results, o.format, { programFile: path.resolve(o.state) }), o.output, results);
                setExitCode(results.some((r) => r.blocked) ? 1 : 0);
                return;
            }
            if (!paths.length) throw new UserError("nothing to scan: give manifest paths (or - for stdin), or --state FILE");
            const stack = { stack: "scan", project: "manifests" };
            // The first pack starts while the manifests are read and rendered (a pack that cannot be
            // resolved is left to runPacks, to report after any error in the manifests).
            try {
                prestart(resolvePack(o.pack[0]), stack, packTransport(o.pack[0]));
            } catch {
                // reported by runPacks
            }
            const { resources, notices } = scanManifests(paths, { namespace: o.namespace, helm: { valueFiles: o.helmValues, releaseName: o.releaseName } });
            const results = await runPacks({ packs: o.pack, configs: o.config ?? [], resources, notices, stack });
            writeReport(render(results, o.format), o.output, results);
            setExitCode(results.some((r) => r.blocked) ? 1 : 0);
        });
};
