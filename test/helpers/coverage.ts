// What the test tables exercised, per policy: runs through the harness are recorded as compliant
// (applicable, nothing reported) or non-compliant (a real, unwaived finding - not a "can't run
// during preview" advisory). The registration check (test/registration.spec.ts) reads it after the
// whole suite: a policy in a pack without both is untested.
export interface PolicyCoverage {
    compliant: boolean;
    nonCompliant: boolean;
}

export const coverage = new Map<string, PolicyCoverage>();

export function recordRun(policy: string, findings: Array<{ message: string; waived: boolean }>, applicable: boolean): void {
    if (!applicable) return;
    const c = coverage.get(policy) ?? { compliant: false, nonCompliant: false };
    if (findings.length === 0) c.compliant = true;
    else if (findings.some((f) => !f.waived && !/can't run policy /.test(f.message))) c.nonCompliant = true;
    coverage.set(policy, c);
}
