// Fixtures for pod-carrying kinds: wrap one pod spec into each of the 9 kinds PSA extracts pod
// specs from, and a hardened pod spec that passes every workload, supply-chain and data policy
// of this library (tests mutate one field of it for each negative case).
import { T } from "../../policypacks/lib/k8s";
import { POD_SPEC_TYPES } from "../../policypacks/lib/pod-specs";

export const POD_KINDS = POD_SPEC_TYPES;
export const DIGEST = "sha256:" + "a1".repeat(32);
export const IMAGE = `ghcr.io/acme/web:1.4.2@${DIGEST}`;
/** "Today" for evidence and waiver dates in tests (set through KSL_TODAY). */
export const TODAY = "2026-06-01";

export function shortKind(type: string): string {
    return type.split(":").pop()!;
}

export interface WrapOptions {
    /** Pod template metadata (for Pod: merged into the Pod's metadata). */
    podMeta?: Record<string, any>;
    /** The resource's own metadata. */
    meta?: Record<string, any>;
}

/** Props of a resource of `type` whose pod template has `spec`. */
export function wrap(type: string, spec: any, opts: WrapOptions = {}): Record<string, any> {
    const meta = { name: "web", namespace: "apps", ...(opts.meta ?? {}) };
    const podMeta = { labels: { app: "web" }, ...(opts.podMeta ?? {}) };
    const template = { metadata: podMeta, spec };
    const selector = { matchLabels: { app: "web" } };
    switch (type) {
        case T.Pod: {
            const annotations = { ...(meta as any).annotations, ...(podMeta as any).annotations };
            const labels = { ...(meta as any).labels, ...podMeta.labels };
            return { apiVersion: "v1", kind: "Pod", metadata: { ...meta, labels, annotations }, spec };
        }
        case T.PodTemplate:
            return { apiVersion: "v1", kind: "PodTemplate", metadata: meta, template };
        case T.ReplicationController:
            return { apiVersion: "v1", kind: "ReplicationController", metadata: meta, spec: { selector: { app: "web" }, template } };
        case T.CronJob:
            return { apiVersion: "batch/v1", kind: "CronJob", metadata: meta, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template } } } };
        case T.Job:
            return { apiVersion: "batch/v1", kind: "Job", metadata: meta, spec: { template } };
        default: {
            const kind = shortKind(type);
            return { apiVersion: "apps/v1", kind, metadata: meta, spec: { selector, template } };
        }
    }
}

/** Evidence annotations that satisfy the scan and signature policies as of TODAY. */
export function evidenceAnnotations(): Record<string, string> {
    return {
        "evidence.ksl.dev/scan": `scanner=trivy; scanned=2026-05-28; critical=0; high=1; digests=${DIGEST}`,
        "evidence.ksl.dev/signature": `verifier=cosign; verified=2026-05-28; signer=https://github.com/acme/web/.github/workflows/release.yml@refs/heads/main; digests=${DIGEST}`,
    };
}

export function hardenedContainer(name = "app"): any {
    return {
        name,
        image: IMAGE,
        imagePullPolicy: "Always",
        securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
        },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
        livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
        readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
    };
}

export function hardenedSpec(): any {
    return {
        serviceAccountName: "web",
        automountServiceAccountToken: false,
        hostUsers: false,
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: "RuntimeDefault" },
        },
        containers: [hardenedContainer()],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
    };
}

/** A hardened resource of `type`, with evidence annotations on the pod template. */
export function hardened(type: string, mutate?: (spec: any) => void, opts: WrapOptions = {}): Record<string, any> {
    const spec = hardenedSpec();
    mutate?.(spec);
    const podMeta = { ...(opts.podMeta ?? {}), annotations: { ...evidenceAnnotations(), ...(opts.podMeta?.annotations ?? {}) } };
    return wrap(type, spec, { ...opts, podMeta });
}

/** Props that must never make a policy throw: missing, null and wrongly typed fields. */
export function malformedVariants(type: string): Array<Record<string, any>> {
    const specs: any[] = [
        null,
        "spec",
        {},
        { containers: null },
        { containers: "app" },
        { containers: [null, 5, "x", { name: 7, image: 42, securityContext: "x", env: "x", envFrom: [null, 1], volumeMounts: [null, { name: 3 }] }] },
        { containers: [{ name: "a", securityContext: { capabilities: { add: "SYS_ADMIN", drop: null } }, resources: "lots", env: [null, { name: "PASSWORD", value: 5 }, { name: "TOKEN", valueFrom: null }] }] },
        { volumes: [null, { name: "h", hostPath: null }, { name: "p", hostPath: { path: 5 } }, { emptyDir: "x" }], containers: [] },
        { securityContext: null, hostAliases: "x", supplementalGroups: "0", serviceAccount: 5, os: "linux" },
        { securityContext: { supplementalGroups: "0", runAsUser: "0", fsGroup: null }, initContainers: {}, ephemeralContainers: [{}] },
    ];
    const out: Array<Record<string, any>> = [{}, { metadata: null }, { spec: null }, { spec: { template: null } }, { template: "x" }];
    for (const s of specs) out.push(wrap(type, s));
    return out;
}
