// `ksl`: the Kubernetes Security Library's command line. Each command lives in ./commands and
// registers itself on the program; exit codes: 0 clean, 1 unwaived mandatory violation, 2 error.
import { Command, CommanderError } from "commander";
import { commands } from "./commands";
import { UserError } from "./errors";

async function main(argv: string[]): Promise<number> {
    const program = new Command("ksl")
        .description("Kubernetes Security Library: measures, offline policy previews and manifest scans.")
        .exitOverride()
        .showHelpAfterError();
    let exitCode = 0;
    for (const register of commands) {
        register(program, (code) => {
            exitCode = Math.max(exitCode, code);
        });
    }
    try {
        await program.parseAsync(argv);
    } catch (e) {
        if (e instanceof CommanderError) {
            return e.exitCode === 0 ? 0 : 2;
        }
        if (e instanceof UserError) {
            process.stderr.write(`ksl: ${e.message}\n`);
            return 2;
        }
        process.stderr.write(`ksl: internal error: ${(e as Error)?.message ?? String(e)}\n`);
        return 2;
    }
    return exitCode;
}

main(process.argv).then(
    (code) => {
        if (process.env.KSL_REPORT_MEMORY) process.stderr.write(`ksl-peak-rss-kb=${process.resourceUsage().maxRSS}\n`);
        // Exit only once stdout has drained: a piped report must never be cut short.
        process.stdout.write("", () => process.exit(code));
    },
    (e) => {
        process.stderr.write(`ksl: ${(e as Error)?.message ?? String(e)}\n`);
        process.exit(2);
    },
);
