// `ksl measures [--platform <platform>] [--layer L] [--format text|json|md]`: the measure catalog
// joined with the policies that enforce each measure, in significance order.
import { Command } from "commander";
import { UserError } from "../errors";
import type { RegisterCommand } from "./index";
import { PLATFORMS } from "../../policypacks/catalog/platforms";

const FORMATS = ["text", "json", "md"] as const;
const PLATFORM_CHOICES = PLATFORMS;

export const registerMeasures: RegisterCommand = (program: Command) => {
    program
        .command("measures")
        .description("List the measure catalog in significance order, with AKS/on-prem mechanisms and what enforces each measure.")
        .option("--platform <platform>", `only measures that apply on this platform (${PLATFORM_CHOICES.join(", ")})`)
        .option("--layer <layer>", "only measures of this layer")
        .option("--format <format>", `output format (${FORMATS.join(", ")})`, "text")
        .action(async (o: { platform?: string; layer?: string; format: string }) => {
            // Validated here rather than with commander's choices() so a bad value is one line, exit 2.
            const { LAYERS } = await import("../../policypacks/catalog/types");
            if (o.platform !== undefined && !(PLATFORM_CHOICES as readonly string[]).includes(o.platform)) {
                throw new UserError(`--platform ${o.platform}: unknown platform (use ${PLATFORM_CHOICES.join(", ")})`);
            }
            if (o.layer !== undefined && !(LAYERS as readonly string[]).includes(o.layer)) {
                throw new UserError(`--layer ${o.layer}: unknown layer (use ${LAYERS.join(", ")})`);
            }
            if (!(FORMATS as readonly string[]).includes(o.format)) {
                throw new UserError(`--format ${o.format}: unknown format (use ${FORMATS.join(", ")})`);
            }
            // Loaded on demand: only this command needs every policy and the catalog.
            const { catalogView, catalogMarkdown, catalogText } = await import("../catalog-view");
            const view = catalogView({
                platform: o.platform as (typeof PLATFORM_CHOICES)[number] | undefined,
                layer: o.layer as (typeof LAYERS)[number] | undefined,
            });
            const out =
                o.format === "json" ? JSON.stringify(view, null, 2) + "\n" : o.format === "md" ? catalogMarkdown(view) : catalogText(view);
            // Wait until the text is handed to the OS: the CLI calls process.exit() right after the
            // action, which would cut off piped output larger than the pipe buffer (64 KiB).
            await new Promise<void>((resolve, reject) => process.stdout.write(out, (e) => (e ? reject(e) : resolve())));
        });
};
