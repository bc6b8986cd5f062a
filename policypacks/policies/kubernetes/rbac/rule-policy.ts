// One shape for every "this permission is dangerous" RBAC policy: a stack policy that reports each
// Role/ClusterRole granting it (effective rules, aggregation resolved) and each binding that hands
// such a role - of the stack or a built-in like `edit` - to subjects, naming the role and subjects.
import { KslPolicy, PolicyMeta, stackPolicy } from "../../../lib/policy";
import { Item, StackIndex, describe, strMap } from "../namespace/stack";
import {
    AGGREGATE_LABELS,
    BINDING_TYPES,
    ROLE_TYPES,
    Rule,
    RoleTarget,
    describeSubjects,
    effectiveRules,
    resolveRoleRef,
    roleLabel,
    subjectsOf,
    waives,
} from "./rules";

export interface RuleCheckContext<C> {
    idx: StackIndex;
    config: C;
}

export interface RulePolicySpec<C> {
    /** Findings for a set of rules, each naming the rule and what it grants. */
    detect: (rules: Rule[], ctx: RuleCheckContext<C>) => string[];
    /** Items (roles or bindings) this policy accepts, e.g. Roles of a PSA-restricted namespace. */
    exempt?: (item: Item, ctx: RuleCheckContext<C>) => boolean;
}

export function rbacRulePolicy<C = Record<string, never>>(meta: PolicyMeta, spec: RulePolicySpec<C>): KslPolicy {
    return stackPolicy<C>(meta, {
        validate: (args, config, report) => {
            const idx = StackIndex.of(args.resources);
            const ctx: RuleCheckContext<C> = { idx, config };
            for (const role of idx.ofType(...ROLE_TYPES)) {
                if (spec.exempt?.(role, ctx)) continue;
                const findings = spec.detect(effectiveRules(role, idx), ctx);
                if (!findings.length) continue;
                const aggInto = Object.entries(AGGREGATE_LABELS)
                    .filter(([l]) => strMap(role.props?.metadata?.labels)[l] === "true")
                    .map(([, b]) => `"${b}"`);
                const note = aggInto.length ? ` (and aggregates into built-in ClusterRole ${aggInto.join(", ")}, so every subject bound to it gains this)` : "";
                report(role.r, `${describe(role, idx.nsOf(role))}: ${findings.join("; ")}${note}.`);
            }
            for (const binding of idx.ofType(...BINDING_TYPES)) {
                const target = resolveRoleRef(binding, idx);
                if (!target || target.kind === "external") continue;
                if (target.kind === "stack" && waives(target.item, meta.name)) continue;
                if (spec.exempt?.(binding, ctx)) continue;
                const rules = rulesOfTarget(target, idx);
                const findings = spec.detect(rules, ctx);
                if (!findings.length) continue;
                report(
                    binding.r,
                    `${describe(binding, idx.nsOf(binding))} binds ${roleLabel(target)} to ${describeSubjects(subjectsOf(binding.props))}: ${findings.join("; ")}.`,
                );
            }
        },
    });
}

function rulesOfTarget(t: RoleTarget, idx: StackIndex): Rule[] {
    if (t.kind === "stack") return effectiveRules(t.item, idx);
    if (t.kind === "builtin") return t.rules;
    return [];
}
