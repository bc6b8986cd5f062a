import type { Measure } from "../../lib/types";

// The observability layer. Order within the file does not set significance: see ../significance.ts.
export const observabilityMeasures: Measure[] = [
    {
        id: "observability.audit-logging",
        title: "API server audit logging",
        layer: "observability",
        exploitability: 3,
        hexad: ["authenticity", "integrity"],
        phase: "operate",
        summary: "TODO",
        platforms: {
            aks: { applies: true, how: "TODO" },
            onprem: { applies: true, how: "TODO" },
        },
        components: [],
        references: {},
        covers: [],
    },
    {
        id: "observability.audit-policy",
        title: "Audit policy covers security-relevant events",
        layer: "observability",
        exploitability: 2,
        hexad: ["authenticity", "integrity"],
        phase: "operate",
        summary: "TODO",
        platforms: {
            aks: { applies: true, how: "TODO" },
            onprem: { applies: true, how: "TODO" },
        },
        components: [],
        references: {},
        covers: [],
    },
    {
        id: "observability.monitoring-alerting",
        title: "Monitoring and alerting",
        layer: "observability",
        exploitability: 2,
        hexad: ["availability", "integrity"],
        phase: "operate",
        summary: "TODO",
        platforms: {
            aks: { applies: true, how: "TODO" },
            onprem: { applies: true, how: "TODO" },
        },
        components: [],
        references: {},
        covers: [],
    },
    {
        id: "observability.runtime-threat-detection",
        title: "Runtime threat detection",
        layer: "observability",
        exploitability: 3,
        hexad: ["integrity", "availability", "confidentiality"],
        phase: "operate",
        summary: "TODO",
        platforms: {
            aks: { applies: true, how: "TODO" },
            onprem: { applies: true, how: "TODO" },
        },
        components: [],
        references: {},
        covers: [],
    },
];
