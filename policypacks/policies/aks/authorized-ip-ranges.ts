// A public API endpoint accepts only listed source ranges, never the whole internet.
import { asArray } from "../../lib/k8s";
import { clusterPolicy } from "./common";

const OPEN = new Set(["0.0.0.0/0", "0.0.0.0", "::/0", "*", "any", "internet"]);

export const aksAuthorizedIpRanges = clusterPolicy<{ maxPrefixBreadth: number }>(
    {
        name: "aks-authorized-ip-ranges",
        measure: "cluster.api-authorized-ranges",
        severity: "critical",
        description:
            "An AKS cluster whose API server is public must restrict it to authorized IP ranges, and none of them may be the whole internet. Otherwise anyone can reach the control plane.",
        remediationSteps:
            "Make the cluster private (apiServerAccessProfile.enablePrivateCluster=true), or list the administrators' egress ranges in apiServerAccessProfile.authorizedIPRanges without 0.0.0.0/0.",
        configSchema: {
            properties: {
                maxPrefixBreadth: {
                    type: "number",
                    default: 8,
                    description: "The shortest IPv4 prefix length accepted (a /7 or wider range is as good as open).",
                },
            },
        },
    },
    (props, ctx, report) => {
        const p = props?.apiServerAccessProfile;
        if (p?.enablePrivateCluster === true) return;
        const ranges = asArray(p?.authorizedIPRanges);
        if (ranges.length === 0) {
            report("ManagedCluster has a public API server and no apiServerAccessProfile.authorizedIPRanges: it accepts connections from any address");
            return;
        }
        ranges.forEach((r, i) => {
            if (typeof r !== "string") return;
            const s = r.trim().toLowerCase();
            const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(s);
            if (OPEN.has(s) || (m && Number(m[2]) < ctx.config.maxPrefixBreadth)) {
                report(`ManagedCluster sets apiServerAccessProfile.authorizedIPRanges[${i}]="${r}": this opens the API server to (nearly) the whole internet`);
            }
        });
    },
);
