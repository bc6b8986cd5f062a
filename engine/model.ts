// The engine's vocabulary: resources handed to a pack, the pack's policies and the violations it
// reports. Every source (program, manifests) produces EngineResources; every report reads RunResults.

export { UNKNOWN_WIRE_VALUE as UNKNOWN, SECRET_SIG_KEY as SECRET_KEY, SECRET_SIG } from "../policypacks/lib/wire";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "critical" | "high" | "medium" | "low" | "unspecified";

/** Where a resource was declared: a manifest file and line (scans). */
export interface SourceLocation {
    file: string;
    line: number;
}

/** A resource as the engine sends it to a pack. */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    /**
     * Inputs in Pulumi's wire form (JSON-compatible): secrets as `{[SECRET_KEY]: SECRET_SIG, value}`,
     * unknowns as the UNKNOWN sentinel. Sent to Remediate/Analyze and, unless `outputs` is set,
     * to AnalyzeStack.
     */
    props: Record<string, unknown>;
    /** Outputs for AnalyzeStack (defaults to props, as a preview propagates inputs). */
    outputs?: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    /** False for component resources and the root stack. */
    custom?: boolean;
    /** URN of the resource's explicit provider, when it has one. */
    provider?: string;
    /** Manifest location, for scans. */
    source?: SourceLocation;
}

/** What a pack says about one of its policies (GetAnalyzerInfo), with our tags decoded. */
export interface PolicyInfo {
    name: string;
    description: string;
    kind: "resource" | "stack" | "unknown";
    /** The pack's own default level, before config. */
    defaultLevel: EnforcementLevel;
    /** The level after config reconciliation. */
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    remediationSteps: string;
    url: string;
    tags: string[];
    /** From the `measure:<id>` tag; null for policies outside the library. */
    measure: string | null;
    layer: string | null;
    hexad: string[];
    configSchema: { properties: Record<string, unknown>; required: string[] } | null;
}

export interface PackInfo {
    name: string;
    version: string;
    dir: string;
    policies: PolicyInfo[];
}

export interface ResourceRef {
    urn: string;
    type: string;
    name: string;
    namespace: string | null;
    /** `file:line` for scanned manifests, null otherwise. */
    source: string | null;
}

export interface Violation {
    policy: string;
    pack: string;
    measure: string | null;
    layer: string | null;
    hexad: string[];
    severity: Severity;
    /** As reported: `advisory` or `mandatory` (a persisting `remediate` violation is mandatory). */
    enforcementLevel: "advisory" | "mandatory";
    waived: boolean;
    /** The policy's message without its description line. */
    message: string;
    /** The root cause the message names (`(root cause: …)`, e.g. `image nginx:1.27`), shared by the findings it explains. */
    cause: string | null;
    description: string;
    /** The resource the violation is about; for stack policies without a URN, the root stack. */
    resource: ResourceRef;
    /** Analyze (per resource) or AnalyzeStack. */
    phase: "resource" | "stack";
}

export interface Remediation {
    policy: string;
    urn: string;
    /** Set when the remediation could not run (e.g. unknown values during preview). */
    diagnostic?: string;
}

/**
 * Something a source read but could not check, said in the report with what to do: a file that is
 * not a manifest, a chart or kustomization rendered for the scan, content that could not be
 * rendered, something seen but deliberately not checked (a file a kustomization does not use, a
 * resource of a state export pending deletion), facts the pack config states about another stack's
 * namespaces (`namespaceContext`).
 */
export interface Notice {
    kind: "skipped" | "rendered" | "not-rendered" | "not-checked" | "context";
    /** The file, directory or component concerned. */
    subject: string;
    /** URN of the resource it concerns, when there is one. */
    urn?: string;
    message: string;
}

export interface RunResult {
    pack: PackInfo;
    /** The source's notices (the same for every pack of a run). */
    notices?: Notice[];
    resources: EngineResource[];
    violations: Violation[];
    remediations: Remediation[];
    /** True when some unwaived mandatory violation exists. */
    blocked: boolean;
    /** Wall-clock phases of the run, in milliseconds (for `npm run bench`). */
    timings?: { startMs: number; configureMs: number; analyzeMs: number; analyzeStackMs: number };
    /** The pack process's peak resident memory (Linux VmHWM), when it can be read. */
    packPeakRssKb?: number;
}

export function isBlocking(v: Violation): boolean {
    return v.enforcementLevel === "mandatory" && !v.waived;
}
