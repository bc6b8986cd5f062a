// Shared fixtures for the on-prem tests: hardened arguments, and the three places a document can
// appear (ConfigMap, cloud-init user-data in some resource, OnPremNodePool inputs).
import { stringify } from "yaml";
import { resolveSpec, renderNodePool, RenderedPool } from "../../kubeadm";
import { onpremPolicies } from "../../policypacks/policies/onprem";
import { runResourcePolicy, ResourceInput, Violation } from "../helpers/policy-harness";

/** Canary secrets: must never appear in a message. */
export const CANARY_TOKEN = "canary.c4n4ryt0k3n5ecr3";
export const BOOTSTRAP_TOKEN = "abcdef.0123456789abcdef";
export const AESCBC_KEY = Buffer.from("k".repeat(16) + "CANARYKEYMATERIA").toString("base64"); // 32 bytes
export const CA_HASH = "sha256:" + "a1".repeat(32);

export function controlPlaneArgs(extra: Record<string, any> = {}): Record<string, any> {
    return {
        role: "control-plane",
        poolName: "control-plane",
        initControlPlane: true,
        controlPlaneEndpoint: "k8s-api.corp.example:6443",
        bootstrapToken: BOOTSTRAP_TOKEN,
        caCertHashes: [CA_HASH],
        ...extra,
        controlPlane: {
            encryption: { aescbcKey: AESCBC_KEY },
            oidc: { issuerUrl: "https://login.corp.example/realms/k8s", audiences: ["kubernetes"] },
            ...(extra.controlPlane ?? {}),
        },
    };
}

export function workerArgs(extra: Record<string, any> = {}): Record<string, any> {
    return {
        role: "worker",
        poolName: "general",
        controlPlaneEndpoint: "k8s-api.corp.example:6443",
        bootstrapToken: BOOTSTRAP_TOKEN,
        caCertHashes: [CA_HASH],
        containerd: { registryMirrors: { "docker.io": ["https://mirror.corp.example"] } },
        ...extra,
    };
}

export function render(args: Record<string, any>, redact = false): RenderedPool {
    return renderNodePool(resolveSpec(args, "test"), { redact });
}

/** A ConfigMap holding the given data (as kubeadm stores kubelet-config / kubeadm-config). */
export function configMap(name: string, data: Record<string, string>, namespace = "kube-system"): ResourceInput {
    return { type: "kubernetes:core/v1:ConfigMap", name, props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data } };
}

/** Every document of a rendered pool, each under its own ConfigMap key. */
export function configMapOf(r: RenderedPool): ResourceInput {
    const data: Record<string, string> = { kubelet: r.yaml.kubeletConfig };
    const add = (k: string, v: unknown) => {
        if (v) data[k] = stringify(v);
    };
    add("ClusterConfiguration", r.docs.cluster);
    add("JoinConfiguration", r.docs.join);
    add("InitConfiguration", r.docs.init);
    add("KubeProxyConfiguration", r.docs.kubeProxy);
    add("audit-policy.yaml", r.docs.auditPolicy);
    add("admission.yaml", r.docs.admission);
    add("authentication.yaml", r.docs.authentication);
    add("encryption.yaml", r.docs.encryption);
    return configMap("node-config", data);
}

/** A VM-like resource carrying user-data in a nested string property. */
export function vmWithUserData(userData: string, base64 = false): ResourceInput {
    const value = base64 ? Buffer.from(userData).toString("base64") : userData;
    return { type: "proxmoxve:VM/virtualMachine:VirtualMachine", name: "node-1", props: { name: "node-1", initialization: { userDataRaw: value } } };
}

export function component(args: Record<string, any>, name = "pool"): ResourceInput {
    return { type: "ksl:index:OnPremNodePool", name, props: args };
}

export function runAll(input: ResourceInput): Violation[] {
    return onpremPolicies.flatMap((p) => runResourcePolicy(p, input));
}
