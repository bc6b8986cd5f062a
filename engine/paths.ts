// Where the library lives, from the TypeScript sources (engine/) or the bundle (dist/ksl.js).
import * as fs from "fs";
import * as path from "path";
import { UserError } from "./errors";
import { isPlatform, PLATFORM_INFO, PLATFORMS } from "../policypacks/catalog/platforms";

export function repoRoot(): string {
    let dir = __dirname;
    for (let i = 0; i < 6; i++) {
        if (fs.existsSync(path.join(dir, "policypacks")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
        dir = path.dirname(dir);
    }
    throw new UserError(`cannot locate the library's root directory from ${__dirname}`);
}

export const BUILT_IN_PACKS = PLATFORMS;

/** A platform id (`aks`, `onprem`) → its built pack directory; anything else is a pack directory path. */
export function resolvePack(spec: string): string {
    if (isPlatform(spec)) {
        const dir = path.join(repoRoot(), "policypacks", PLATFORM_INFO[spec].packDir);
        if (!fs.existsSync(path.join(dir, "dist", "index.js"))) {
            throw new UserError(`the ${spec} pack is not built (${path.join(dir, "dist", "index.js")} is missing): run npm run build`);
        }
        return dir;
    }
    const dir = path.resolve(spec);
    if (!fs.existsSync(dir)) throw new UserError(`--pack ${spec}: no such directory (use ${PLATFORMS.join(", ")} or a pack directory)`);
    return dir;
}

/**
 * How ksl serves a pack: the library's own packs (named by platform) in process, on a worker thread
 * (the same requests and responses without a socket); a pack directory in its own process over gRPC,
 * as the Pulumi CLI runs it. KSL_PACK_TRANSPORT=grpc serves the library's packs over gRPC too.
 */
export function packTransport(spec: string): "grpc" | "in-process" {
    if (process.env.KSL_PACK_TRANSPORT === "grpc") return "grpc";
    return isPlatform(spec) ? "in-process" : "grpc";
}

/**
 * The library's sample project (the stacks `ksl demo` previews), if present: the stacks come with a
 * clone of the repository, not with the npm package, which holds no program.
 */
function sampleProjectFile(): string | undefined {
    const root = repoRoot();
    return fs.existsSync(path.join(root, "stacks")) ? path.join(root, "Pulumi.yaml") : undefined;
}

export function sampleProject(): string {
    const file = sampleProjectFile();
    if (!file) throw new UserError("the sample stacks come with the repository, not with the npm package: clone it and run `npm start` there");
    return file;
}

/** The project file `ksl preview` uses: ./Pulumi.yaml if present, else (in a clone) the samples'. */
export function defaultProject(): string {
    const local = path.resolve("Pulumi.yaml");
    if (fs.existsSync(local)) return local;
    const sample = sampleProjectFile();
    if (sample) return sample;
    throw new UserError(`no Pulumi.yaml in ${process.cwd()}: run ksl preview in the program's directory, or give --project`);
}
