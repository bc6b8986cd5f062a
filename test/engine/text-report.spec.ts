// The text report's hexad totals show all six goals, so the balance between them is visible.
import { strict as assert } from "assert";
import { renderText } from "../../engine/report/text";
import type { RunResult, Violation } from "../../engine/model";

const violation = (hexad: string[]): Violation => ({
    policy: "pss-privileged",
    pack: "k8s-security-aks",
    measure: "workload.privileged",
    layer: "workload",
    hexad,
    severity: "critical",
    enforcementLevel: "mandatory",
    waived: false,
    message: 'container "app" sets securityContext.privileged=true',
    cause: null,
    description: "Privileged containers are forbidden.",
    resource: { urn: "urn:pulumi:dev::p::kubernetes:core/v1:Pod::app", type: "kubernetes:core/v1:Pod", name: "app", namespace: "shop", source: null },
    phase: "resource",
});
const result = (violations: Violation[]): RunResult => ({
    pack: { name: "k8s-security-aks", version: "0.1.0", dir: "/x", policies: [] },
    resources: [],
    violations,
    remediations: [],
    blocked: violations.length > 0,
});

describe("text report: hexad totals", () => {
    it("lists all six goals, zeros included, when anything was found", () => {
        const text = renderText(result([violation(["integrity", "confidentiality"])]));
        const block = text.slice(text.indexOf("Totals per hexad goal:"));
        for (const g of ["confidentiality", "possession", "integrity", "authenticity", "availability", "utility"]) assert.match(block, new RegExp(`\\n  ${g} +`), g);
        assert.match(block, /\n  utility +0 mandatory +0 advisory +0 waived/);
    });
    it("has no hexad block when nothing was found", () => {
        assert.ok(!renderText(result([])).includes("Totals per hexad goal:"));
    });
});
