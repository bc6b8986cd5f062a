// The tenant sample both hardened stacks (aks, onprem) call: two HardenedNamespaces and, in team-a,
// a sample web workload that passes every Kubernetes policy of both packs.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { Service, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import { HardenedNamespace } from "../../components/hardened-namespace";
import { today } from "../../policypacks/lib/waivers";

/**
 * The sample image: ASP.NET sample app from Microsoft's registry, listening on 8080 as a non-root
 * user. Pinned by digest; replace it with the digest your pipeline built, scanned and signed.
 */
export const SAMPLE_IMAGE =
    "mcr.microsoft.com/dotnet/samples:aspnetapp@sha256:2b8d5e6e0a3f9c1d4b7a6e5f8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f70819";

export interface TenantOptions {
    /** Namespace of the ingress controller allowed to reach the sample app. @default "ingress-nginx" */
    ingressControllerNamespace?: string;
    /** IdP groups per tenant and role; defaults are illustrative OIDC group names. */
    groups?: Record<string, { admin?: string[]; edit?: string[]; view?: string[] }>;
    /** Image of the sample workload, pinned by digest. @default SAMPLE_IMAGE */
    image?: string;
    /**
     * Scan evidence CI recorded for the image (`scanner=...; scanned=YYYY-MM-DD; critical=0; high=0; digests=...`).
     * Default: a stand-in for the pipeline's record, dated today, as a deployment right after CI would carry.
     */
    scanEvidence?: string;
    /** Signature verification CI recorded (`verifier=...; verified=YYYY-MM-DD; signer=...; digests=...`). Default: as scanEvidence. */
    signatureEvidence?: string;
}

export interface Tenants {
    teamA: HardenedNamespace;
    teamB: HardenedNamespace;
    /** The sample workload's Deployment, Service and its ingress allowance. */
    app: { deployment: Deployment; service: Service; networkPolicy: NetworkPolicy; serviceAccount: ServiceAccount };
}

export function createTenants(provider?: Provider, opts: TenantOptions = {}): Tenants {
    const ingressNs = opts.ingressControllerNamespace ?? "ingress-nginx";
    const groups = opts.groups ?? {};
    const resOpts: pulumi.ComponentResourceOptions = provider ? { provider } : {};

    const tenant = (name: string) =>
        new HardenedNamespace(
            name,
            {
                namespaceName: name,
                ingressControllerNamespace: ingressNs,
                adminGroups: groups[name]?.admin ?? [`${name}-admins`],
                editGroups: groups[name]?.edit ?? [`${name}-developers`],
                viewGroups: groups[name]?.view ?? [`${name}-readers`],
            },
            resOpts,
        );
    const teamA = tenant("team-a");
    const teamB = tenant("team-b");

    const image = opts.image ?? SAMPLE_IMAGE;
    const digest = image.includes("@") ? image.slice(image.indexOf("@") + 1) : "";
    const scan = opts.scanEvidence ?? `scanner=trivy; scanned=${today()}; critical=0; high=0; digests=${digest}`;
    const signature = opts.signatureEvidence ?? `verifier=cosign; verified=${today()}; signer=https://github.com/example-org/web/.github/workflows/release.yml@refs/heads/main; digests=${digest}`;

    const ns = teamA.namespaceName;
    const labels = { "app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "team-a" };
    const childOpts: pulumi.CustomResourceOptions = { parent: teamA, ...(provider ? { provider } : {}) };

    // A dedicated account: the workload's identity is its own, and it mounts no API token.
    const serviceAccount = new ServiceAccount("team-a-web-sa", { metadata: { name: "web", namespace: ns }, automountServiceAccountToken: false }, childOpts);

    const deployment = new Deployment(
        "team-a-web",
        {
            metadata: { name: "web", namespace: ns, labels },
            spec: {
                replicas: 2,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels, annotations: { "evidence.ksl.dev/scan": scan, "evidence.ksl.dev/signature": signature } },
                    spec: {
                        serviceAccountName: "web",
                        automountServiceAccountToken: false,
                        hostUsers: false,
                        // The replicas land in different zones where possible, and on different nodes.
                        topologySpreadConstraints: ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
                            maxSkew: 1,
                            topologyKey,
                            whenUnsatisfiable: "ScheduleAnyway",
                            labelSelector: { matchLabels: labels },
                        })),
                        securityContext: {
                            runAsNonRoot: true,
                            runAsUser: 10001,
                            runAsGroup: 10001,
                            fsGroup: 10001,
                            seccompProfile: { type: "RuntimeDefault" },
                        },
                        containers: [
                            {
                                name: "web",
                                image,
                                imagePullPolicy: "Always",
                                ports: [{ name: "http", containerPort: 8080 }],
                                securityContext: {
                                    allowPrivilegeEscalation: false,
                                    readOnlyRootFilesystem: true,
                                    runAsNonRoot: true,
                                    capabilities: { drop: ["ALL"] },
                                    seccompProfile: { type: "RuntimeDefault" },
                                },
                                resources: {
                                    requests: { cpu: "100m", memory: "128Mi" },
                                    limits: { cpu: "500m", memory: "256Mi" },
                                },
                                livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 10 },
                                readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 5 },
                                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            },
                        ],
                        // ASP.NET writes to /tmp; a bounded emptyDir keeps the root filesystem read-only.
                        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
                    },
                },
            },
        },
        { ...childOpts, dependsOn: [serviceAccount] },
    );

    // A node drain evicts one replica at a time, and never blocks.
    new PodDisruptionBudget("team-a-web-pdb", { metadata: { name: "web", namespace: ns, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } }, childOpts);

    const service = new Service(
        "team-a-web-svc",
        { metadata: { name: "web", namespace: ns, labels }, spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
        childOpts,
    );

    // Only the ingress controller may reach the app, and only on its port.
    const networkPolicy = new NetworkPolicy(
        "team-a-web-allow-ingress",
        {
            metadata: { name: "web-allow-ingress", namespace: ns },
            spec: {
                podSelector: { matchLabels: labels },
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ingressNs } } }],
                        ports: [{ protocol: "TCP", port: 8080 }],
                    },
                ],
            },
        },
        childOpts,
    );

    return { teamA, teamB, app: { deployment, service, networkPolicy, serviceAccount } };
}
