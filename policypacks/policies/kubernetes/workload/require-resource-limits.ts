import { resourcePolicy } from "../../../lib/policy";
import { isObject } from "../../../lib/k8s";
import { POD_CARRIER_TYPES, podsOf } from "../../../lib/pod-specs";
import { containerLabel, workloadContainers } from "./hardening-helpers";

interface Config {
    requireCpuRequest: boolean;
    requireMemoryRequest: boolean;
    requireCpuLimit: boolean;
    requireMemoryLimit: boolean;
}

function quantity(resources: any, section: "requests" | "limits", name: "cpu" | "memory"): unknown {
    const s = isObject(resources) ? resources[section] : undefined;
    if (!isObject(s)) return undefined;
    const q = s[name];
    return (typeof q === "string" && q.trim() !== "") || typeof q === "number" ? q : undefined;
}

export const requireResourceLimits = resourcePolicy<Config>(
    {
        name: "require-resource-limits",
        measure: "workload.resource-limits",
        description:
            "Every init and regular container must declare CPU and memory requests and limits (each requirement can be switched off in the config, e.g. requireCpuLimit: false for teams that avoid CPU throttling). Without limits a compromised or faulty container (crypto-mining, a memory leak) starves its neighbours and the node; without requests the scheduler overcommits nodes. Pod-level resources (spec.resources) satisfy the requirement for all containers.",
        severity: "medium",
        remediationSteps:
            "Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on each container, sized from observed usage; back them with a LimitRange and ResourceQuota in the namespace.",
        configSchema: {
            properties: {
                requireCpuRequest: { type: "boolean", default: true, description: "Require resources.requests.cpu on every container." },
                requireMemoryRequest: { type: "boolean", default: true, description: "Require resources.requests.memory on every container." },
                requireCpuLimit: { type: "boolean", default: true, description: "Require resources.limits.cpu on every container." },
                requireMemoryLimit: { type: "boolean", default: true, description: "Require resources.limits.memory on every container." },
            },
        },
    },
    {
        types: POD_CARRIER_TYPES,
        validate: (props, ctx, report) => {
            for (const pod of podsOf(ctx.type, props)) {
                const wanted: Array<["requests" | "limits", "cpu" | "memory"]> = [];
                if (ctx.config.requireCpuRequest !== false) wanted.push(["requests", "cpu"]);
                if (ctx.config.requireMemoryRequest !== false) wanted.push(["requests", "memory"]);
                if (ctx.config.requireCpuLimit !== false) wanted.push(["limits", "cpu"]);
                if (ctx.config.requireMemoryLimit !== false) wanted.push(["limits", "memory"]);
                const podResources = pod.spec.resources;
                for (const v of workloadContainers(pod.spec)) {
                    const missing = wanted
                        .filter(([sec, name]) => quantity(v.c.resources, sec, name) === undefined && quantity(podResources, sec, name) === undefined)
                        .map(([sec, name]) => `resources.${sec}.${name}`);
                    if (missing.length > 0) report(`${containerLabel(pod, v)} has no ${missing.join(", ")}.`);
                }
            }
        },
    },
);
