import { strict as assert } from "assert";
import { requireRenderedContent } from "../../policypacks/policies/require-rendered-content";
import { CONTENT_COMPONENT_TYPES, HELM_RELEASE_TYPE } from "../../policypacks/lib/kube-api";
import { runStackPolicy, StackResourceInput } from "../helpers/policy-harness";

const pod = (name: string, parent: string): StackResourceInput => ({
    type: "kubernetes:core/v1:Pod",
    name,
    parent,
    props: { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx" }] } },
});

describe("require-rendered-content", () => {
    for (const type of Object.values(CONTENT_COMPONENT_TYPES)) {
        describe(type, () => {
            it("compliant: the component's rendered objects reached the pack as its children", () => {
                assert.deepEqual(runStackPolicy(requireRenderedContent, [{ type, name: "edge", props: { chart: "./edge" } }, pod("edge:ns/web", "edge")]), []);
            });
            it("non-compliant: no rendered object reached the pack (not rendered, or unknown inputs)", () => {
                const vs = runStackPolicy(requireRenderedContent, [{ type, name: "edge", props: {} }, pod("other", "elsewhere")]);
                assert.equal(vs.length, 1);
                assert.equal(vs[0].enforcementLevel, "advisory");
                assert.match(vs[0].message, /'edge'.*none of the objects it deploys reached the pack/);
            });
        });
    }

    describe(HELM_RELEASE_TYPE, () => {
        it("non-compliant: always, since Helm installs its objects inside the provider", () => {
            const vs = runStackPolicy(requireRenderedContent, [{ type: HELM_RELEASE_TYPE, name: "monitoring", props: { chart: "kube-prometheus-stack", repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" } } }]);
            assert.equal(vs.length, 1);
            assert.match(vs[0].message, /helm\.sh\/v3:Release 'monitoring' \(chart kube-prometheus-stack from https:\/\/prometheus-community\.github\.io\/helm-charts\)/);
        });
        it("configurable to mandatory", () => {
            const vs = runStackPolicy(requireRenderedContent, [{ type: HELM_RELEASE_TYPE, name: "r", props: {} }], { enforcementLevel: "mandatory" });
            assert.equal(vs[0].enforcementLevel, "mandatory");
        });
    });

    it("compliant: plain resources and other components are not its concern", () => {
        assert.deepEqual(runStackPolicy(requireRenderedContent, [{ type: "example:index:App", name: "web", props: {} }, pod("p", "web")]), []);
    });
});
