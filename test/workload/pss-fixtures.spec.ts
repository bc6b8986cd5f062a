// Runs Pod Security Admission's own fixtures (ported in test/fixtures/psa) through every pss-*
// policy, for every policy version 1.0 … latest at baseline and restricted, as PSA's test/run.go
// does: each fixture pod is submitted as a Pod and as a Deployment's template. Pass fixtures must
// be reported by no pss policy; fail fixtures must be reported by the policy of the check that
// owns them at that level/version (the check itself, or the restricted check overriding it) with
// PSA's expected error substring.
import { strict as assert } from "assert";
import { runResourcePolicy } from "../helpers/policy-harness";
import { pssPolicies } from "../../policypacks/policies/kubernetes/workload";
import { LATEST_MINOR, PSS_CHECKS, CheckId, effectiveCheckFor, resetNamespaceRegistry } from "../../policypacks/lib/pod-security";
import { T } from "../../policypacks/lib/k8s";
import type { KslPolicy } from "../../policypacks/lib/policy";
import {
    Pod, Level, getFixtures, getMinimalValidPod, getMinimalValidLinuxPod, getMinimalValidWindowsPod,
    POD_OS_BASED_RESTRICTION_ENABLED_MINOR,
} from "../fixtures/psa/fixtures";
import { FIXTURE_CHECKS } from "../fixtures/psa/generators";

/** Which pss policy implements which PSA check. */
export const POLICY_FOR_CHECK: Record<CheckId, string> = {
    privileged: "pss-privileged",
    hostNamespaces: "pss-host-namespaces",
    hostPathVolumes: "pss-host-path-volumes",
    hostPorts: "pss-host-ports",
    appArmorProfile: "pss-apparmor-profile",
    capabilities_baseline: "pss-capabilities-baseline",
    seLinuxOptions: "pss-selinux-options",
    procMount: "pss-proc-mount",
    seccompProfile_baseline: "pss-seccomp-baseline",
    sysctls: "pss-sysctls",
    windowsHostProcess: "pss-windows-host-process",
    hostProbesAndHostLifecycle: "pss-host-probes-and-lifecycle",
    allowPrivilegeEscalation: "pss-allow-privilege-escalation",
    capabilities_restricted: "pss-capabilities-restricted",
    runAsNonRoot: "pss-run-as-non-root",
    runAsUser: "pss-run-as-user",
    seccompProfile_restricted: "pss-seccomp-restricted",
    restrictedVolumes: "pss-restricted-volumes",
    procMount_restricted: "pss-proc-mount-restricted",
};

function asPod(pod: Pod) {
    return { type: T.Pod, props: { apiVersion: "v1", kind: "Pod", metadata: { ...(pod.metadata ?? {}), name: "test" }, spec: pod.spec } };
}
function asDeployment(pod: Pod) {
    const metadata = { ...(pod.metadata ?? {}), labels: { ...(pod.metadata?.labels ?? {}), test: "true" } };
    return {
        type: T.Deployment,
        props: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "test" }, spec: { selector: { matchLabels: { test: "true" } }, template: { metadata, spec: pod.spec } } },
    };
}

/** Every pss policy's messages for one resource. */
function findings(input: { type: string; props: any }, level: Level, minor: number): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const config = { defaultLevel: level, defaultVersion: `v1.${minor}` };
    for (const p of pssPolicies as KslPolicy[]) {
        const vs = runResourcePolicy(p, { ...input, config });
        if (vs.length) out.set(p.name, vs.map((v) => v.message));
    }
    return out;
}

/** run.go checksForLevelAndVersion: checks whose first version is in force at this level. */
function checksFor(level: Level, minor: number): CheckId[] {
    return (FIXTURE_CHECKS as CheckId[]).filter((id) => {
        const c = PSS_CHECKS[id];
        return c.versions[0].minimumMinor <= minor && (c.level === level || level === "restricted");
    });
}

interface Tally {
    cases: number;
    agree: number;
    disagreements: string[];
}

function runVersion(level: Level, minor: number, t: Tally): void {
    const expectPass = (pod: Pod, what: string) => {
        for (const wrap of [asPod, asDeployment]) {
            t.cases++;
            const f = findings(wrap(pod), level, minor);
            if (f.size === 0) t.agree++;
            else t.disagreements.push(`${level}/v1.${minor} ${what} (${wrap.name}): expected pass, got ${JSON.stringify([...f])}`);
        }
    };
    expectPass(getMinimalValidPod(level, minor), "pass_base");
    if (level === "restricted" && minor >= POD_OS_BASED_RESTRICTION_ENABLED_MINOR) {
        expectPass(getMinimalValidLinuxPod(minor), "pass_base linux");
        expectPass(getMinimalValidWindowsPod(minor), "pass_base windows");
    }
    for (const id of checksFor(level, minor)) {
        const data = getFixtures(level, minor, id);
        data.pass.forEach((pod, i) => expectPass(pod, `pass_${id}[${i}]`));
        const owner = effectiveCheckFor(id, level, minor);
        data.fail.forEach((pod, i) => {
            for (const wrap of [asPod, asDeployment]) {
                t.cases++;
                const f = findings(wrap(pod), level, minor);
                const own = owner ? f.get(POLICY_FOR_CHECK[owner]) : undefined;
                if (own && own.some((m) => m.includes(data.expectErrorSubstring))) t.agree++;
                else t.disagreements.push(`${level}/v1.${minor} fail_${id}[${i}] (${wrap.name}): expected ${owner} with "${data.expectErrorSubstring}", got ${JSON.stringify([...f])}`);
            }
        });
    }
}

describe("pss fixtures: Pod Security Admission's own fixtures, every version, both levels", function () {
    const total: Tally = { cases: 0, agree: 0, disagreements: [] };
    before(() => resetNamespaceRegistry());

    for (const level of ["baseline", "restricted"] as Level[]) {
        it(`${level}: v1.0 … v1.${LATEST_MINOR} agree with PSA`, () => {
            const t: Tally = { cases: 0, agree: 0, disagreements: [] };
            for (let minor = 0; minor <= LATEST_MINOR; minor++) runVersion(level, minor, t);
            total.cases += t.cases;
            total.agree += t.agree;
            total.disagreements.push(...t.disagreements);
            assert.ok(t.cases > 0);
            assert.deepEqual(t.disagreements.slice(0, 20), [], `${t.disagreements.length} disagreements`);
        });
    }

    after(() => {
        const pct = total.cases ? ((100 * total.agree) / total.cases).toFixed(2) : "0";
        // eslint-disable-next-line no-console
        console.log(`      PSA fixture agreement: ${total.agree}/${total.cases} fixture×version×kind cases (${pct}%), versions 1.0-1.${LATEST_MINOR}, baseline+restricted, Pod+Deployment`);
    });
});
