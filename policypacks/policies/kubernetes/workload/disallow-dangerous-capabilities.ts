import { resourcePolicy } from "../../../lib/policy";
import { containersOf } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { capabilityList, containerLabel, normalizeCapability, stringList } from "./hardening-helpers";

interface Config {
    forbiddenCapabilities: string[];
}

/** Capabilities that amount to root on the node or in the kernel (Polaris dangerousCapabilities, kubesec CapSysAdmin, CIS 5.2.x). */
export const DANGEROUS_CAPABILITIES = [
    "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",
    "DAC_READ_SEARCH", "BPF", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG", "LINUX_IMMUTABLE", "SYS_RESOURCE",
];

export const disallowDangerousCapabilities = resourcePolicy<Config>(
    {
        name: "disallow-dangerous-capabilities",
        measure: "workload.capabilities",
        description:
            "No container may add a capability that amounts to control of the node or kernel (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, BPF, DAC_READ_SEARCH and similar; the list is configurable). Names are compared as the runtime does, so `CAP_SYS_ADMIN` and `sys_admin` count. Pod Security Baseline already forbids these in namespaces that enforce it; this check also covers privileged namespaces and workloads whose namespace is outside the stack.",
        severity: "high",
        remediationSteps:
            "Remove the capability from securityContext.capabilities.add. Grant narrowly scoped capabilities (e.g. NET_BIND_SERVICE) only, and move node-level agents to a dedicated namespace with a waiver that states why.",
        configSchema: {
            properties: {
                forbiddenCapabilities: { type: "array", items: { type: "string" }, default: DANGEROUS_CAPABILITIES, description: "Capabilities no container may add." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const forbidden = new Set(stringList(ctx.config.forbiddenCapabilities).map((c) => normalizeCapability(c)!));
                for (const v of containersOf(pod.spec)) {
                    const bad = capabilityList(v.c, "add").filter((c) => forbidden.has(c));
                    if (bad.length > 0) report(`${containerLabel(pod, v)} adds ${bad.join(", ")} in securityContext.capabilities.add.`);
                }
            }
        },
    },
);
