import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { requireReadOnlyRootFilesystem } from "../../policypacks/policies/kubernetes/workload/require-read-only-root-filesystem";
import { disallowDeprecatedServiceAccountField } from "../../policypacks/policies/kubernetes/workload/disallow-deprecated-service-account-field";
import { requireImagePullPolicyAlways } from "../../policypacks/policies/kubernetes/supply-chain/require-image-pull-policy-always";
import { runRemediation, runResourcePolicy } from "../helpers/policy-harness";
import { hardened, hardenedContainer, POD_KINDS, shortKind } from "./kinds";

function remediateThenValidate(policy: any, type: string, props: any, config?: Record<string, unknown>) {
    const before = runResourcePolicy(policy, { type, props, config });
    const fixed = runRemediation(policy, { type, props, config });
    const after = fixed === undefined ? before : runResourcePolicy(policy, { type, props: fixed, config });
    return { before, fixed, after };
}

describe("remediation", () => {
    for (const type of POD_KINDS) {
        const k = shortKind(type);
        it(`makes opted-in containers of a ${k} read-only (annotation) and the result passes`, () => {
            const props = hardened(type, (s) => {
                delete s.containers[0].securityContext.readOnlyRootFilesystem;
                s.initContainers = [{ ...hardenedContainer("init"), securityContext: {} }];
            }, { podMeta: { annotations: { "remediate.ksl.dev/read-only-root-filesystem": "app, init" } } });
            const { before, fixed, after } = remediateThenValidate(requireReadOnlyRootFilesystem, type, props);
            assert.equal(before.length, 2);
            assert.ok(fixed);
            assert.equal(after.length, 0);
        });
        it(`does not touch containers of a ${k} nobody declared safe`, () => {
            const props = hardened(type, (s) => delete s.containers[0].securityContext.readOnlyRootFilesystem);
            assert.equal(runRemediation(requireReadOnlyRootFilesystem, { type, props }), undefined);
        });
        it(`moves the deprecated serviceAccount field of a ${k} to serviceAccountName`, () => {
            const props = hardened(type, (s) => { delete s.serviceAccountName; s.serviceAccount = "web"; });
            const { before, fixed, after } = remediateThenValidate(disallowDeprecatedServiceAccountField, type, props);
            assert.equal(before.length, 1);
            assert.equal(after.length, 0);
            const spec = type === T.Pod ? fixed!.spec : type === T.CronJob ? fixed!.spec.jobTemplate.spec.template.spec : type === T.PodTemplate ? fixed!.template.spec : fixed!.spec.template.spec;
            assert.equal(spec.serviceAccountName, "web");
            assert.equal(spec.serviceAccount, undefined);
        });
        it(`sets imagePullPolicy: Always on tag-only images of a ${k} and the result passes`, () => {
            const props = hardened(type, (s) => { s.containers[0].image = "ghcr.io/acme/web:1.4.2"; delete s.containers[0].imagePullPolicy; });
            const { before, fixed, after } = remediateThenValidate(requireImagePullPolicyAlways, type, props);
            assert.equal(before.length, 1);
            assert.ok(fixed);
            assert.equal(after.length, 0);
        });
    }

    it("makes only the listed containers read-only (config remediateContainers)", () => {
        const props = hardened(T.Deployment, (s) => {
            delete s.containers[0].securityContext.readOnlyRootFilesystem;
            s.containers.push({ ...hardenedContainer("legacy"), securityContext: { readOnlyRootFilesystem: false } });
        });
        const config = { remediateContainers: ["app"] };
        const fixed = runRemediation(requireReadOnlyRootFilesystem, { type: T.Deployment, props, config })!;
        const cs = fixed.spec.template.spec.containers;
        assert.equal(cs[0].securityContext.readOnlyRootFilesystem, true);
        assert.equal(cs[1].securityContext.readOnlyRootFilesystem, false);
        const after = runResourcePolicy(requireReadOnlyRootFilesystem, { type: T.Deployment, props: fixed, config });
        assert.equal(after.length, 1);
        assert.match(after[0].message, /"legacy"/);
    });

    it("makes every container read-only with remediateAllContainers", () => {
        const props = hardened(T.StatefulSet, (s) => (s.containers[0].securityContext = {}));
        const { fixed, after } = remediateThenValidate(requireReadOnlyRootFilesystem, T.StatefulSet, props, { remediateAllContainers: true });
        assert.ok(fixed);
        assert.equal(after.length, 0);
    });

    it("returns undefined for compliant resources", () => {
        for (const type of POD_KINDS) {
            assert.equal(runRemediation(requireReadOnlyRootFilesystem, { type, props: hardened(type) }, ), undefined);
            assert.equal(runRemediation(requireImagePullPolicyAlways, { type, props: hardened(type) }), undefined);
        }
    });
});
