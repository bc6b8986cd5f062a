// The catalog as users see it: every measure joined with the policies that enforce it in each
// pack. Policies name their measure (`policy.ksl.measure`); the catalog never lists policies, so
// this join is the only place the two meet (ksl measures, docs/measures.md, consistency tests).
import { CLASSIC_PROVIDER, ClassicSupport } from "../policypacks/catalog/classic-provider";
import { measures, RankedMeasure } from "../policypacks/catalog";
import { accounting, externalChecksFor } from "../policypacks/catalog/accounting";
import { SIGNIFICANCE_RATIONALE } from "../policypacks/catalog/significance";
import { LAYERS } from "../policypacks/catalog/types";
import { perPlatform, PLATFORM_INFO, PLATFORMS } from "../policypacks/catalog/platforms";
import { packPolicies, PACK_NAMES } from "../policypacks/packs";
import type { HexadGoal, Layer, Phase, Platform, References } from "../policypacks/catalog/types";

export { PLATFORMS };

/** One policy enforcing a measure, and which packs hold it. */
export interface PolicyRef {
    name: string;
    /** Platforms whose pack holds this policy (`k8s-security-aks` / `k8s-security-onprem`). */
    packs: Platform[];
    severity: string;
    enforcementLevel: string;
}

export interface PlatformView {
    applies: boolean;
    how: string;
    managed: boolean;
    /** AKS only: whether the measure's policies hold for clusters of the classic Azure provider. */
    classicProvider?: ClassicSupport;
}

export interface MeasureView {
    id: string;
    title: string;
    layer: Layer;
    /** Global rank, 1 = most significant (catalog/significance.ts). */
    significance: number;
    exploitability: number;
    hexad: HexadGoal[];
    phase: Phase;
    platforms: Record<Platform, PlatformView>;
    enforcement: {
        policies: PolicyRef[];
        components: string[];
        /** Empty string when the measure needs no guidance. */
        guidance: string;
    };
    references: References;
    summary: string;
    /** The public ids of the external checks the measure answers to (Checkov, Azure Policy, CIS, ...). */
    answersTo: string[];
}

export interface ViewFilter {
    /** Only measures that apply on this platform; policies only from its pack. */
    platform?: Platform;
    layer?: Layer;
}

/** Policy name → the platforms whose pack holds it, per measure id. */
function policiesByMeasure(): Map<string, PolicyRef[]> {
    const byName = new Map<string, PolicyRef & { measure: string }>();
    for (const platform of PLATFORMS) {
        for (const p of packPolicies(platform)) {
            const known = byName.get(p.name);
            if (known) {
                if (!known.packs.includes(platform)) known.packs.push(platform);
            } else {
                byName.set(p.name, {
                    name: p.name,
                    measure: p.ksl.measure,
                    packs: [platform],
                    severity: String(p.severity ?? ""),
                    enforcementLevel: String(p.enforcementLevel ?? ""),
                });
            }
        }
    }
    const out = new Map<string, PolicyRef[]>();
    for (const { measure, ...ref } of byName.values()) {
        const list = out.get(measure) ?? [];
        list.push(ref);
        out.set(measure, list);
    }
    for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    return out;
}

function view(m: RankedMeasure, policies: PolicyRef[]): MeasureView {
    const platform = (p: Platform): PlatformView => ({
        applies: m.platforms[p].applies,
        how: m.platforms[p].how,
        managed: m.platforms[p].managed === true,
        ...(p === "aks" && CLASSIC_PROVIDER[m.id] ? { classicProvider: CLASSIC_PROVIDER[m.id] } : {}),
    });
    return {
        id: m.id,
        title: m.title,
        layer: m.layer,
        significance: m.significance,
        exploitability: m.exploitability,
        hexad: [...m.hexad],
        phase: m.phase,
        platforms: perPlatform(platform),
        enforcement: {
            policies,
            components: [...m.components],
            guidance: m.guidance ?? "",
        },
        references: m.references,
        summary: m.summary,
        answersTo: externalChecksFor(m.id),
    };
}

/** The measures in significance order, each with its enforcing policies, optionally filtered. */
export function catalogView(filter: ViewFilter = {}): MeasureView[] {
    const byMeasure = policiesByMeasure();
    return measures
        .filter((m) => (filter.platform ? m.platforms[filter.platform].applies : true))
        .filter((m) => (filter.layer ? m.layer === filter.layer : true))
        .map((m) => {
            const all = byMeasure.get(m.id) ?? [];
            const policies = filter.platform ? all.filter((p) => p.packs.includes(filter.platform!)) : all;
            return view(m, policies.map((p) => ({ ...p, packs: [...p.packs] })));
        });
}

export { PACK_NAMES };

// ---- rendering -------------------------------------------------------------------------------

const PLATFORM_LABEL = perPlatform((p) => PLATFORM_INFO[p].label);

/** "yes", "managed" or "no": how a measure stands on a platform, in one word. */
export function platformStatus(p: PlatformView): "yes" | "managed" | "no" {
    return !p.applies ? "no" : p.managed ? "managed" : "yes";
}

function policyLabel(p: PolicyRef, code: (s: string) => string): string {
    // A policy in both packs is platform-neutral; otherwise say whose pack holds it.
    return p.packs.length === PLATFORMS.length ? code(p.name) : `${code(p.name)} (${p.packs.map((x) => PLATFORM_LABEL[x]).join(", ")})`;
}

/** A policy name linked to its page in docs/policies (generated by `npm run docs`). */
const policyLink = (name: string) => `[\`${name}\`](policies/${name}.md)`;

function enforcedBy(m: MeasureView, code: (s: string) => string): string[] {
    const parts: string[] = [];
    if (m.enforcement.policies.length) parts.push("policies: " + m.enforcement.policies.map((p) => policyLabel(p, code)).join(", "));
    if (m.enforcement.components.length) parts.push("components: " + m.enforcement.components.join(", "));
    if (m.enforcement.guidance) parts.push("guidance");
    return parts;
}

function referenceList(r: References): string[] {
    const out: string[] = [];
    const add = (label: string, ids?: string[]) => {
        if (ids?.length) out.push(`${label} ${ids.join(", ")}`);
    };
    add("CIS Kubernetes v1.12", r.cisKubernetes);
    add("CIS AKS", r.cisAks);
    add("NSA/CISA", r.nsaCisa);
    add("PSS", r.pss);
    add("MCSB", r.mcsb);
    add("Other", r.other);
    return out;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * Markdown for a view: the significance rationale, one section per layer (outermost first) with a
 * table in significance order and per-measure details, then the accounting table for the measures
 * shown. `catalogMarkdown(catalogView())` is docs/measures.md.
 */
export function catalogMarkdown(view: MeasureView[]): string {
    const L: string[] = [];
    const code = (s: string) => "`" + s + "`";
    L.push("# Measures");
    L.push("");
    L.push("<!-- Generated by scripts/gen-measures-doc.ts from the measure catalog and the policy packs (`npm run docs`). Do not edit by hand. -->");
    L.push("");
    L.push(
        `The Kubernetes Security Library's catalog: ${view.length} measures, each with its layer, significance rank, ` +
            "Parkerian Hexad goals, how it is achieved on Azure AKS and on-premise, and what enforces it: policies of the " +
            "`k8s-security-aks` / `k8s-security-onprem` packs, components (HardenedNamespace, HardenedAKSCluster, OnPremNodePool) " +
            "or guidance for what cannot be checked at `pulumi preview`.",
    );
    L.push("");
    L.push(`${PLATFORMS.map((p) => PLATFORM_LABEL[p]).join(" / ")} columns: **yes** = the user configures it (as the details say), **managed** = the platform operates it, **no** = not possible or not applicable there (the details say why).`);
    L.push("");
    L.push("## Significance");
    L.push("");
    L.push(SIGNIFICANCE_RATIONALE);
    L.push("");
    for (const layer of LAYERS) {
        const inLayer = view.filter((m) => m.layer === layer);
        if (!inLayer.length) continue;
        L.push(`## Layer: ${layer}`);
        L.push("");
        L.push(`| rank | id | title | hexad | ${PLATFORMS.map((p) => PLATFORM_LABEL[p]).join(" | ")} | enforced by |`);
        L.push(`|---:|---|---|---|${PLATFORMS.map(() => "---|").join("")}---|`);
        for (const m of inLayer) {
            L.push(
                `| ${m.significance} | [${code(m.id)}](#${anchor(m.id)}) | ${cell(m.title)} | ${m.hexad.join(", ")} | ` +
                    `${PLATFORMS.map((p) => platformStatus(m.platforms[p])).join(" | ")} | ${cell(enforcedBy(m, policyLink).join("; ") || "-")} |`,
            );
        }
        L.push("");
        for (const m of inLayer) {
            L.push(`### ${m.id}`);
            L.push("");
            L.push(`**${m.title}** (rank ${m.significance}; exploitability ${m.exploitability}; phase ${m.phase}; hexad ${m.hexad.join(", ")})`);
            L.push("");
            L.push(m.summary);
            L.push("");
            for (const p of PLATFORMS) {
                L.push(`- **${PLATFORM_LABEL[p]}** (${platformStatus(m.platforms[p])}): ${m.platforms[p].how}`);
            }
            const classic = m.platforms.aks.classicProvider;
            if (classic) L.push(`- **Classic Azure provider** (${classic.holds}): ${classic.note}`);
            const by = enforcedBy(m, policyLink);
            L.push(`- **Enforced by**: ${by.length ? by.join("; ") : "nothing yet"}`);
            if (m.enforcement.guidance) L.push(`- **Guidance**: ${m.enforcement.guidance}`);
            const refs = referenceList(m.references);
            if (refs.length) L.push(`- **References**: ${refs.join("; ")}`);
            if (m.answersTo.length) L.push(`- **Answers to**: ${m.answersTo.join(", ")}`);
            L.push("");
        }
    }
    const shown = new Set(view.map((m) => m.id));
    const rows = accounting.filter((a) => (a.measure ? shown.has(a.measure) : view.length === measures.length));
    L.push("## Accounting");
    L.push("");
    L.push(
        "Every external check the library is measured against - the Kubernetes checks of Pod Security Admission, Kyverno, Polaris, kube-linter, " +
            "kubesec, kubescape and Checkov; the AKS checks of Azure Policy, CIS AKS, Checkov, Trivy and PSRule; the CIS Kubernetes items kube-bench runs, " +
            "with where the on-prem pack finds each; and the project's founding measures - with the measure that answers it or the reason it is not a security measure.",
    );
    L.push("");
    L.push("| check | subject | external ids | measure | note |");
    L.push("|---|---|---|---|---|");
    for (const a of rows) {
        const forms = a.forms === undefined ? "" : a.forms.length ? ` Found in: ${a.forms.join("; ")}.` : " Not readable at preview.";
        L.push(`| ${cell(a.key)} | ${cell(a.subject)} | ${cell(a.checks.join(", "))} | ${a.measure ? code(a.measure) : "-"} | ${cell(((a.note ?? "") + forms).trim())} |`);
    }
    L.push("");
    return L.join("\n");
}

/** GitHub's heading anchor for a `### <id>` heading. */
function anchor(id: string): string {
    return id.toLowerCase().replace(/[^a-z0-9 _-]/g, "");
}

/** A terminal listing: one block per measure, grouped by layer, in significance order. */
export function catalogText(view: MeasureView[]): string {
    const L: string[] = [];
    const width = String(Math.max(1, ...view.map((m) => m.significance))).length;
    for (const layer of LAYERS) {
        const inLayer = view.filter((m) => m.layer === layer);
        if (!inLayer.length) continue;
        L.push(`${layer.toUpperCase()} (${inLayer.length})`);
        for (const m of inLayer) {
            L.push(`  ${String(m.significance).padStart(width)}  ${m.id}  ${m.title}`);
            const pad = " ".repeat(width + 4);
            L.push(`${pad}hexad: ${m.hexad.join(", ")}   ${PLATFORMS.map((p) => `${PLATFORM_LABEL[p]}: ${platformStatus(m.platforms[p])}`).join("   ")}   phase: ${m.phase}`);
            const by = enforcedBy(m, (s) => s);
            L.push(`${pad}enforced by: ${by.length ? by.join("; ") : "nothing yet"}`);
        }
        L.push("");
    }
    L.push(`${view.length} measures.`);
    return L.join("\n") + "\n";
}
