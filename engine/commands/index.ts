// Every ksl command. A command registers itself on the program and reports its exit code.
import type { Command } from "commander";

export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

export const commands: RegisterCommand[] = [];
