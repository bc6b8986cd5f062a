// `ksl demo` (what `npm start` runs): previews the sample stacks with the packs built from this
// repository and explains the outcome - hardened stacks pass, the insecure one is blocked.
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { UserError } from "../errors";
import { isBlocking, RunResult } from "../model";
import { sampleProject } from "../paths";
import { summarize } from "../report/summary";
import { readProject, runProgram, stackConfigFile } from "../sources/program";
import type { RegisterCommand } from "./index";
import { runPacks } from "./shared";
import { PLATFORMS } from "../../policypacks/catalog/platforms";

const SAMPLES: Array<{ stack: string; packs: string[]; expect: "clean" | "blocked"; what: string }> = [
    { stack: "aks", packs: ["aks"], expect: "clean", what: "a hardened AKS cluster (HardenedAKSCluster + HardenedNamespace)" },
    { stack: "onprem", packs: ["onprem"], expect: "clean", what: "a hardened on-premise cluster (OnPremNodePool + HardenedNamespace)" },
    { stack: "insecure", packs: [...PLATFORMS], expect: "blocked", what: "a deliberately insecure example" },
];

function line(r: RunResult): string {
    const s = summarize(r);
    const top = r.violations
        .filter(isBlocking)
        .map((v) => v.policy)
        .filter((p, i, a) => a.indexOf(p) === i);
    const list = top.length ? `; blocking policies: ${top.slice(0, 6).join(", ")}${top.length > 6 ? `, +${top.length - 6} more` : ""}` : "";
    return `    ${r.pack.name}@v${r.pack.version}: ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.waived} waived → ${s.verdict.toUpperCase()}${list}`;
}

export const registerDemo: RegisterCommand = (program: Command, setExitCode) => {
    program
        .command("demo")
        .description("Preview the sample stacks (aks, onprem, insecure) offline with the real packs and summarise the outcome.")
        .action(async () => {
            const project = readProject(sampleProject());
            const say = (s: string) => process.stdout.write(s + "\n");
            say("Kubernetes Security Library - offline demo");
            say("Each sample stack's program runs under Pulumi's mocks; its resources go through the policy packs over the");
            say("analyzer gRPC protocol exactly as `pulumi preview --policy-pack` would. Mandatory violations block a preview.");
            let ok = true;
            let errors = 0;
            let ran = 0;
            for (const sample of SAMPLES) {
                say("");
                say(`Stack '${sample.stack}': ${sample.what}. Expected: ${sample.expect === "clean" ? "no mandatory violation" : "blocked"}.`);
                if (!fs.existsSync(stackConfigFile(project, sample.stack))) {
                    say(`    skipped: ${path.relative(process.cwd(), stackConfigFile(project, sample.stack))} does not exist yet`);
                    continue;
                }
                try {
                    const run = await runProgram({ project: project.dir, stack: sample.stack });
                    const results = await runPacks({
                        packs: sample.packs,
                        configs: [],
                        resources: run.resources,
                        stack: { stack: run.stack, project: project.name, organization: run.organization, config: run.config, dryRun: true },
                    });
                    ran++;
                    say(`    ${run.resources.length - 1} resources`);
                    for (const r of results) say(line(r));
                    const blocked = results.some((r) => r.blocked);
                    const met = sample.expect === "clean" ? !blocked : results.every((r) => r.blocked);
                    if (!met) ok = false;
                    say(
                        met
                            ? `    as expected${sample.expect === "blocked" ? ": `pulumi preview` would fail before anything is deployed" : ""}`
                            : `    NOT as expected: see \`ksl preview --stack ${sample.stack}${sample.packs.length === 1 ? ` --pack ${sample.packs[0]}` : ""}\``,
                    );
                } catch (e) {
                    if (!(e instanceof UserError)) throw e;
                    errors++;
                    say(`    error: ${e.message}`);
                }
            }
            say("");
            if (ran === 0 && errors === 0) say("No sample stack exists yet; nothing to preview.");
            else if (errors) say(`${errors} stack(s) could not be previewed.`);
            else say(ok ? "All sample stacks behaved as expected." : "Some sample stacks did not behave as expected.");
            say(`Next: \`ksl preview --stack <name> [--format json|sarif]\`, \`ksl scan <manifests> --pack ${PLATFORMS.join("|")}\`.`);
            setExitCode(errors ? 2 : ok ? 0 : 1);
        });
};
