// The policy reference: one Markdown page per policy (docs/policies/<policy>.md) and an index,
// generated from the live packs and the catalog, so every option, default and level shown is the
// one the packs enforce.
import { measures } from "../policypacks/catalog";
import { PLATFORM_INFO, PLATFORMS, type Platform } from "../policypacks/catalog/platforms";
import { packPolicies } from "../policypacks/packs";
import type { KslPolicy } from "../policypacks/lib/policy";
import { POD_CARRIER_TYPES, POD_SPEC_TYPES } from "../policypacks/lib/pod-specs";
import { stringify as toYaml } from "yaml";

/**
 * An input a test ran the policy on, and what it reported: a resource (type and props) for a
 * resource policy, the stack's resources for a stack policy.
 */
export interface PolicyExample {
    type?: string;
    props?: Record<string, unknown>;
    name?: string;
    urn?: string;
    stackTags?: Record<string, string>;
    resources?: Array<{ type: string; name: string; props: Record<string, unknown>; parent?: string; dependencies?: string[]; propertyDependencies?: Record<string, string[]> }>;
    /** Policy config the run used, beyond the defaults. */
    config?: Record<string, unknown>;
    /** The non-compliant run's first finding. */
    finding?: string;
    /** KSL_TODAY of the run, for date-dependent checks (waiver expiry, evidence age). */
    today?: string;
}

/** Policy name → its compliant and non-compliant example, as recorded from the test suite. */
export type PolicyExamples = Record<string, { compliant?: PolicyExample; nonCompliant?: PolicyExample }>;

interface SchemaProp {
    type?: string | string[];
    default?: unknown;
    description?: string;
    enum?: unknown[];
    items?: { type?: string };
    minimum?: number;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const anchor = (id: string) => id.toLowerCase().replace(/[^a-z0-9 _-]/g, "");

/** Every policy once, with the platforms whose pack holds it, in pack order. */
function policiesWithPacks(): Array<{ policy: KslPolicy; packs: Platform[] }> {
    const byName = new Map<string, { policy: KslPolicy; packs: Platform[] }>();
    for (const platform of PLATFORMS) {
        for (const p of packPolicies(platform)) {
            const e = byName.get(p.name) ?? { policy: p, packs: [] };
            e.packs.push(platform);
            byName.set(p.name, e);
        }
    }
    return [...byName.values()];
}

function typeOf(p: SchemaProp): string {
    const t = Array.isArray(p.type) ? p.type.join(" | ") : p.type ?? "any";
    return t === "array" && p.items?.type ? `${p.items.type}[]` : t;
}

/** A Kubernetes object's inputs are its manifest: apiVersion and kind from the type token when the test left them out. */
function manifest(type: string, props: Record<string, unknown>): Record<string, unknown> {
    const m = /^kubernetes:([^:]+):([^:]+)$/.exec(type);
    if (!m || (props.apiVersion && props.kind)) return props;
    return { apiVersion: m[1].replace(/^core\//, ""), kind: m[2], ...props };
}

/** Pulumi program shape: type token, then the inputs as YAML. */
function exampleBlock(e: PolicyExample): string[] {
    const body = e.resources
        ? toYaml(e.resources.map((r) => ({ type: r.type, name: r.name, ...(r.parent ? { parent: r.parent } : {}), props: manifest(r.type, r.props) })))
        : `# ${e.type}\n${toYaml(manifest(e.type ?? "", e.props ?? {}))}`;
    const config = Object.entries(e.config ?? {}).filter(([k]) => k !== "enforcementLevel");
    const lines = config.length ? ["With policy config:", "", "```json", JSON.stringify(Object.fromEntries(config)), "```", ""] : [];
    if (e.stackTags) lines.push(`With stack tags: \`${JSON.stringify(e.stackTags)}\``, "");
    return [...lines, "```yaml", body.trimEnd(), "```", ""];
}

/** The finding as the policy words it, without the description the SDK prefixes. */
function findingText(policy: KslPolicy, message: string): string {
    return message.startsWith(policy.description) ? message.slice(policy.description.length).trim() : message;
}

function examplesSection(policy: KslPolicy, ex: { compliant?: PolicyExample; nonCompliant?: PolicyExample } | undefined): string[] {
    const L = ["## Examples", "", "Taken from the test suite (`npm run docs:examples`) and replayed by it. Compliant means this policy reports nothing: the example may still break other policies.", ""];
    if (ex?.nonCompliant) {
        L.push("### Non-compliant", "", ...exampleBlock(ex.nonCompliant));
        L.push("Reported:", "", ...findingText(policy, ex.nonCompliant.finding ?? "").split("\n").map((l) => `> ${l}`), "");
    }
    if (ex?.compliant) L.push("### Compliant", "", ...exampleBlock(ex.compliant));
    return L;
}

function page(policy: KslPolicy, packs: Platform[], examples: PolicyExamples): string {
    const p = policy as KslPolicy & { framework?: { name: string; version: string; reference: string; specification: string }; configSchema?: { properties?: Record<string, SchemaProp> } };
    const m = measures.find((x) => x.id === p.ksl.measure)!;
    const L: string[] = [];
    L.push(`# ${p.name}`, "", p.description, "");
    L.push("| | |", "|---|---|");
    L.push(`| Measure | [\`${m.id}\`](../measures.md#${anchor(m.id)}) - ${cell(m.title)} (rank ${m.significance}) |`);
    L.push(`| Layer | ${m.layer} |`);
    L.push(`| Hexad | ${m.hexad.join(", ")} |`);
    L.push(`| Severity | ${p.severity} |`);
    L.push(`| Default enforcement | ${p.enforcementLevel} |`);
    L.push(`| Packs | ${packs.map((x) => `\`${PLATFORM_INFO[x].packName}\``).join(", ")} |`);
    const checks =
        p.ksl.kind === "stack"
            ? "the whole stack (AnalyzeStack)"
            : p.ksl.types.includes("*")
              ? "each resource of any type (documents in any string property)"
              : p.ksl.types.join() === POD_CARRIER_TYPES.join()
                ? `every pod, wherever a Kubernetes object carries one: ${POD_SPEC_TYPES.map((t) => `\`${t.split(":").pop()}\``).join(", ")} (and their server-side-apply \`*Patch\` kinds), the custom resources of widely used controllers (Argo Rollouts/Workflows/Events, Knative, KEDA, Tekton, OpenKruise, OpenShift, Kubeflow, Ray, JobSet, LeaderWorkerSet, Volcano, the Prometheus operator, Crossplane Objects) and any other object with a pod-spec-shaped \`containers\` list (\`policypacks/lib/pod-specs.ts\`)`
                : `each resource of type ${p.ksl.types.map((t) => `\`${t}\``).join(", ")}`;
    L.push(`| Checks | ${checks} |`);
    if (p.framework) L.push(`| Framework | [${p.framework.name} ${p.framework.version}](${p.framework.specification}): ${cell(p.framework.reference)} |`);
    L.push("");
    L.push("## Remediation", "", p.remediationSteps ?? "", "");
    const props = Object.entries(p.configSchema?.properties ?? {});
    L.push("## Configuration", "");
    L.push("Set in the pack's policy config (`pulumi preview --policy-pack-config`, or `ksl config`):", "");
    L.push("| option | type | default | description |", "|---|---|---|---|");
    for (const [k, v] of props) {
        const extra = v.enum ? ` One of ${v.enum.map((x) => JSON.stringify(x)).join(", ")}.` : v.minimum !== undefined ? ` Minimum ${v.minimum}.` : "";
        L.push(`| \`${k}\` | ${typeOf(v)} | \`${cell(JSON.stringify(v.default ?? null))}\` | ${cell((v.description ?? "") + extra)} |`);
    }
    L.push("");
    L.push(...examplesSection(p, examples[p.name]));
    L.push("## Waiving a finding", "");
    L.push(`On the object: annotation \`waivers.ksl.dev/${p.name}: "expires=YYYY-MM-DD; justification=..."\` (Kubernetes objects)` + (p.name.startsWith("aks-") ? `, or tag \`${PLATFORM_INFO.aks.cloudWaiverPrefix}${p.name}\` with the same value (Azure resources)` : "") + ".");
    L.push("For objects you cannot annotate, the `exemptions` option above. A waiver or exemption lasts at most 366 days; the finding is still reported, as waived.", "");
    return L.join("\n");
}

/** File name (under docs/policies) → content, for every policy and the index. */
export function policyDocs(examples: PolicyExamples): Map<string, string> {
    const out = new Map<string, string>();
    const all = policiesWithPacks().sort((a, b) => a.policy.name.localeCompare(b.policy.name));
    const index = ["# Policy reference", "", `${all.length} policies, generated from the packs by \`npm run docs\`. Each page gives the measure, level, options, examples from the test suite and waiver syntax.`, "", "| policy | measure | severity | packs |", "|---|---|---|---|"];
    for (const { policy, packs } of all) {
        out.set(`${policy.name}.md`, page(policy, packs, examples));
        index.push(`| [\`${policy.name}\`](${policy.name}.md) | \`${policy.ksl.measure}\` | ${policy.severity} | ${packs.map((x) => PLATFORM_INFO[x].label).join(", ")} |`);
    }
    out.set("README.md", index.join("\n") + "\n");
    return out;
}
