// Compact fixtures for the namespace, RBAC and network specs: each returns a compliant object.
import { T } from "../../policypacks/lib/k8s";
import type { StackResourceInput } from "../helpers/policy-harness";

export const PSA = (level = "restricted", version = "v1.33") => ({
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": version,
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
});

export function ns(name: string, labels: Record<string, string> = PSA()): StackResourceInput {
    return { type: T.Namespace, name: `${name}-ns`, props: { metadata: { name, labels } } };
}

export function deployment(name: string, namespace: string | undefined, labels: Record<string, string> = { app: name }, extra: any = {}): StackResourceInput {
    return {
        type: T.Deployment,
        name,
        props: {
            metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
            spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "app", image: "mcr.microsoft.com/x@sha256:00", ...extra }] } } },
        },
    };
}

export function defaultDeny(namespace: string, name = `${namespace}-deny`): StackResourceInput {
    return { type: T.NetworkPolicy, name, props: { metadata: { name: "default-deny", namespace }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } } };
}

export function quota(namespace: string, hard: Record<string, string> = { "requests.cpu": "1", "limits.memory": "1Gi" }): StackResourceInput {
    return { type: T.ResourceQuota, name: `${namespace}-quota`, props: { metadata: { name: "q", namespace }, spec: { hard } } };
}

export function limitRange(namespace: string): StackResourceInput {
    return {
        type: T.LimitRange,
        name: `${namespace}-limits`,
        props: { metadata: { name: "l", namespace }, spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" } }] } },
    };
}

/** A namespace with everything the stack policies ask for, plus one workload in it. */
export function goodTenant(name: string): StackResourceInput[] {
    return [ns(name), defaultDeny(name), quota(name), limitRange(name), deployment(`${name}-web`, name)];
}
