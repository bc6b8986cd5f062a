import { onpremPolicy, show } from "./lib/check";
import type { TomlEntry } from "../../../kubeadm/toml";

const LOCAL = ["127.0.0.1", "::1", "localhost", ""];

function find(entries: TomlEntry[], key: string): TomlEntry[] {
    return entries.filter((e) => e.key === key);
}

function pinned(image: string): boolean {
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
    const last = image.split("/").pop() ?? "";
    return last.includes(":") && !/:latest$/.test(last);
}

/** CIS containerd: the runtime's attack surface on the node. */
export const onpremContainerdHardening = onpremPolicy(
    {
        name: "onprem-containerd-hardening",
        measure: "infrastructure.container-runtime-hardening",
        description:
            "containerd must keep its CRI streaming server on localhost (`stream_server_address`), keep AppArmor on, use the systemd cgroup driver the kubelet uses, pin the sandbox (pause) image, verify registry TLS and configure registries through `config_path` host files rather than inline mirrors. A streaming server on a routable address exposes exec sessions; skipped TLS verification lets anyone on the path swap images.",
        severity: "high",
        remediationSteps:
            "In /etc/containerd/config.toml set `stream_server_address = \"127.0.0.1\"`, `disable_apparmor = false`, `SystemdCgroup = true`, a pinned sandbox image (`pinned_images.sandbox` or `sandbox_image` with a version tag or digest), and `config_path = \"/etc/containerd/certs.d\"` with https mirrors in hosts.toml; never `insecure_skip_verify`/`skip_verify = true`.",
    },
    {
        toml: (t, _c, report) => {
            const isHosts = /hosts\.toml$/.test(t.path);
            for (const e of [...find(t.entries, "skip_verify"), ...find(t.entries, "insecure_skip_verify")]) {
                if (e.value === true) report(`${[...e.table, e.key].join(".")}=true: registry TLS is not verified.`);
            }
            if (isHosts) {
                for (const e of find(t.entries, "server")) if (typeof e.value === "string" && /^http:\/\//.test(e.value)) report(`server=${show(e.value)}: images pulled over plain HTTP.`);
                const hosts = new Set(t.entries.filter((e) => e.table[0] === "host" && e.table.length >= 2).map((e) => e.table[1]));
                for (const h of hosts) if (/^http:\/\//.test(h)) report(`host ${show(h)}: images pulled over plain HTTP.`);
                return;
            }
            if (!/config\.toml$/.test(t.path)) return;
            for (const e of find(t.entries, "stream_server_address")) {
                if (typeof e.value !== "string" || !LOCAL.includes(e.value)) report(`stream_server_address=${show(e.value)}: the CRI streaming server (exec, attach, port-forward) must listen on 127.0.0.1.`);
            }
            for (const e of find(t.entries, "disable_apparmor")) if (e.value === true) report(`disable_apparmor=true: containers run without their AppArmor profile.`);
            for (const e of find(t.entries, "SystemdCgroup")) if (e.value === false) report(`SystemdCgroup=false: two cgroup managers on a systemd host make resource limits unreliable.`);
            const sandbox = [...find(t.entries, "sandbox_image"), ...t.entries.filter((e) => e.key === "sandbox" && e.table[e.table.length - 1] === "pinned_images")];
            for (const e of sandbox) if (typeof e.value !== "string" || !pinned(e.value)) report(`sandbox image ${show(e.value)} is not pinned to a version tag or digest.`);
            if (t.entries.some((e) => e.table.includes("registry") && e.table.includes("mirrors"))) {
                report(`registry.mirrors is configured inline (deprecated); use config_path = "/etc/containerd/certs.d" with hosts.toml files.`);
            }
        },
    },
);
