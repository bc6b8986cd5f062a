// Totals of one run: per layer (outermost first), per hexad goal and a verdict. Shared by every format.
import { HEXAD_GOALS, LAYERS } from "../../policypacks/catalog/types";
import { isBlocking, RunResult, Violation } from "../model";

export interface Counts {
    /** Unwaived mandatory violations: these block. */
    mandatory: number;
    /** Unwaived advisory violations. */
    advisory: number;
    /** Waived violations (never block). */
    waived: number;
}

export interface Summary {
    total: number;
    mandatory: number;
    advisory: number;
    waived: number;
    /** Layer → counts, in layer order (outermost first); `other` for policies without a layer. */
    byLayer: Record<string, Counts>;
    /** Hexad goal → counts; a violation counts once for each goal its measure protects. */
    byHexad: Record<string, Counts>;
    /**
     * Findings by root cause: findings that name the same cause (an image reference) are one cause,
     * any other finding is its own; `objects` are the distinct resources with findings. `mandatory`
     * counts only unwaived mandatory findings.
     */
    causes: { total: number; mandatory: number };
    objects: { total: number; mandatory: number };
    /** Objects whose content never reached the pack (require-rendered-content: unrendered components, GitOps objects, containers in unknown shapes, dynamic resources). */
    notChecked: number;
    /** Files a scan skipped because they are not Kubernetes manifests (Helm values, app config). */
    skippedFiles: number;
    verdict: "blocked" | "passed";
}

/** The policy that reports deployed content the pack could not see. */
export const UNCHECKED_CONTENT_POLICY = "require-rendered-content";

/** Counts a finding at its level. */
export function bump(c: Counts, v: Violation): void {
    if (v.waived) c.waived++;
    else if (v.enforcementLevel === "mandatory") c.mandatory++;
    else c.advisory++;
}

export const zeroCounts = (): Counts => ({ mandatory: 0, advisory: 0, waived: 0 });

/** `namespace/name`; names of rendered objects already carry their namespace (`tools/debug`, `chart:tools/debug`). */
export function qualifiedName(r: { name: string; namespace: string | null }): string {
    return r.namespace && !r.name.includes(`${r.namespace}/`) ? `${r.namespace}/${r.name}` : r.name;
}

/** `Deployment team-a/web`: a finding's object as users name it (`Stack` for stack-level findings). */
export function objectName(v: Violation): string {
    return `${v.resource.type ? v.resource.type.split(":").pop()! : "Stack"} ${qualifiedName(v.resource)}`;
}

export function layerOrder(layer: string | null): number {
    const i = (LAYERS as readonly string[]).indexOf(layer ?? "");
    return i < 0 ? LAYERS.length : i;
}

/** Violations in report order: layer (outermost first), blocking first, then policy and resource. */
export function sortViolations(vs: Violation[]): Violation[] {
    const rank = (v: Violation) => (isBlocking(v) ? 0 : v.waived ? 2 : 1);
    return [...vs].sort(
        (a, b) =>
            layerOrder(a.layer) - layerOrder(b.layer) ||
            rank(a) - rank(b) ||
            a.policy.localeCompare(b.policy) ||
            a.resource.urn.localeCompare(b.resource.urn),
    );
}

export function summarize(result: RunResult): Summary {
    const byLayer: Record<string, Counts> = {};
    const byHexad: Record<string, Counts> = {};
    const total = zeroCounts();
    for (const l of [...LAYERS, "other"]) byLayer[l] = zeroCounts();
    for (const h of HEXAD_GOALS) byHexad[h] = zeroCounts();
    for (const v of result.violations) {
        bump(total, v);
        const layer = v.layer && byLayer[v.layer] ? v.layer : "other";
        bump(byLayer[layer], v);
        for (const h of v.hexad) bump((byHexad[h] ??= zeroCounts()), v);
    }
    const causeKey = (v: Violation) => (v.cause ? `cause\0${v.cause}` : `policy\0${v.policy}\0${v.resource.urn}`);
    const blocking = result.violations.filter(isBlocking);
    const uncheckedComponents = new Set(result.violations.filter((v) => v.policy === UNCHECKED_CONTENT_POLICY).map((v) => v.resource.urn));
    return {
        total: result.violations.length,
        ...total,
        byLayer,
        byHexad,
        causes: { total: new Set(result.violations.map(causeKey)).size, mandatory: new Set(blocking.map(causeKey)).size },
        objects: { total: new Set(result.violations.map((v) => v.resource.urn)).size, mandatory: new Set(blocking.map((v) => v.resource.urn)).size },
        notChecked: uncheckedComponents.size,
        skippedFiles: (result.notices ?? []).filter((n) => n.kind === "skipped").length,
        verdict: result.violations.some(isBlocking) ? "blocked" : "passed",
    };
}

/** Findings that share a root cause, in report order: the cause, its policies and the objects it appears on. */
export interface CauseGroup {
    cause: string;
    policies: string[];
    resources: Array<{ urn: string; type: string; name: string; namespace: string | null }>;
    /** `mandatory` when any of its findings blocks. */
    enforcementLevel: "mandatory" | "advisory";
    /** Every finding of the group is waived. */
    waived: boolean;
    findings: number;
}

export function causeGroups(result: RunResult): CauseGroup[] {
    const groups = new Map<string, CauseGroup>();
    for (const v of sortViolations(result.violations)) {
        if (!v.cause) continue;
        let g = groups.get(v.cause);
        if (!g) groups.set(v.cause, (g = { cause: v.cause, policies: [], resources: [], enforcementLevel: "advisory", waived: true, findings: 0 }));
        g.findings++;
        if (!g.policies.includes(v.policy)) g.policies.push(v.policy);
        if (!g.resources.some((r) => r.urn === v.resource.urn)) g.resources.push({ urn: v.resource.urn, type: v.resource.type, name: v.resource.name, namespace: v.resource.namespace });
        if (isBlocking(v)) g.enforcementLevel = "mandatory";
        if (!v.waived) g.waived = false;
    }
    return [...groups.values()].filter((g) => g.findings > 1);
}
