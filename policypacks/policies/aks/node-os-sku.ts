// A minimal, hardened node OS.
import { asArray } from "../../lib/k8s";
import { isWindowsPool, poolPolicy, show, str } from "./common";

export const aksNodeOsSku = poolPolicy<{ allowedOsSkus: string[] }>(
    {
        name: "aks-node-os-sku",
        measure: "infrastructure.node-os-minimal",
        severity: "low",
        description:
            "AKS Linux node pools should run Azure Linux, a minimal container-host OS with a smaller package set and attack surface than a general-purpose distribution, and CIS-aligned hardening.",
        remediationSteps: "Set osSKU=\"AzureLinux\" (or \"AzureLinux3\") on Linux node pools.",
        configSchema: {
            properties: {
                allowedOsSkus: { type: "array", items: { type: "string" }, default: ["AzureLinux", "AzureLinux3"], description: "Accepted Linux osSKU values." },
            },
        },
    },
    ({ pool, label, prefix }, ctx, report) => {
        if (isWindowsPool(pool)) return; // Windows pools have their own SKUs; the measure is about Linux hosts
        const allowed = asArray<string>(ctx.config.allowedOsSkus).map((s) => String(s).toLowerCase());
        const sku = str(pool.osSKU);
        if (!sku || !allowed.includes(sku.toLowerCase())) {
            report(`${label} sets ${prefix}osSKU=${show(pool.osSKU)}${sku ? "" : " (defaults to Ubuntu)"}; allowed: ${ctx.config.allowedOsSkus.join(", ")}`);
        }
    },
);
