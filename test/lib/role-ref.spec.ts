// resolveRoleRef (lib/rbac-rules.ts) looks a RoleBinding's Role up by name and namespace instead of
// scanning every Role of the stack for each binding (which made RBAC checks quadratic in the
// stack): for any stack of Roles and RoleBindings with known and unknown names and namespaces it
// resolves exactly as the scan did, the scan kept here as the specification.
import { strict as assert } from "assert";
import fc from "fast-check";
import { T } from "../../policypacks/lib/k8s";
import { resolveRoleRef, RoleTarget } from "../../policypacks/lib/rbac-rules";
import { describe as describeItem, Item, StackIndex, UNKNOWN } from "../../policypacks/lib/stack-index";

/** The former resolution of a RoleBinding to a Role: every Role of the stack, in order. */
function scanned(binding: Item, idx: StackIndex): RoleTarget | undefined {
    const owner = describeItem(binding, idx.nsOf(binding));
    const refName = binding.props.roleRef.name as string;
    const nameUnknown = (i: Item) => i.props?.metadata === UNKNOWN || i.props?.metadata?.name === UNKNOWN;
    const candidates: Array<{ item: Item; where: { path: string; resource?: string } }> = [];
    const bns = idx.nsOf(binding);
    for (const i of idx.ofType(T.Role)) {
        const rns = idx.nsOf(i);
        const sameNs = bns.kind === "known" && rns.kind === "known" && rns.key === bns.key;
        if (i.name === refName && sameNs) return { kind: "stack", item: i, refKind: "Role", refName };
        const mayNs = sameNs || bns.kind === "unknown" || rns.kind === "unknown";
        if (!mayNs || (i.name !== refName && !nameUnknown(i))) continue;
        const where =
            i.name !== refName
                ? { path: "metadata.name", resource: describeItem(i, rns) }
                : bns.kind === "unknown"
                  ? { path: "metadata.namespace", resource: owner }
                  : { path: "metadata.namespace", resource: describeItem(i) };
        candidates.push({ item: i, where });
    }
    return { kind: "external", refKind: "Role", refName, candidates };
}

const shape = (t: RoleTarget | undefined) =>
    t === undefined
        ? undefined
        : t.kind === "stack"
          ? { kind: t.kind, urn: t.item.r.urn }
          : t.kind === "external"
            ? { kind: t.kind, candidates: t.candidates.map((c) => ({ urn: c.item.r.urn, where: c.where })) }
            : { kind: t.kind };

const nameArb = fc.constantFrom<unknown>("reader", "writer", "", UNKNOWN);
const nsArb = fc.constantFrom<unknown>("team-a", "team-b", undefined, UNKNOWN);
const objectArb = fc.record({ kind: fc.constantFrom("Role", "RoleBinding"), name: nameArb, namespace: nsArb, ref: fc.constantFrom("reader", "writer") });

describe("lib: a RoleBinding's Role, looked up", () => {
    it("resolves as a scan of every Role did, for any mix of known and unknown names and namespaces", () => {
        fc.assert(
            fc.property(fc.array(objectArb, { maxLength: 14 }), (objects) => {
                const resources = objects.map((o, i) => {
                    const metadata: Record<string, unknown> = { name: o.name };
                    if (o.namespace !== undefined) metadata.namespace = o.namespace;
                    const type = o.kind === "Role" ? T.Role : T.RoleBinding;
                    const props = o.kind === "Role" ? { metadata, rules: [] } : { metadata, roleRef: { kind: "Role", name: o.ref }, subjects: [] };
                    return { type, name: `r${i}`, urn: `urn:pulumi:s::p::${type}::r${i}`, props } as never;
                });
                const idx = new StackIndex(resources);
                for (const b of idx.ofType(T.RoleBinding)) assert.deepEqual(shape(resolveRoleRef(b, idx)), shape(scanned(b, idx)));
            }),
            { numRuns: 500 },
        );
    });
});
