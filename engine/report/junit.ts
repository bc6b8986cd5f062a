// JUnit XML (`--format junit`), for the test-report panels of CI systems (Jenkins, GitLab, Azure
// DevOps, GitHub test reporters). One testsuite per pack; one testcase per policy and object with
// findings: a failure for a mandatory finding, skipped for a waived one, passed (its text in
// system-out) for an advisory one. Valid against Jenkins' JUnit schema (junit-4.xsd).
import * as os from "os";
import { isBlocking, RunResult, Violation } from "../model";
import { objectName, sortViolations, summarize } from "./summary";
import { escapeXml as x } from "./xml";

function details(vs: Violation[], url: string | undefined): string {
    const lines: string[] = [];
    for (const v of vs) {
        lines.push(v.message);
        if (v.resource.source) lines.push(`at ${v.resource.source}`);
    }
    const first = vs[0];
    lines.push(`measure ${first.measure ?? "-"} · severity ${first.severity} · ${first.resource.urn}`);
    if (url) lines.push(url);
    return lines.join("\n");
}

function suite(result: RunResult, timestamp: string): { xml: string; tests: number; failures: number } {
    const urls = new Map(result.pack.policies.map((p) => [p.name, p.url]));
    // One case per policy and object: several findings of one policy on one object are one case.
    const cases = new Map<string, Violation[]>();
    for (const v of sortViolations(result.violations)) {
        const key = `${v.policy}\u0000${v.resource.urn}`;
        cases.set(key, [...(cases.get(key) ?? []), v]);
    }
    let failures = 0;
    let skipped = 0;
    const body: string[] = [];
    for (const vs of cases.values()) {
        const v = vs[0];
        const blocking = vs.filter(isBlocking);
        const open = `    <testcase classname="${x(v.policy)}" name="${x(objectName(v))}" time="0">`;
        const text = details(blocking.length ? blocking : vs, urls.get(v.policy));
        if (blocking.length) {
            failures++;
            body.push(open, `      <failure type="mandatory" message="${x(blocking[0].message.split("\n")[0])}">${x(text)}</failure>`, "    </testcase>");
        } else if (vs.every((f) => f.waived)) {
            skipped++;
            body.push(open, `      <skipped>${x(text)}</skipped>`, "    </testcase>");
        } else {
            body.push(open, `      <system-out>${x(`[advisory] ${text}`)}</system-out>`, "    </testcase>");
        }
    }
    const s = summarize(result);
    const properties = [
        ["verdict", s.verdict],
        ["mandatory", String(s.mandatory)],
        ["advisory", String(s.advisory)],
        ["waived", String(s.waived)],
        ["resources", String(result.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length)],
    ];
    const notices = (result.notices ?? []).map((n) => `[${n.kind}] ${n.subject}: ${n.message}`);
    const xml = [
        `  <testsuite name="${x(`${result.pack.name}@${result.pack.version}`)}" tests="${cases.size}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${timestamp}" hostname="${x(os.hostname())}">`,
        "    <properties>",
        ...properties.map(([name, value]) => `      <property name="${name}" value="${x(value)}"/>`),
        "    </properties>",
        ...body,
        ...(notices.length ? [`    <system-out>${x(notices.join("\n"))}</system-out>`] : []),
        "  </testsuite>",
    ].join("\n");
    return { xml, tests: cases.size, failures };
}

export function renderJunit(results: RunResult[], now: Date = new Date()): string {
    const timestamp = now.toISOString().slice(0, 19);
    const suites = results.map((r) => suite(r, timestamp));
    return [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="ksl" tests="${suites.reduce((n, s) => n + s.tests, 0)}" failures="${suites.reduce((n, s) => n + s.failures, 0)}" errors="0" time="0">`,
        ...suites.map((s) => s.xml),
        `</testsuites>`,
        "",
    ].join("\n");
}
