// The cluster runs a Kubernetes minor version inside the AKS support window.
import { asArray } from "../../lib/k8s";
import { clusterPolicy, str } from "./common";
import { showValue } from "../../lib/format";

/**
 * The AKS-supported minor versions the defaults below were taken from, and when. AKS supports
 * the three newest GA minors (N-2), each for about 12 months; update these with the AKS release
 * calendar (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions).
 */
export const SUPPORTED_VERSIONS_AS_OF = "2026-11";
export const DEFAULT_SUPPORTED_VERSIONS = ["1.35", "1.36", "1.37"];
/** Long-term-support minors (need sku.tier Premium and supportPlan AKSLongTermSupport). */
export const DEFAULT_LTS_VERSIONS = ["1.33"];

/** `1.34`, `1.34.2`, `v1.34` → [1, 34]; anything else → undefined. */
export function parseMinor(v: unknown): [number, number] | undefined {
    if (typeof v !== "string") return undefined;
    const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(v.trim());
    return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function cmp(a: [number, number], b: [number, number]): number {
    return a[0] - b[0] || a[1] - b[1];
}

export const aksSupportedVersion = clusterPolicy<{ supportedVersions: string[]; ltsVersions: string[] }>(
    {
        name: "aks-supported-version",
        measure: "cluster.supported-version",
        severity: "high",
        description:
            `AKS must run a Kubernetes minor version that AKS still supports, so that security fixes keep coming. The default list is the AKS support window as of ${SUPPORTED_VERSIONS_AS_OF}; set \`supportedVersions\` as the AKS calendar moves. Minor versions are compared numerically.`,
        remediationSteps:
            "Set kubernetesVersion to a supported minor (or leave it unset for the AKS default) and enable autoUpgradeProfile.upgradeChannel so the cluster keeps up. A long-term-support minor needs sku.tier=\"Premium\" and supportPlan=\"AKSLongTermSupport\".",
        configSchema: {
            properties: {
                supportedVersions: {
                    type: "array",
                    items: { type: "string" },
                    default: DEFAULT_SUPPORTED_VERSIONS,
                    description: `Supported AKS minor versions (as of ${SUPPORTED_VERSIONS_AS_OF}).`,
                },
                ltsVersions: {
                    type: "array",
                    items: { type: "string" },
                    default: DEFAULT_LTS_VERSIONS,
                    description: "Minor versions still under AKS long-term support.",
                },
            },
        },
    },
    (props, ctx, report) => {
        const raw = props?.kubernetesVersion;
        if (raw === undefined || raw === null) return; // AKS picks its current default version
        const v = parseMinor(raw);
        if (!v) {
            report(`ManagedCluster sets kubernetesVersion=${showValue(raw)}, which is not a Kubernetes version`);
            return;
        }
        const supported = asArray(ctx.config.supportedVersions).map(parseMinor).filter((x): x is [number, number] => !!x);
        if (supported.some((s) => cmp(s, v) === 0)) return;
        const lts = asArray(ctx.config.ltsVersions).map(parseMinor).filter((x): x is [number, number] => !!x);
        if (lts.some((s) => cmp(s, v) === 0)) {
            if (str(props?.supportPlan) === "AKSLongTermSupport" && str(props?.sku?.tier) === "Premium") return;
            report(`ManagedCluster sets kubernetesVersion="${raw}", a long-term-support version, without supportPlan="AKSLongTermSupport" and sku.tier="Premium"`);
            return;
        }
        const oldest = [...supported].sort(cmp)[0];
        const why = oldest && cmp(v, oldest) < 0 ? "older than the AKS support window" : "not a supported AKS version";
        report(`ManagedCluster sets kubernetesVersion="${raw}": ${why} (supported: ${asArray(ctx.config.supportedVersions).join(", ")})`);
    },
);
