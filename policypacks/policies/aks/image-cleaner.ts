// Unused (and possibly vulnerable) images are removed from nodes.
import { clusterPolicy, show } from "./common";

export const aksImageCleaner = clusterPolicy<{ maxIntervalHours: number }>(
    {
        name: "aks-image-cleaner",
        measure: "supply-chain.image-cleanup",
        severity: "medium",
        description:
            "AKS should run Image Cleaner, which removes unused images with known vulnerabilities from the nodes, so that stale vulnerable images cannot be started again from the node cache.",
        remediationSteps: "Set securityProfile.imageCleaner={enabled: true, intervalHours: 168} (or shorter).",
        configSchema: {
            properties: { maxIntervalHours: { type: "number", default: 168, description: "Longest accepted cleaning interval." } },
        },
    },
    (props, ctx, report) => {
        const ic = props?.securityProfile?.imageCleaner;
        if (ic?.enabled !== true) {
            report(`ManagedCluster sets securityProfile.imageCleaner.enabled=${show(ic?.enabled)}`);
            return;
        }
        // Unset interval: the AKS default of 168 hours.
        if (typeof ic?.intervalHours === "number" && ic.intervalHours > ctx.config.maxIntervalHours) {
            report(`ManagedCluster sets securityProfile.imageCleaner.intervalHours=${ic.intervalHours} (more than ${ctx.config.maxIntervalHours})`);
        }
    },
);
