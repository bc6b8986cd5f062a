// Every ksl command. A command registers itself on the program and reports its exit code.
// To add a command: write engine/commands/<name>.ts exporting a RegisterCommand, add it below.
import type { Command } from "commander";
import { registerPreview } from "./preview";
import { registerScan } from "./scan";
import { registerDemo } from "./demo";
import { registerConfig } from "./config";
import { registerMeasures } from "./measures";

export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

export const commands: RegisterCommand[] = [
    registerPreview,
    registerScan,
    registerConfig,
    registerDemo,
    registerMeasures,
];
