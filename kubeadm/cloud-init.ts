// The cloud-init user-data that turns a plain VM into a hardened node of the pool: every
// document as write_files, kernel modules and sysctls, SSH hardening, then kubeadm init/join.
import { stringify } from "yaml";
import type { NodePoolSpec } from "./spec";
import { deepMerge, PATHS } from "./documents";

export interface WriteFile {
    path: string;
    content: string;
    permissions: string;
    owner?: string;
}

export function cloudConfig(spec: NodePoolSpec, files: WriteFile[]): string {
    const kubeadmCmd = spec.initControlPlane
        ? `kubeadm init --config ${PATHS.kubeadmConfig} --upload-certs`
        : `kubeadm join --config ${PATHS.kubeadmConfig}`;
    const doc: Record<string, unknown> = {
        // SSH key-only, no root login (CIS Linux 5.2.x): the node is managed through Kubernetes.
        ssh_pwauth: false,
        disable_root: true,
        package_update: true,
        write_files: files.map((f) => ({ path: f.path, content: f.content, permissions: f.permissions, owner: f.owner ?? "root:root" })),
        runcmd: [
            ["swapoff", "-a"],
            ["sed", "-i", "/\\sswap\\s/d", "/etc/fstab"],
            ["systemctl", "restart", "systemd-modules-load.service"],
            ["sysctl", "--system"],
            ["augenrules", "--load"],
            ["systemctl", "restart", "containerd"],
            ["chmod", "0600", PATHS.kubeletConfig],
            // The first run fires once etcd is up (the unit retries on the next period otherwise).
            ...(spec.controlPlane ? [["systemctl", "enable", "--now", "etcd-snapshot.timer"]] : []),
            ["sh", "-c", kubeadmCmd],
        ],
    };
    return "#cloud-config\n" + stringify(deepMerge(doc, spec.overrides.cloudConfig), { lineWidth: 0 });
}
