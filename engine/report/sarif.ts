// SARIF 2.1.0 for GitHub code scanning: one run per pack, one rule per policy (measure metadata in
// properties), results at file:line for scans and at the URN (logical location) for previews.
import { createHash } from "crypto";
import * as path from "path";
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from "node-sarif-builder";
import { isBlocking, RunResult, Violation } from "../model";
import { sortViolations } from "./summary";

const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", unspecified: "5.0" };

export interface SarifOptions {
    /** File used as the physical location of preview results (GitHub needs one): the project file. */
    programFile?: string;
    /** Paths in the SARIF are made relative to this directory (the repository root). */
    baseDir?: string;
}

function uri(file: string, baseDir: string): string {
    const rel = path.isAbsolute(file) ? path.relative(baseDir, file) : file;
    return rel.split(path.sep).join("/");
}

function firstSentence(text: string): string {
    const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
    return (m ? m[1] : text.trim()).replace(/\s+/g, " ");
}

function resultFor(v: Violation, opts: Required<SarifOptions>): SarifResultBuilder {
    const text = v.message.split("\n").filter((l) => l.trim()).join(" ");
    const b = new SarifResultBuilder();
    const level = v.waived ? "note" : isBlocking(v) ? "error" : "warning";
    const m = v.resource.source ? /^(.*):(\d+)$/.exec(v.resource.source) : null;
    const file = m ? m[1] : opts.programFile;
    const line = m ? Number(m[2]) : 1;
    b.initSimple({ level, messageText: `${text} (${v.resource.type}: ${v.resource.name})`, ruleId: v.policy, fileUri: uri(file, opts.baseDir), startLine: line });
    const r = b.result as any;
    r.locations[0].logicalLocations = [{ fullyQualifiedName: v.resource.urn, name: v.resource.name, kind: "resource" }];
    r.partialFingerprints = { "kslViolation/v1": createHash("sha256").update(`${v.policy}\0${v.resource.urn}\0${text}`).digest("hex") };
    r.properties = { measure: v.measure, layer: v.layer, hexad: v.hexad, enforcementLevel: v.enforcementLevel, waived: v.waived };
    if (v.waived) r.suppressions = [{ kind: "inSource", justification: text }];
    return b;
}

export function renderSarif(results: RunResult[], options: SarifOptions = {}): string {
    const opts: Required<SarifOptions> = { programFile: options.programFile ?? "Pulumi.yaml", baseDir: options.baseDir ?? process.cwd() };
    const log = new SarifBuilder();
    for (const result of results) {
        const run = new SarifRunBuilder().initSimple({ toolDriverName: result.pack.name, toolDriverVersion: result.pack.version });
        for (const p of result.pack.policies) {
            const rule = new SarifRuleBuilder().initSimple({
                ruleId: p.name,
                shortDescriptionText: firstSentence(p.description) || p.name,
                fullDescriptionText: p.description || p.name,
                ...(p.url ? { helpUri: p.url } : {}),
            });
            const r = rule.rule as any;
            r.name = p.name;
            if (p.remediationSteps) r.help = { text: p.remediationSteps };
            r.defaultConfiguration = { level: p.enforcementLevel === "mandatory" || p.enforcementLevel === "remediate" ? "error" : p.enforcementLevel === "disabled" ? "none" : "warning" };
            r.properties = {
                tags: ["security", ...p.tags],
                "security-severity": SECURITY_SEVERITY[p.severity] ?? "5.0",
                measure: p.measure,
                layer: p.layer,
                hexad: p.hexad,
                severity: p.severity,
                enforcementLevel: p.enforcementLevel,
            };
            run.addRule(rule);
        }
        for (const v of sortViolations(result.violations)) run.addResult(resultFor(v, opts));
        // What the source could not check (or rendered first) is said as tool notifications.
        const notices = result.notices ?? [];
        if (notices.length) {
            (run.run as any).invocations = [
                {
                    executionSuccessful: true,
                    toolExecutionNotifications: notices.map((n) => ({
                        level: n.kind === "rendered" ? "note" : "warning",
                        message: { text: `${n.subject}: ${n.message}` },
                        descriptor: { id: `ksl/${n.kind}` },
                    })),
                },
            ];
        }
        log.addRun(run);
    }
    return log.buildSarifJsonString({ indent: true }) + "\n";
}
