import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { k8sType } from "../../policypacks/lib/k8s";
import { namespacePolicies } from "../../policypacks/policies/kubernetes/namespace";
import { networkPoliciesFor } from "../../policypacks/policies/kubernetes/network";
import { PLATFORMS } from "../../policypacks/catalog/platforms";
import { rbacPolicies } from "../../policypacks/policies/kubernetes/rbac";
import { installMocks } from "../helpers/mocks";
import { StackResourceInput, runResourcePolicy, runStackPolicy } from "../helpers/policy-harness";

const YAML_FILE = path.join(__dirname, "../../examples/manifests/insecure/namespace-rbac-network.yaml");

function toStack(manifests: any[]): StackResourceInput[] {
    return manifests.map((m, i) => {
        const { apiVersion, kind, ...props } = m;
        return { type: k8sType(apiVersion, kind), name: `${kind}-${m.metadata?.name ?? i}-${i}`, props };
    });
}

describe("insecure namespace/RBAC/network example", () => {
    let manifests: any[];
    before(async () => {
        installMocks("test", "insecure");
        manifests = (await import("../../stacks/insecure/kubernetes")).insecureKubernetesManifests;
    });

    it("the YAML example holds the same objects as the Pulumi example", () => {
        const docs = parseAllDocuments(fs.readFileSync(YAML_FILE, "utf8")).map((d) => d.toJS());
        assert.deepEqual(docs, JSON.parse(JSON.stringify(manifests)));
    });

    for (const p of [...namespacePolicies, ...rbacPolicies, ...PLATFORMS.flatMap((platform) => networkPoliciesFor(platform))]) {
        it(`violates ${p.name}`, () => {
            const stack = toStack(manifests);
            const vs = (p as any).validateStack ? runStackPolicy(p, stack) : stack.flatMap((r) => runResourcePolicy(p, { type: r.type, props: r.props, name: r.name }));
            assert.ok(vs.filter((v) => !v.waived).length > 0, `${p.name} reports nothing`);
        });
    }
});
