// The JSON report (docs/report-format.md): stable field order, one object per run.
import type { Notice, Remediation, RunResult, Violation } from "../model";
import { CauseGroup, causeGroups, sortViolations, summarize, Summary } from "./summary";

export interface JsonReport {
    /** Format version; bumped only on incompatible changes. */
    reportVersion: 1;
    pack: { name: string; version: string };
    resources: number;
    /** The engine's violations, minus its internals (pack, description, phase). */
    violations: Array<Pick<Violation, "policy" | "measure" | "layer" | "hexad" | "severity" | "enforcementLevel" | "waived" | "message" | "cause" | "resource">>;
    /** Root causes that several findings share (one image reference flagged by several policies, on several objects). */
    causes: CauseGroup[];
    /** What the source read but could not check, or rendered first (charts, kustomizations). */
    notices: Notice[];
    /** Resources a policy at `remediate` level rewrote before analysis (as the CLI shows them changed). */
    remediations: Remediation[];
    summary: Summary;
}

export function jsonReport(result: RunResult): JsonReport {
    return {
        reportVersion: 1,
        pack: { name: result.pack.name, version: result.pack.version },
        // The root stack is bookkeeping, not a resource the user declared.
        resources: result.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length,
        violations: sortViolations(result.violations).map((v) => ({
            policy: v.policy,
            measure: v.measure,
            layer: v.layer,
            hexad: v.hexad,
            severity: v.severity,
            enforcementLevel: v.enforcementLevel,
            waived: v.waived,
            message: v.message,
            cause: v.cause,
            resource: {
                urn: v.resource.urn,
                type: v.resource.type,
                name: v.resource.name,
                namespace: v.resource.namespace,
                source: v.resource.source,
            },
        })),
        causes: causeGroups(result),
        notices: result.notices ?? [],
        remediations: result.remediations,
        summary: summarize(result),
    };
}

/** One run → its report; several runs (e.g. two packs) → an array of reports. */
export function renderJson(results: RunResult[]): string {
    const reports = results.map(jsonReport);
    return JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + "\n";
}
