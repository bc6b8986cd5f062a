// `ksl`: the Kubernetes Security Library's command line. Each command lives in ./commands and
// registers itself on the program; exit codes: 0 clean, 1 unwaived mandatory violation, 2 error.
import { Command, CommanderError } from "commander";
import { commands } from "./commands";
import { UserError } from "./errors";
import { versionText } from "./version";

/**
 * One line, always: control characters (a newline in a file name, an escape sequence in a value)
 * are shown escaped, so an error can neither span lines nor rewrite the terminal.
 */
export function oneLine(text: string): string {
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
        const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
        return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    });
}

async function main(argv: string[]): Promise<number> {
    // Usage errors are one line and a hint (`ksl scan --help`), not the whole help text.
    let usageHint = "ksl --help";
    const program = new Command("ksl")
        .description("Kubernetes Security Library: measures, offline policy previews and manifest scans.")
        .version(versionText(), "-V, --version", "print the library, pack and @pulumi/policy versions")
        .exitOverride()
        .configureOutput({
            writeErr: (str) => {
                const line = str.split("\n").map((l) => l.trim()).find(Boolean);
                if (line) process.stderr.write(`ksl: ${oneLine(line.replace(/^error: /, ""))} (see ${usageHint})\n`);
            },
        });
    program.hook("preSubcommand", (_cmd, sub) => {
        usageHint = `ksl ${sub.name()} --help`;
    });
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
            process.stderr.write(`ksl: ${oneLine(e.message)}\n`);
            return 2;
        }
        process.stderr.write(`ksl: internal error: ${oneLine((e as Error)?.message ?? String(e))}\n`);
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
        process.stderr.write(`ksl: ${oneLine((e as Error)?.message ?? String(e))}\n`);
        process.exit(2);
    },
);
