// `ksl --version`: the library's version, each pack's, and the @pulumi/policy the packs run on -
// what a bug report needs.
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./paths";
import { PLATFORM_INFO, PLATFORMS } from "../policypacks/catalog/platforms";

function versionOf(file: string): string {
    try {
        const v = JSON.parse(fs.readFileSync(file, "utf8")).version;
        return typeof v === "string" ? v.replace(/^v/, "") : "unknown";
    } catch {
        return "unknown";
    }
}

export function versionText(): string {
    const root = repoRoot();
    const lines = [`k8s-security-library ${versionOf(path.join(root, "package.json"))}`];
    for (const p of PLATFORMS) {
        const info = PLATFORM_INFO[p];
        lines.push(`${info.packName} ${versionOf(path.join(root, "policypacks", info.packDir, "package.json"))}`);
    }
    let policy = "unknown";
    try {
        policy = versionOf(require.resolve("@pulumi/policy/package.json", { paths: [root] }));
    } catch {
        // not installed: the packs cannot run either, which the other commands say
    }
    lines.push(`@pulumi/policy ${policy}`);
    return lines.join("\n");
}
