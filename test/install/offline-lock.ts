// A package-lock.json for an empty project that installs the packed library (and the packages a
// Pulumi program needs beside it) from the local npm cache alone: every package comes from the
// repository's own lockfile, so `npm ci --offline` finds each tarball in the cache by its integrity
// and never asks the registry (whose metadata `npm install --offline` would need).
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

interface LockEntry {
    version?: string;
    resolved?: string;
    integrity?: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    bin?: Record<string, string>;
    [k: string]: unknown;
}

/** Where Node would find `name` from the package at `from` (a lockfile path), or undefined. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
    let dir = from;
    for (;;) {
        const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
        if (packages[candidate]) return candidate;
        if (!dir) return undefined;
        const i = dir.lastIndexOf("/node_modules/");
        dir = i >= 0 ? dir.slice(0, i) : "";
    }
}

/**
 * The lock of a project depending on `tarball` (the packed library) and on `extra` packages of
 * the repository's lock, by name. Optional peers are not followed, as npm does not install them.
 */
export function offlineLock(repoLockFile: string, tarball: string, projectDir: string, extra: string[]): { lock: object; dependencies: Record<string, string> } {
    const repo = JSON.parse(fs.readFileSync(repoLockFile, "utf8")) as { packages: Record<string, LockEntry> };
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(repoLockFile), "package.json"), "utf8")) as LockEntry & { name: string; version: string };
    const packages = repo.packages;
    const keep = new Map<string, LockEntry>();
    const want = (from: string, deps: Record<string, string> | undefined, optional: Set<string> = new Set()) => {
        for (const name of Object.keys(deps ?? {})) {
            if (optional.has(name)) continue;
            const at = resolveIn(packages, from, name);
            if (!at) throw new Error(`${name} (needed by ${from || "the project"}) is not in ${repoLockFile}`);
            if (keep.has(at)) continue;
            const entry = { ...packages[at] };
            delete entry.dev;
            delete entry.devOptional;
            delete entry.peer;
            keep.set(at, entry);
            const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
            want(at, { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies }, optionalPeers);
        }
    };
    // The library's own runtime dependencies and its required peers.
    const libPeers = new Set(Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
    want("", { ...pkg.dependencies, ...pkg.peerDependencies }, libPeers);
    want("", Object.fromEntries(extra.map((n) => [n, "*"])));
    const integrity = `sha512-${createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
    const relTarball = path.relative(projectDir, tarball).split(path.sep).join("/");
    const dependencies: Record<string, string> = { [pkg.name]: `file:${relTarball}` };
    for (const n of extra) dependencies[n] = packages[`node_modules/${n}`].version!;
    const lib: LockEntry = {
        version: pkg.version,
        resolved: `file:${relTarball}`,
        integrity,
        license: pkg.license,
        dependencies: pkg.dependencies,
        peerDependencies: pkg.peerDependencies,
        peerDependenciesMeta: pkg.peerDependenciesMeta,
        bin: pkg.bin,
        engines: pkg.engines,
    };
    const lockPackages: Record<string, LockEntry> = { "": { name: "app", version: "1.0.0", dependencies }, [`node_modules/${pkg.name}`]: lib };
    for (const [at, entry] of [...keep].sort(([a], [b]) => a.localeCompare(b))) lockPackages[at] = entry;
    return { lock: { name: "app", version: "1.0.0", lockfileVersion: 3, requires: true, packages: lockPackages }, dependencies };
}
