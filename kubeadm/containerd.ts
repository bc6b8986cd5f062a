// containerd 2.x (config version 3) hardening: systemd cgroups, registries only through
// certs.d (approved mirrors), CRI streaming bound to localhost, AppArmor on, SELinux where the
// host enforces it, a pinned sandbox image, and the socket owned by root.
import type { NodePoolSpec } from "./spec";
import { PATHS } from "./documents";
import { renderToml, TomlValue } from "./toml";

const CRI_RUNTIME = ["plugins", "io.containerd.cri.v1.runtime"];
const CRI_IMAGES = ["plugins", "io.containerd.cri.v1.images"];
const CRI_GRPC = ["plugins", "io.containerd.grpc.v1.cri"];

export function containerdConfig(spec: NodePoolSpec): string {
    const c = spec.containerd;
    const tables: Array<[string[], Record<string, TomlValue>]> = [
        [[], { version: 3 }],
        [["grpc"], { address: "/run/containerd/containerd.sock", uid: 0, gid: 0 }],
        [CRI_RUNTIME, { enable_selinux: c.selinux, disable_apparmor: false, enable_unprivileged_ports: false, enable_unprivileged_icmp: false }],
        [[...CRI_RUNTIME, "containerd", "runtimes", "runc"], { runtime_type: "io.containerd.runc.v2" }],
        [[...CRI_RUNTIME, "containerd", "runtimes", "runc", "options"], { SystemdCgroup: true }],
        [[...CRI_IMAGES, "pinned_images"], { sandbox: c.sandboxImage }],
        [[...CRI_IMAGES, "registry"], { config_path: PATHS.containerdCertsDir }],
        [CRI_GRPC, { stream_server_address: "127.0.0.1", stream_server_port: "0", enable_tls_streaming: false }],
    ];
    // Escape hatch: `overrides.containerd["plugins.'x'.y"] = { key: value }` merges into a table.
    for (const [path, kv] of Object.entries(spec.overrides.containerd)) {
        const segs = splitPath(path);
        const existing = tables.find(([p]) => p.join("\u0000") === segs.join("\u0000"));
        if (existing) Object.assign(existing[1], kv);
        else tables.push([segs, kv as Record<string, TomlValue>]);
    }
    return renderToml(tables);
}

function splitPath(path: string): string[] {
    const out: string[] = [];
    const re = /\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z0-9_-]+))\s*(?:\.|$)/y;
    let m: RegExpExecArray | null;
    while (re.lastIndex < path.length && (m = re.exec(path))) out.push(m[1] ?? m[2] ?? m[3]);
    return out;
}

/** `/etc/containerd/certs.d/<registry>/hosts.toml` for each approved mirror set. */
export function registryHosts(spec: NodePoolSpec): Array<{ path: string; content: string }> {
    return Object.entries(spec.containerd.registryMirrors).map(([registry, mirrors]) => {
        const tables: Array<[string[], Record<string, TomlValue>]> = [[[], { server: `https://${registry}` }]];
        for (const m of mirrors) tables.push([["host", m], { capabilities: ["pull", "resolve"], skip_verify: false }]);
        return { path: `${PATHS.containerdCertsDir}/${registry}/hosts.toml`, content: renderToml(tables) };
    });
}
