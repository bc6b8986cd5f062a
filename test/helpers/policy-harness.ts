import { strict as assert } from "assert";
// Runs a policy the way @pulumi/policy 1.21 runs it inside a pack: props serialised to a protobuf
// Struct, deserialised by the SDK, wrapped in its unknown-checking proxy; getConfig, notApplicable
// and stackTags present; UnknownValueError turned into the SDK's advisory diagnostic.
import { recordRun } from "./coverage";
import { canonicalType } from "../../policypacks/lib/type-tokens";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { ReportViolation, ResourceValidationArgs, StackValidationArgs, PolicyResource } from "@pulumi/policy";
import type { KslPolicy } from "../../policypacks/lib/policy";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { deserializeProperties } = require("@pulumi/policy/deserialize");

/** Unknown sentinel values, as the engine sends them during preview. */
export { UNKNOWN_WIRE_VALUE as UNKNOWN } from "../../policypacks/lib/wire";
import { isWaivedMessage, SECRET_SIG, SECRET_SIG_KEY } from "../../policypacks/lib/wire";
/** A Pulumi secret value, as serialised on the wire. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

export interface Violation {
    policy: string;
    message: string;
    enforcementLevel: string;
    waived: boolean;
    urn?: string;
}

export interface ResourceInput {
    type: string;
    props: Record<string, unknown>;
    name?: string;
    urn?: string;
    config?: Record<string, unknown>;
    stackTags?: Record<string, string>;
}

function toProps(props: Record<string, unknown>, proxySecrets = false): Record<string, any> {
    // Round-trip through the wire format so tests see exactly what a pack sees.
    const struct = Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
    const decoded = deserializeProperties(struct, proxySecrets);
    if (!proxySecrets) decodedLog.push({ decoded, snapshot: JSON.stringify(decoded) });
    return unknownCheckingProxy(decoded);
}

// Packs share one decoding of a resource among all policies (policypacks/serving/sdk-memo.ts), so a
// policy that mutated its props would corrupt the next policy's view. Freezing cannot enforce this
// (the SDK's proxy breaks on frozen targets), so the harness compares a snapshot after each run.
const decodedLog: Array<{ decoded: unknown; snapshot: string }> = [];
function assertUnmutated(policy: string): void {
    const changed = decodedLog.some((d) => JSON.stringify(d.decoded) !== d.snapshot);
    decodedLog.length = 0;
    if (changed) throw new Error(`policy ${policy} mutated its props: policies must clone before changing anything`);
}

function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::test::${type}::${name}`;
}

function levelOf(policy: KslPolicy, config?: Record<string, unknown>): string {
    const configured = config?.enforcementLevel;
    return typeof configured === "string" ? configured : (policy.enforcementLevel ?? "advisory");
}

function collector(policy: KslPolicy, level: string, out: Violation[]): ReportViolation {
    return ((message: any, urn?: string) => {
        if (typeof message === "object") {
            out.push({
                policy: policy.name,
                message: message.message,
                enforcementLevel: message.enforcementLevel ?? level,
                waived: isWaivedMessage(message.message),
                urn: message.urn,
            });
        } else {
            out.push({ policy: policy.name, message: `${policy.description}\n${message}`, enforcementLevel: level, waived: false, urn });
        }
    }) as ReportViolation;
}

function configFn(config?: Record<string, unknown>) {
    return <T>() => {
        const { enforcementLevel, ...rest } = config ?? {};
        void enforcementLevel;
        return rest as T;
    };
}

function notApplicable(reason?: string): never {
    throw Object.assign(new Error(reason ?? "not applicable"), { notApplicable: true });
}

/** Runs a resource policy's validation; returns the violations it reports (recorded for the registration check). */
export function runResourcePolicy(policy: KslPolicy, input: ResourceInput): Violation[] {
    const out = runResourcePolicyUnrecorded(policy, input);
    const types = policy.ksl.types;
    const targeted = types.includes("*") || types.includes(input.type) || types.includes(canonicalType(input.type)) || types.some((t) => t.endsWith(":*") && input.type.startsWith(t.slice(0, -1)));
    recordRun(policy.name, out, targeted, input);
    return out;
}

/** Runs a resource policy without counting the run as a test of it (for replaying recorded examples). */
export function runResourcePolicyUnrecorded(policy: KslPolicy, input: ResourceInput): Violation[] {
    const p = policy as any;
    if (!p.validateResource) throw new Error(`${policy.name} is not a resource policy`);
    const name = input.name ?? "test";
    const level = levelOf(policy, input.config) === "remediate" ? "mandatory" : levelOf(policy, input.config);
    const out: Violation[] = [];
    const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
    for (const v of validations) {
        decodedLog.length = 0;
        const props = toProps(input.props);
        const args: ResourceValidationArgs = {
            type: input.type,
            props,
            urn: input.urn ?? urnOf(input.type, name),
            name,
            opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } } as any,
            stackTags: new Map(Object.entries(input.stackTags ?? {})),
            isType: () => false,
            asType: () => undefined,
            getConfig: configFn(input.config),
            notApplicable,
        };
        try {
            v(args, collector(policy, level, out));
            assertUnmutated(policy.name);
        } catch (e) {
            if (e instanceof UnknownValueError) {
                out.push({ policy: policy.name, message: `can't run policy '${policy.name}' during preview: ${(e as Error).message}`, enforcementLevel: "advisory", waived: false });
            } else if ((e as any)?.notApplicable) {
                // not applicable: nothing reported
            } else {
                throw e;
            }
        }
    }
    return out;
}

/** Runs a resource policy's remediation; returns the new props, or undefined if unchanged. */
export function runRemediation(policy: KslPolicy, input: ResourceInput): Record<string, any> | undefined {
    const p = policy as any;
    if (!p.remediateResource) throw new Error(`${policy.name} has no remediation`);
    const name = input.name ?? "test";
    const result = p.remediateResource({
        type: input.type,
        props: toProps(input.props, true),
        urn: input.urn ?? urnOf(input.type, name),
        name,
        opts: {},
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: configFn(input.config),
        notApplicable,
    });
    return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}

export interface StackResourceInput {
    type: string;
    props: Record<string, unknown>;
    name: string;
    /** Name of the parent resource in this list. */
    parent?: string;
    /** Names of resources in this list this one depends on. */
    dependencies?: string[];
    /** property name → names of resources it depends on. */
    propertyDependencies?: Record<string, string[]>;
}

/** Runs a stack policy over resources; parents and dependencies resolved to objects as the SDK does (recorded for the registration check). */
export function runStackPolicy(policy: KslPolicy, resources: StackResourceInput[], config?: Record<string, unknown>): Violation[] {
    const out = runStackPolicyUnrecorded(policy, resources, config);
    recordRun(policy.name, out, resources.length > 0, { resources, config });
    return out;
}

/** Runs a stack policy without counting the run as a test of it (for replaying recorded examples). */
export function runStackPolicyUnrecorded(policy: KslPolicy, resources: StackResourceInput[], config?: Record<string, unknown>): Violation[] {
    const p = policy as any;
    if (!p.validateStack) throw new Error(`${policy.name} is not a stack policy`);
    const level = levelOf(policy, config) === "remediate" ? "mandatory" : levelOf(policy, config);
    const byName = new Map<string, PolicyResource>();
    decodedLog.length = 0;
    const built = resources.map((r) => {
        const res: any = {
            type: r.type,
            props: toProps(r.props),
            urn: urnOf(r.type, r.name),
            name: r.name,
            opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: {} },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byName.set(r.name, res);
        return res;
    });
    resources.forEach((r, i) => {
        if (r.parent && byName.has(r.parent)) built[i].parent = byName.get(r.parent);
        built[i].dependencies = (r.dependencies ?? []).map((d) => byName.get(d)).filter(Boolean);
        for (const [k, v] of Object.entries(r.propertyDependencies ?? {})) {
            built[i].propertyDependencies[k] = v.map((d) => byName.get(d)).filter(Boolean);
        }
    });
    const out: Violation[] = [];
    const args: StackValidationArgs = {
        resources: built,
        getConfig: configFn(config),
        stackTags: new Map(),
        notApplicable,
    };
    try {
        p.validateStack(args, collector(policy, level, out));
        assertUnmutated(policy.name);
    } catch (e) {
        if (e instanceof UnknownValueError) {
            out.push({ policy: policy.name, message: `can't run policy '${policy.name}' during preview: ${(e as Error).message}`, enforcementLevel: "advisory", waived: false });
        } else if (!(e as any)?.notApplicable) {
            throw e;
        }
    }
    return out;
}

/** Shorthand: messages of the unwaived violations. */
export function messages(vs: Violation[]): string[] {
    return vs.filter((v) => !v.waived).map((v) => v.message);
}

/** The SDK's advisory "can't run policy ... during preview" reports: a value the policy needs is unknown. */
export function notCheckable<V extends { message: string }>(vs: V[]): V[] {
    return vs.filter((v) => /can't run policy .* during preview/.test(v.message));
}

/** The messages of real findings: every violation that is not a not-checkable report. */
export function findingsOf(vs: Array<{ message: string }>): string[] {
    return vs.filter((v) => !/can't run policy/.test(v.message)).map((v) => v.message);
}

/** Exactly one not-checkable report, advisory, naming the unknown value's path. */
export function assertNotCheckable(vs: Array<{ message: string; enforcementLevel: string }>, path: RegExp): void {
    const nc = notCheckable(vs);
    assert.equal(nc.length, 1, JSON.stringify(vs));
    assert.equal(nc[0].enforcementLevel, "advisory");
    assert.match(nc[0].message, path);
}
