import { resourcePolicy } from "../../../lib/policy";
import { asArray, isObject, T } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES, podsOf } from "../../../lib/pod-specs";
import { plain, UNKNOWN } from "../../../lib/props";
import { containerLabel } from "./hardening-helpers";
import { knownContainers, noteUnknownPod, Path, podSpecPathOf, rawAt, Unknowns } from "../../../lib/preview-unknowns";
import { showValue } from "../../../lib/format";

interface Config {
    minimumContainerPort: number;
    allowedPorts: number[];
    sshPorts: number[];
}

function numbers(v: unknown): number[] {
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number" && Number.isInteger(x)) : [];
}

/**
 * Containers listen on unprivileged ports and nothing serves SSH (kube-linter
 * privileged-ports and ssh-port, kubescape C-0042). Measure workload.capabilities: binding a port
 * below 1024 takes root or NET_BIND_SERVICE, and an sshd needs root or SETUID/SETGID/SYS_CHROOT to
 * switch users - exactly the privileges that measure has containers drop.
 */
export const disallowPrivilegedAndSshPorts = resourcePolicy<Config>(
    {
        name: "disallow-privileged-and-ssh-ports",
        measure: "workload.capabilities",
        description:
            "Containers must not declare a containerPort below minimumContainerPort (1024) unless it is in allowedPorts, and no container port, Service port or Service targetPort may be an SSH port (sshPorts, default 22; a targetPort named `ssh` counts too). Binding a privileged port needs root or the NET_BIND_SERVICE capability, so a service on port 80 keeps a capability every other container drops; an SSH server in a pod needs root or user-switching capabilities and opens a login path that bypasses Kubernetes authentication, RBAC and audit, which `kubectl exec` would go through. Windows pods are exempt from the privileged-port rule (Windows has no privileged ports).",
        severity: "low",
        remediationSteps:
            "Listen on a port of 1024 or above (e.g. 8080) and map the well-known port in the Service (port: 80, targetPort: 8080), so the container can drop ALL capabilities. Remove the SSH server from the image and the SSH port from containers and Services; use `kubectl exec` or `kubectl debug` under an audited operator role instead.",
        configSchema: {
            properties: {
                minimumContainerPort: { type: "integer", minimum: 1, default: 1024, description: "Lowest containerPort allowed without listing it in allowedPorts." },
                allowedPorts: { type: "array", items: { type: "integer" }, default: [], description: "Privileged ports allowed anyway (e.g. 53 for a DNS server)." },
                sshPorts: { type: "array", items: { type: "integer" }, default: [22], description: "Ports treated as SSH." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (rawProps, ctx, report) => {
            const props = plain(rawProps);
            const u = new Unknowns();
            const min = typeof ctx.config.minimumContainerPort === "number" ? ctx.config.minimumContainerPort : 1024;
            const allowed = numbers(ctx.config.allowedPorts);
            const ssh = numbers(ctx.config.sshPorts);
            if (ctx.type === T.Service) {
                asArray(u.get(props, ["spec", "ports"])).forEach((p: unknown, i: number) => {
                    const at: Path = ["spec", "ports", i];
                    const port = u.get(p, ["port"], at);
                    const target = u.get(p, ["targetPort"], at);
                    if (!isObject(p)) return;
                    const label = typeof p.name === "string" && p.name !== "" ? ` ("${p.name}")` : "";
                    if (typeof port === "number" && ssh.includes(port)) {
                        report(`spec.ports[${i}].port=${port}${label} exposes SSH through the Service.`);
                    } else if ((typeof target === "number" && ssh.includes(target)) || (typeof target === "string" && target.toLowerCase() === "ssh")) {
                        report(`spec.ports[${i}].targetPort=${showValue(target)}${label} forwards to an SSH port in the pods.`);
                    }
                });
                return u.raise();
            }
            const pods = podsOf(ctx.type, props);
            if (!pods.length) return void (POD_SPEC_TYPES.includes(ctx.type) && noteUnknownPod(u, ctx.type, props), u.raise());
            for (const pod of pods) {
                const base = podSpecPathOf(pod);
                // Windows has no privileged ports; an OS unknown at preview matters only for a low port.
                const os = rawAt(pod.spec, ["os", "name"]);
                for (const v of knownContainers(u, pod.spec, base)) {
                    const cb: Path = [...base, v.kind, v.index];
                    asArray(u.get(v.c, ["ports"], cb)).forEach((p: unknown, i: number) => {
                        const port = u.get(p, ["containerPort"], [...cb, "ports", i]);
                        if (typeof port !== "number") return;
                        const at = `${containerLabel(pod, v)} ports[${i}].containerPort=${port}`;
                        if (ssh.includes(port)) report(`${at} is an SSH port: an SSH server in the container bypasses Kubernetes authentication, RBAC and audit.`);
                        else if (os !== "windows" && port > 0 && port < min && !allowed.includes(port)) {
                            if (os === UNKNOWN) u.note(isObject(pod.spec.os) ? [...base, "os", "name"] : [...base, "os"]);
                            else report(`${at} is a privileged port (below ${min}): binding it needs root or NET_BIND_SERVICE.`);
                        }
                    });
                }
            }
            u.raise();
        },
    },
);
