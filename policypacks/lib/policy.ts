// The one way policies are defined in this library: metadata from the catalog, enforcement
// derived from severity, waivers and type filtering handled once, here.
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    PolicyResource,
} from "@pulumi/policy";
import { getMeasure } from "../catalog";
import { waivedLine } from "./wire";
import { frameworkOf } from "./framework";
import { policyDocUrl } from "./docs-url";
import type { Severity } from "../catalog/types";
import type { Platform } from "../catalog/platforms";
import { evaluateExemption, evaluateWaiver, EXEMPTIONS_SCHEMA, exemptionSubject, waiverSource, WaiverVerdict } from "./waivers";
import { takeDeferredUnknown } from "./k8s";
import { didYouMean } from "./closest";
import { canonicalProps, canonicalType, hasOneSpelling } from "./type-tokens";

/** Metadata every policy carries. */
export interface PolicyMeta {
    /** Stable, lowercase-hyphenated. PSS controls are `pss-<control>`. */
    name: string;
    /** Id of the catalog measure this policy enforces. Layer and hexad come from there. */
    measure: string;
    /** Full sentences: what is checked and why. */
    description: string;
    severity: Severity;
    /** What to change to comply. Full sentences. */
    remediationSteps: string;
    /** Policy-specific config properties, each with a `default`. */
    configSchema?: PolicyConfigSchema;
    /** Overrides the severity-derived default (critical/high: mandatory, else advisory). */
    enforcementLevel?: EnforcementLevel;
}

/**
 * A finding: the message names the object, field and offending value (never a secret value).
 * `level` overrides the policy's configured enforcement level for this one finding, for findings
 * whose weight the context decides (e.g. a pod the API server would reject).
 */
export type Report = (message: string, level?: "mandatory" | "advisory") => void;

export interface ResourceCheck<C> {
    /** Pulumi type tokens this policy applies to; other types are skipped before any work. `["*"]`: every type; `kubernetes:*`: every type of a provider. */
    types: readonly string[];
    validate: (props: any, ctx: ResourceContext<C>, report: Report) => void;
    /**
     * Returns fixed props, or undefined when nothing needs fixing. Must be safe: only changes
     * that cannot break a compliant workload's intent.
     */
    remediate?: (props: any, ctx: ResourceContext<C>) => Record<string, any> | undefined;
}

export interface ResourceContext<C> {
    type: string;
    name: string;
    urn: string;
    config: C;
    args: ResourceValidationArgs;
}

export interface StackCheck<C> {
    /** `level` overrides the policy's level for one finding, as for resource policies (see Report). */
    validate: (args: StackValidationArgs, config: C, report: (resource: PolicyResource, message: string, level?: "mandatory" | "advisory") => void) => void;
}

export type KslPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    /** Library metadata, kept on the object for the catalog view and the consistency tests. */
    ksl: {
        measure: string;
        layer: string;
        hexad: string[];
        kind: "resource" | "stack";
        /** Type tokens a resource policy targets (`["*"]`: all); empty for stack policies. */
        types: readonly string[];
    };
};

export function defaultEnforcement(severity: Severity): EnforcementLevel {
    return severity === "critical" || severity === "high" ? "mandatory" : "advisory";
}

function baseFields(meta: PolicyMeta) {
    const measure = getMeasure(meta.measure);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(meta.name)) {
        throw new Error(`policy name '${meta.name}' must be lowercase-hyphenated`);
    }
    return {
        name: meta.name,
        description: meta.description,
        severity: meta.severity,
        enforcementLevel: meta.enforcementLevel ?? defaultEnforcement(meta.severity),
        remediationSteps: meta.remediationSteps,
        // Every policy takes exemptions, so the Pulumi CLI's config validation accepts them.
        configSchema: { ...(meta.configSchema ?? {}), properties: { ...(meta.configSchema?.properties ?? {}), exemptions: EXEMPTIONS_SCHEMA } } as PolicyConfigSchema,
        // The generated reference page: options, defaults, examples and waiver syntax.
        url: policyDocUrl(meta.name),
        framework: frameworkOf(meta.name, measure.references),
        // Tags carry the measure metadata to any analyzer client (our engine reads them).
        tags: [
            `measure:${measure.id}`,
            `layer:${measure.layer}`,
            ...measure.hexad.map((h) => `hexad:${h}`),
        ],
        ksl: { measure: measure.id, layer: measure.layer, hexad: [...measure.hexad] },
    };
}

/**
 * Config with schema defaults applied, so a policy never sees an undefined default. An option the
 * schema does not declare is a typo that would configure nothing: the policy refuses to run (the
 * Pulumi CLI validates values against the schema, but lets unknown options through).
 */
function configWithDefaults<C>(policyName: string, schema: PolicyConfigSchema | undefined, raw: object): C {
    const known = Object.keys(schema?.properties ?? {});
    for (const k of Object.keys(raw)) {
        if (k !== "enforcementLevel" && !known.includes(k)) {
            throw new Error(`policy '${policyName}': unknown config option '${k}'${didYouMean(k, known)}; check the --policy-pack-config file`);
        }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema?.properties ?? {})) {
        if (v.default !== undefined) out[k] = v.default;
    }
    return { ...out, ...(raw as Record<string, unknown>) } as C;
}

/**
 * The waiver that covers a finding on a resource: its annotation/tag waiver, else a config
 * exemption matching it. An invalid exemption waives nothing; the finding says why.
 */
function coveringVerdict(policyName: string, type: string, name: string, props: any, exemptions: unknown): { verdict: WaiverVerdict; note?: string } {
    const waiver = evaluateWaiver(waiverSource(type, props), policyName);
    if (waiver.kind !== "none") return { verdict: waiver };
    const e = evaluateExemption(exemptions, exemptionSubject(type, name, props));
    if (e.kind === "valid") return { verdict: { ...e, justification: `exempted in config: ${e.justification}` } };
    if (e.kind === "invalid") return { verdict: { kind: "none" }, note: `[exemption ${(e.index ?? 0) + 1} of ${policyName} ${e.reason}: it exempts nothing]` };
    return { verdict: e };
}

/** Reports a violation, or - when a valid waiver covers it - reports it as waived (advisory). */
function reporterFor(policyName: string, description: string, cover: () => { verdict: WaiverVerdict; note?: string }, report: ReportViolation, urn?: string): Report {
    // Looked up on the first finding only: most resources have none.
    let covering: { verdict: WaiverVerdict; note?: string } | undefined;
    return (rawMessage: string, level?: "mandatory" | "advisory") => {
        covering ??= cover();
        const verdict = covering.verdict;
        const message = covering.note ? `${rawMessage} ${covering.note}` : rawMessage;
        if (verdict.kind === "valid") {
            // The SDK accepts a violation object and honours its enforcement level; a waived
            // finding stays visible but never blocks.
            (report as unknown as (v: object) => void)({
                message: `${description}\n${waivedLine(verdict.expires, verdict.justification)} ${message}`,
                enforcementLevel: "advisory",
                urn,
            });
        } else if (level) {
            (report as unknown as (v: object) => void)({ message: `${description}\n${message}`, enforcementLevel: level, urn });
        } else {
            report(message, urn);
        }
    };
}

/**
 * Resource observers: called with every resource any resource policy of this pack is asked about,
 * before type filtering (e.g. the Pod Security namespace registry, lib/pod-security.ts). Observers
 * must be cheap and idempotent; an observer that throws is ignored.
 */
type ResourceObserver = (type: string, name: string, props: any, arrival: number) => void;
const resourceObservers: ResourceObserver[] = [];
export function observeResources(fn: ResourceObserver): void {
    if (!resourceObservers.includes(fn)) resourceObservers.push(fn);
}

// Arrival order. The SDK awaits between policies, so an engine that keeps several requests in
// flight interleaves their policies; state observed from other resources must then be read as of
// the resource's own position in the run, not as of whatever arrived meanwhile. A resource's
// position is the order in which its URN was first seen (Remediate before Analyze of the same
// resource keeps one position); a call without a URN sees everything observed so far.
const arrivals = new Map<string, number>();
let current = Infinity;
/** The position of the resource whose policy runs now (Infinity outside a resource request). */
export function currentArrival(): number {
    return current;
}
/** For tests: forget every resource's position. */
export function resetArrivals(): void {
    arrivals.clear();
    current = Infinity;
}
function notifyObservers(args: { type: string; name: string; urn?: string; props: any }): void {
    if (args.urn) {
        let at = arrivals.get(args.urn);
        if (at === undefined) arrivals.set(args.urn, (at = arrivals.size + 1));
        current = at;
    } else {
        current = Infinity;
    }
    for (const o of resourceObservers) {
        try {
            o(args.type, args.name, args.props, current);
        } catch {
            // an observer never breaks a policy
        }
    }
}

export function resourcePolicy<C = Record<string, never>>(meta: PolicyMeta, check: ResourceCheck<C>): KslPolicy {
    const base = baseFields(meta);
    const types = new Set(check.types);
    // A resource of a removed API version (apps/v1beta2 Deployment, extensions/v1beta1 Ingress, ...)
    // is read as its current version, an API-versioned azure-native type as the unversioned one:
    // ctx.type is the canonical token, props in its shape (lib/type-tokens.ts).
    // `prefix:*` entries match every type of that provider (POD_CARRIER_TYPES: any Kubernetes object).
    const prefixes = [...types].filter((t) => t.endsWith(":*")).map((t) => t.slice(0, -1));
    const applies = types.has("*") ? () => true : (type: string, props?: unknown) => types.has(type) || types.has(canonicalType(type, props)) || prefixes.some((p) => type.startsWith(p));
    const policy: ResourceValidationPolicy & { ksl: KslPolicy["ksl"] } = {
        ...base,
        ksl: { ...base.ksl, kind: "resource", types: [...check.types] },
        validateResource: (args, reportViolation) => {
            notifyObservers(args);
            if (!applies(args.type, args.props)) return;
            const type = canonicalType(args.type, args.props);
            const props = canonicalProps(args.type, args.props);
            const ctx: ResourceContext<C> = {
                type,
                name: args.name,
                urn: args.urn,
                config: configWithDefaults<C>(meta.name, base.configSchema, args.getConfig()),
                args,
            };
            const cover = () => coveringVerdict(meta.name, args.type, args.name, props, (ctx.config as { exemptions?: unknown }).exemptions);
            takeDeferredUnknown();
            check.validate(props, ctx, reporterFor(meta.name, meta.description, cover, reportViolation));
            // Known parts are checked; an unknown part still makes the policy not checkable (advisory).
            const unknown = takeDeferredUnknown();
            if (unknown) throw unknown;
        },
    };
    // The SDK skips deserialising other types entirely when it sees this marker; a type with former
    // API versions must not carry it, or those versions would be skipped.
    const singleType = types.size === 1 && !types.has("*") && prefixes.length === 0 && hasOneSpelling(check.types[0]);
    if (singleType) (policy.validateResource as any).__pulumiType = check.types[0];
    if (check.remediate) {
        const remediate = check.remediate;
        policy.remediateResource = (args) => {
            notifyObservers(args);
            if (!applies(args.type, args.props)) return undefined;
            // A waived or exempted policy is the user's explicit choice: leave the resource as declared.
            const exemptions = (args.getConfig() as { exemptions?: unknown }).exemptions;
            if (coveringVerdict(meta.name, args.type, args.name, args.props, exemptions).verdict.kind === "valid") return undefined;
            // Remediation rewrites the declared props: only for the current API version's shape.
            if (canonicalType(args.type, args.props) !== args.type && canonicalProps(args.type, args.props) !== args.props) return undefined;
            return remediate(args.props, {
                type: canonicalType(args.type, args.props),
                name: args.name,
                urn: args.urn,
                config: configWithDefaults<C>(meta.name, base.configSchema, args.getConfig()),
                args: args as ResourceValidationArgs,
            });
        };
        if (singleType) (policy.remediateResource as any).__pulumiType = check.types[0];
    }
    return policy;
}

export function stackPolicy<C = Record<string, never>>(meta: PolicyMeta, check: StackCheck<C>): KslPolicy {
    const base = baseFields(meta);
    return {
        ...base,
        ksl: { ...base.ksl, kind: "stack", types: [] },
        validateStack: (args, reportViolation) => {
            const config = configWithDefaults<C>(meta.name, base.configSchema, args.getConfig());
            takeDeferredUnknown();
            const exemptions = (config as { exemptions?: unknown }).exemptions;
            check.validate(args, config, (resource, message, level) => {
                const cover = () => coveringVerdict(meta.name, resource.type, resource.name, resource.props, exemptions);
                reporterFor(meta.name, meta.description, cover, reportViolation, resource.urn)(message, level);
            });
            // As for resource policies: what is known is reported, an unknown part makes it advisory.
            const unknown = takeDeferredUnknown();
            if (unknown) throw unknown;
        },
    };
}

/**
 * One policy object per platform, built on first use: a policy whose defaults depend on the
 * platform (a cloud's own annotations) is specialised per pack, under the same name.
 */
export function perPlatformPolicy(build: (platform: Platform) => KslPolicy): (platform: Platform) => KslPolicy {
    const built = new Map<Platform, KslPolicy>();
    return (platform) => {
        let p = built.get(platform);
        if (!p) built.set(platform, (p = build(platform)));
        return p;
    };
}
