// Waivers end to end through real policies: a valid waiver downgrades the violation to a visible,
// advisory "waived" finding; an invalid one waives nothing and is itself reported by waiver-valid.
import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { waiverValid } from "../../policypacks/policies/waiver-valid";
import { disallowSensitiveHostMounts } from "../../policypacks/policies/kubernetes/workload/disallow-sensitive-host-mounts";
import { pssAllowPrivilegeEscalation } from "../../policypacks/policies/kubernetes/workload/pss-allow-privilege-escalation";
import { disallowLegacyServiceAccountTokenSecrets } from "../../policypacks/policies/kubernetes/data/disallow-legacy-service-account-token-secrets";
import { runRemediation, runResourcePolicy } from "../helpers/policy-harness";
import { hardened } from "../workload/kinds";
import { pinToday } from "../helpers/today";

const TODAY = "2026-06-01";
const POLICY = disallowSensitiveHostMounts.name;
const validator = waiverValid([disallowSensitiveHostMounts.name, pssAllowPrivilegeEscalation.name, disallowLegacyServiceAccountTokenSecrets.name]);

/** A DaemonSet mounting /var/lib/kubelet, with `annotations` on the DaemonSet. */
function nodeAgent(annotations: Record<string, string>) {
    const p = hardened(T.DaemonSet, (s) => {
        s.volumes.push({ name: "kubelet", hostPath: { path: "/var/lib/kubelet" } });
        s.containers[0].volumeMounts.push({ name: "kubelet", mountPath: "/kubelet", readOnly: true });
    });
    p.metadata.annotations = annotations;
    return p;
}

function check(annotations: Record<string, string>) {
    const props = nodeAgent(annotations);
    return {
        violations: runResourcePolicy(disallowSensitiveHostMounts, { type: T.DaemonSet, props }),
        waiverFindings: runResourcePolicy(validator, { type: T.DaemonSet, props }),
    };
}

describe("waivers", () => {
    pinToday(TODAY);

    it("without a waiver the critical violation is mandatory", () => {
        const { violations, waiverFindings } = check({});
        assert.equal(violations.length, 1);
        assert.equal(violations[0].enforcementLevel, "mandatory");
        assert.equal(violations[0].waived, false);
        assert.equal(waiverFindings.length, 0);
    });

    it("a valid waiver reports the violation as waived, at advisory level", () => {
        const { violations, waiverFindings } = check({ [`waivers.ksl.dev/${POLICY}`]: "expires=2026-09-30; justification=CSI node plugin needs the kubelet directory (TICKET-42)" });
        assert.equal(violations.length, 1);
        assert.equal(violations[0].waived, true);
        assert.equal(violations[0].enforcementLevel, "advisory");
        assert.match(violations[0].message, /\[waived until 2026-09-30: CSI node plugin needs the kubelet directory \(TICKET-42\)\]/);
        assert.match(violations[0].message, /\/var\/lib\/kubelet/);
        assert.equal(waiverFindings.length, 0);
    });

    it("a waiver expiring today is still valid", () => {
        const { violations } = check({ [`waivers.ksl.dev/${POLICY}`]: `expires=${TODAY}; justification=last day of the migration window` });
        assert.equal(violations[0].waived, true);
    });

    const invalid: Array<[string, string, RegExp]> = [
        ["a missing justification", "expires=2026-09-30", /has no justification/],
        ["a too-short justification", "expires=2026-09-30; justification=because", /has no justification/],
        ["a past expiry", "expires=2026-05-31; justification=CSI node plugin needs the kubelet directory", /expired on 2026-05-31/],
        ["a malformed expiry", "expires=2026-13-45; justification=CSI node plugin needs the kubelet directory", /has no valid expiry/],
        ["a non-date expiry", "expires=next year; justification=CSI node plugin needs the kubelet directory", /has no valid expiry/],
        ["a missing expiry", "justification=CSI node plugin needs the kubelet directory", /has no valid expiry/],
        ["an expiry too far ahead", "expires=2028-01-01; justification=CSI node plugin needs the kubelet directory", /expires 2028-01-01, more than 366 days ahead/],
    ];
    for (const [title, value, reason] of invalid) {
        it(`${title}: the violation stands and waiver-valid reports the waiver`, () => {
            const { violations, waiverFindings } = check({ [`waivers.ksl.dev/${POLICY}`]: value });
            assert.equal(violations.length, 1);
            assert.equal(violations[0].waived, false);
            assert.equal(violations[0].enforcementLevel, "mandatory");
            assert.equal(waiverFindings.length, 1);
            assert.equal(waiverFindings[0].enforcementLevel, "mandatory");
            assert.match(waiverFindings[0].message, new RegExp(`waiver for '${POLICY}' ${reason.source}`));
        });
    }

    it("waiver-valid honours a configured maxDays", () => {
        const props = nodeAgent({ [`waivers.ksl.dev/${POLICY}`]: "expires=2026-09-30; justification=CSI node plugin needs the kubelet directory" });
        const vs = runResourcePolicy(validator, { type: T.DaemonSet, props, config: { maxDays: 30 } });
        assert.equal(vs.length, 1);
        assert.match(vs[0].message, /more than 30 days ahead/);
    });

    it("a waiver for an unknown policy is reported and waives nothing", () => {
        const { violations, waiverFindings } = check({ "waivers.ksl.dev/disallow-sensitive-host-mount": "expires=2026-09-30; justification=typo in the policy name here" });
        assert.equal(violations[0].waived, false);
        assert.equal(waiverFindings.length, 1);
        assert.match(waiverFindings[0].message, /waiver for unknown policy 'disallow-sensitive-host-mount'/);
    });

    it("a waiver covers only the policy it names", () => {
        const props = hardened(T.Deployment, (s) => delete s.containers[0].securityContext.allowPrivilegeEscalation);
        props.metadata.annotations = { [`waivers.ksl.dev/${POLICY}`]: "expires=2026-09-30; justification=not about privilege escalation" };
        const vs = runResourcePolicy(pssAllowPrivilegeEscalation, { type: T.Deployment, props });
        assert.equal(vs.length, 1);
        assert.equal(vs[0].waived, false);
    });

    it("waives non-workload kinds too (a legacy token Secret)", () => {
        const props = {
            apiVersion: "v1", kind: "Secret", type: "kubernetes.io/service-account-token",
            metadata: { name: "ci", annotations: { [`waivers.ksl.dev/${disallowLegacyServiceAccountTokenSecrets.name}`]: "expires=2026-07-01; justification=legacy CI system until its migration in June" } },
        };
        const vs = runResourcePolicy(disallowLegacyServiceAccountTokenSecrets, { type: T.Secret, props });
        assert.equal(vs.length, 1);
        assert.equal(vs[0].waived, true);
    });

    describe("remediation", () => {
        const automount = pssAllowPrivilegeEscalation.name;
        const base = () => hardened(T.Deployment, (s) => delete s.containers[0].securityContext.allowPrivilegeEscalation);
        it("is skipped for a validly waived policy", () => {
            const props = base();
            props.metadata.annotations = { [`waivers.ksl.dev/${automount}`]: "expires=2026-09-30; justification=legacy agent escalates until its rewrite" };
            assert.equal(runRemediation(pssAllowPrivilegeEscalation, { type: T.Deployment, props }), undefined);
        });
        it("still runs when the waiver is invalid (expired)", () => {
            const props = base();
            props.metadata.annotations = { [`waivers.ksl.dev/${automount}`]: "expires=2026-01-01; justification=legacy agent escalates until its rewrite" };
            const fixed = runRemediation(pssAllowPrivilegeEscalation, { type: T.Deployment, props });
            assert.equal(fixed?.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation, false);
        });
        it("runs without a waiver", () => {
            assert.ok(runRemediation(pssAllowPrivilegeEscalation, { type: T.Deployment, props: base() }));
        });
    });
});
