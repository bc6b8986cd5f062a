// One shape for every "this permission is dangerous" RBAC policy: a stack policy that reports each
// Role/ClusterRole granting it (effective rules, aggregation resolved) and each binding that hands
// such a role - of the stack or a built-in like `edit` - to subjects, naming the role and subjects.
import { withCause } from "../../../lib/cause";
import { KslPolicy, PolicyMeta, stackPolicy } from "../../../lib/policy";
import { Item, StackIndex, describe, strMap } from "../../../lib/stack-index";
import {
    AGGREGATE_LABELS,
    BINDING_TYPES,
    aggregatorsOf,
    ROLE_TYPES,
    Rule,
    RuleFinding,
    RoleTarget,
    Verdict,
    defer,
    describeSubjects,
    effectiveRules,
    resolveRoleRef,
    roleLabel,
    settle,
    subjectsOf,
    unknownSubjectsOf,
    waives,
} from "../../../lib/rbac-rules";

export interface RuleCheckContext<C> {
    idx: StackIndex;
    config: C;
}

export interface RulePolicySpec<C> {
    /** Findings for a set of rules, per rule: what it grants, or the unknown value that might grant it. */
    detect: (rules: Rule[], ctx: RuleCheckContext<C>) => RuleFinding[];
    /** Whether this policy accepts an item (role or binding), e.g. Roles of a PSA-restricted namespace. */
    exempt?: (item: Item, ctx: RuleCheckContext<C>) => Verdict;
}

/**
 * Values unknown at preview: a role or binding with a known finding is reported; one whose finding
 * depends on an unknown value (rules, roleRef, an exemption's namespace labels) makes the policy
 * not checkable (advisory) after the known objects are judged.
 */
export function rbacRulePolicy<C = Record<string, never>>(meta: PolicyMeta, spec: RulePolicySpec<C>): KslPolicy {
    return stackPolicy<C>(meta, {
        validate: (args, config, report) => {
            const idx = StackIndex.of(args.resources);
            const ctx: RuleCheckContext<C> = { idx, config };
            // One root cause, one finding: a binding to a role of the stack is named in that role's
            // finding; a binding is reported on its own only for a role the stack does not hold
            // (a built-in such as `edit`).
            const boundBy = new Map<Item, Array<{ binding: Item; text: string; subjects: string }>>();
            for (const binding of idx.ofType(...BINDING_TYPES)) {
                const exempt = spec.exempt?.(binding, ctx);
                if (exempt?.tri === true) continue;
                const target = resolveRoleRef(binding, idx);
                // A stack role a roleRef may name by an unknown name is judged (and reported) itself below.
                if (!target || target.kind === "external") continue;
                if (target.kind === "unknown") {
                    defer(target.where);
                    continue;
                }
                const subjects = describeSubjects(subjectsOf(binding.props), unknownSubjectsOf(binding.props).length);
                if (target.kind === "stack") {
                    boundBy.set(target.item, [...(boundBy.get(target.item) ?? []), { binding, subjects, text: `${subjects} by ${describe(binding, idx.nsOf(binding))}` }]);
                    continue;
                }
                const { texts, undecided } = settle(spec.detect(rulesOfTarget(target, idx), ctx));
                if (exempt?.tri === "unknown" && (texts.length || undecided)) {
                    defer(exempt.where);
                    continue;
                }
                defer(undecided);
                if (!texts.length) continue;
                report(binding.r, `${describe(binding, idx.nsOf(binding))} binds ${roleLabel(target)} to ${subjects}: ${texts.join("; ")}.`);
            }
            for (const role of idx.ofType(...ROLE_TYPES)) {
                // A ClusterRole only aggregated into one of the stack (and bound nowhere itself) is
                // reported once, on the aggregate, whose finding names the rules it brings.
                if (!boundBy.has(role) && aggregatorsOf(role, idx).length > 0) continue;
                const exempt = spec.exempt?.(role, ctx);
                if (exempt?.tri === true) continue;
                const { texts, undecided } = settle(spec.detect(effectiveRules(role, idx), ctx));
                if (exempt?.tri === "unknown" && (texts.length || undecided)) {
                    defer(exempt.where);
                    continue;
                }
                defer(undecided);
                if (!texts.length) continue;
                const aggInto = Object.entries(AGGREGATE_LABELS)
                    .filter(([l]) => strMap(role.props?.metadata?.labels)[l] === "true")
                    .map(([, b]) => `"${b}"`);
                const note = aggInto.length ? ` (and aggregates into built-in ClusterRole ${aggInto.join(", ")}, so every subject bound to it gains this)` : "";
                const bound = boundBy.get(role) ?? [];
                const who = describe(role, idx.nsOf(role));
                // A role's waiver covers the grants it was waived for, not every binding added later:
                // a binding that does not waive the policy itself is a new grant, reported on its own.
                const roleWaived = waives(role, meta.name);
                const folded = roleWaived ? bound.filter((b) => waives(b.binding, meta.name)) : bound;
                for (const b of roleWaived ? bound.filter((x) => !folded.includes(x)) : []) {
                    report(b.binding.r, withCause(`${describe(b.binding, idx.nsOf(b.binding))} binds ${who} to ${b.subjects}: ${texts.join("; ")} (the role's waiver of ${meta.name} does not cover new bindings).`, `the rules of ${who}`));
                }
                const to = folded.length ? ` - bound to ${folded.map((b) => b.text).join("; ")}` : "";
                // Several policies judging one role's rules report one root cause: the role.
                report(role.r, withCause(`${who}: ${texts.join("; ")}${note}${to}.`, `the rules of ${who}`));
            }
        },
    });
}

function rulesOfTarget(t: RoleTarget, idx: StackIndex): Rule[] {
    if (t.kind === "stack") return effectiveRules(t.item, idx);
    if (t.kind === "builtin") return t.rules;
    return [];
}
