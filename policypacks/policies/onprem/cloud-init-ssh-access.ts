import { onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";

const truthy = (v: unknown) => v === true || v === "true" || v === "yes" || v === "True";
const falsy = (v: unknown) => v === false || v === "false" || v === "no" || v === "False";

/** Nodes are reached with keys (or not at all); no passwords in user-data. */
export const onpremCloudInitSshAccess = onpremPolicy(
    {
        name: "onprem-cloud-init-ssh-access",
        measure: "infrastructure.node-ssh-access",
        description:
            "Node cloud-init user-data must keep SSH key-only: no password authentication (`ssh_pwauth`), no root login (`disable_root: false`) and no passwords set through `chpasswd` or `users[].passwd`/`plain_text_passwd`/`hashed_passwd` or an unlocked password. Passwords in user-data are readable by anyone with access to the VM's metadata and allow brute force against every node.",
        severity: "high",
        remediationSteps: "Set `ssh_pwauth: false` and `disable_root: true`, give users `ssh_authorized_keys` with `lock_passwd: true`, and remove `chpasswd` and password fields.",
    },
    {
        cloudConfig: (c, _cfg, report) => {
            const doc = c.doc;
            if (truthy(doc.ssh_pwauth)) report(`ssh_pwauth=${show(doc.ssh_pwauth)}: SSH password authentication is on.`);
            if (falsy(doc.disable_root)) report(`disable_root=${show(doc.disable_root)}: root can log in over SSH.`);
            if (doc.chpasswd !== undefined && doc.chpasswd !== null) report(`chpasswd sets passwords (values not shown).`);
            const users = Array.isArray(doc.users) ? doc.users : [];
            users.forEach((u: unknown, i: number) => {
                if (!isObject(u)) return;
                const name = typeof u.name === "string" ? u.name : `#${i}`;
                for (const f of ["passwd", "plain_text_passwd", "hashed_passwd"]) {
                    if (u[f] !== undefined) report(`users "${name}" sets ${f} (value not shown).`);
                }
                if (falsy(u.lock_passwd)) report(`users "${name}" lock_passwd=false: password login stays possible.`);
            });
        },
    },
);
