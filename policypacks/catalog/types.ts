// The vocabulary of the security model. Everything else is derived from these.

/** The eight layers, outermost first: the order is part of the significance rule. */
export const LAYERS = [
    "infrastructure",
    "cluster",
    "network",
    "namespace",
    "workload",
    "supply-chain",
    "data",
    "observability",
] as const;
export type Layer = (typeof LAYERS)[number];

/** The six Parkerian Hexad goals. "possession" is possession/control, "utility" is usability. */
export const HEXAD_GOALS = [
    "confidentiality",
    "possession",
    "integrity",
    "authenticity",
    "availability",
    "utility",
] as const;
export type HexadGoal = (typeof HEXAD_GOALS)[number];

export type Phase = "build" | "operate";
export type Severity = "critical" | "high" | "medium" | "low";
/** The platforms the library has a pack for; each is described in ./platforms.ts. */
export const PLATFORMS = ["aks", "onprem"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** How a measure stands on one platform. */
export interface PlatformEntry {
    /** Whether the measure applies on this platform at all. */
    applies: boolean;
    /**
     * True when the platform provider operates the control for the user (e.g. AKS runs the API
     * server flags): the measure holds, but there is nothing for the user to configure or check.
     */
    managed?: boolean;
    /** How it is achieved there, or why it is not possible / managed. Full sentences. */
    how: string;
}

/** A measure's platform entries as declared: a Kubernetes-level entry, overridden per platform. */
export type DeclaredPlatforms = { kubernetes?: PlatformEntry } & Partial<Record<Platform, PlatformEntry>>;

/** References to the frameworks a measure answers to. Ids as the frameworks write them. */
export interface References {
    cisKubernetes?: string[];
    cisAks?: string[];
    nsaCisa?: string[];
    pss?: string[];
    mcsb?: string[];
    /** Azure Policy built-in ids, Checkov ids and similar anchors. */
    other?: string[];
}

export interface Measure {
    /** Stable id `<layer>.<slug>`; never renamed once published. */
    id: string;
    title: string;
    layer: Layer;
    /**
     * How readily an attacker exploits the absence of this measure, 1 (hard, needs prior
     * foothold) to 5 (remote, unauthenticated, common in real incidents). Orders measures
     * within a layer; see catalog/significance.ts.
     */
    exploitability: 1 | 2 | 3 | 4 | 5;
    hexad: HexadGoal[];
    phase: Phase;
    /** What the measure is and why it matters. Full sentences. */
    summary: string;
    /**
     * How the measure stands per platform: `kubernetes` for a cluster its owner runs (what the
     * on-prem pack uses as is), and a platform's own entry only where it differs, e.g. a managed
     * control plane (see resolvePlatforms in ./platforms.ts).
     */
    platforms: DeclaredPlatforms;
    /** Components that provision the measure by default. Policies are derived from their metadata. */
    components: string[];
    /** Guidance for what cannot be checked at preview time, with the reason. */
    guidance?: string;
    references: References;
    /**
     * The external checks this measure answers to, as keys of catalog/accounting.ts, e.g.
     * "kubernetes:privileged-container", "aks:private-api-server", "cis:1.2.15", "seed:signed images".
     */
    covers: string[];
}
