// Malformed input never throws and unknown values (preview) never crash, for every policy of the
// workload (beyond PSS), supply-chain and data areas and every kind each one targets.
import { strict as assert } from "assert";
import { beyondPssPolicies } from "../../policypacks/policies/kubernetes/workload/beyond-pss";
import { supplyChainPolicies } from "../../policypacks/policies/kubernetes/supply-chain";
import { dataPolicies } from "../../policypacks/policies/kubernetes/data";
import { T } from "../../policypacks/lib/k8s";
import { POD_SPEC_TYPES } from "../../policypacks/lib/pod-specs";
import { targetTypes } from "../robustness/seeds";
import { UnknownValueError } from "@pulumi/policy";
import { runRemediation, runResourcePolicy, UNKNOWN } from "../helpers/policy-harness";
import { hardened, malformedVariants, shortKind } from "./kinds";

/** The SDK turns UnknownValueError from a remediation into a preview diagnostic; anything else is a crash. */
function remediateTolerant(policy: any, type: string, props: any): void {
    try {
        runRemediation(policy, { type, props });
    } catch (e) {
        if (!(e instanceof UnknownValueError)) throw e;
    }
}

const policies = [...beyondPssPolicies, ...supplyChainPolicies, ...dataPolicies];

function otherVariants(type: string): Array<Record<string, any>> {
    return [
        {},
        { metadata: null, spec: "x", data: "x", secrets: "x", type: 5, automountServiceAccountToken: "yes" },
        { spec: { hostPath: "x" }, data: { a: null, b: 5, c: ["x"] }, binaryData: null, secrets: [null] },
        { spec: { hostPath: { path: null } }, data: { PASSWORD: { nested: true } }, metadata: { annotations: "x" } },
        { spec: UNKNOWN, data: UNKNOWN, secrets: UNKNOWN, automountServiceAccountToken: UNKNOWN, type: UNKNOWN },
        { data: { DB_PASSWORD: UNKNOWN }, spec: { hostPath: { path: UNKNOWN } }, metadata: { annotations: UNKNOWN } },
    ];
}

function unknownVariants(type: string): Array<Record<string, any>> {
    const out: Array<Record<string, any>> = [];
    const muts: Array<(s: any) => void> = [
        (s) => (s.containers = UNKNOWN),
        (s) => (s.containers[0].image = UNKNOWN),
        (s) => (s.containers[0].env = [{ name: "DB_PASSWORD", value: UNKNOWN }]),
        (s) => (s.containers[0].securityContext = UNKNOWN),
        (s) => (s.volumes = [{ name: "h", hostPath: { path: UNKNOWN } }]),
        (s) => (s.automountServiceAccountToken = UNKNOWN),
        (s) => (s.securityContext = { runAsUser: UNKNOWN, supplementalGroups: UNKNOWN }),
        (s) => (s.containers[0].capabilities = UNKNOWN),
    ];
    for (const m of muts) out.push(hardened(type, m));
    const p = hardened(type);
    p.metadata.annotations = UNKNOWN as any;
    out.push(p);
    return out;
}

describe("robustness: malformed input and unknowns", () => {
    before(() => (process.env.KSL_TODAY = "2026-06-01"));
    after(() => delete process.env.KSL_TODAY);
    for (const policy of policies) {
        const types = targetTypes(policy as any);
        for (const type of types) {
            const podKind = POD_SPEC_TYPES.includes(type);
            it(`${policy.name} tolerates malformed ${shortKind(type)} input`, () => {
                for (const props of podKind ? malformedVariants(type) : otherVariants(type)) {
                    assert.doesNotThrow(() => runResourcePolicy(policy, { type, props }), JSON.stringify(props));
                    if ((policy as any).remediateResource) remediateTolerant(policy, type, props);
                }
            });
            it(`${policy.name} reports unknowns on ${shortKind(type)} at most as advisory`, () => {
                for (const props of podKind ? unknownVariants(type) : otherVariants(type).slice(4)) {
                    const vs = runResourcePolicy(policy, { type, props });
                    if ((policy as any).remediateResource) remediateTolerant(policy, type, props);
                    for (const v of vs) {
                        if (/can't run policy/.test(v.message)) assert.equal(v.enforcementLevel, "advisory");
                    }
                }
            });
        }
    }
    it("covers every kind the policies target", () => {
        const all = new Set(policies.flatMap((p) => targetTypes(p as any)));
        for (const t of [...POD_SPEC_TYPES, T.ConfigMap, T.Secret, T.PersistentVolume]) assert.ok(all.has(t), t);
    });
});
