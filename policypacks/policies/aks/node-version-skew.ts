// Node pools run the control plane's Kubernetes version.
import { stackPolicy } from "../../lib/policy";
import type { PolicyResource } from "@pulumi/policy";
import { deferUnknown, isObject } from "../../lib/k8s";
import { AZ, clusterLabel, ofType, probe, refersToState, safe, str } from "./common";
import { parseMinor } from "./supported-version";

export const aksNodeVersionSkew = stackPolicy<{ maxMinorSkew: number }>(
    {
        name: "aks-node-version-skew",
        measure: "infrastructure.node-version-skew",
        severity: "low",
        description:
            "AKS node pools should run the same Kubernetes minor version as the control plane. Lagging pools miss kubelet fixes and block the next control-plane upgrade.",
        remediationSteps: "Leave orchestratorVersion unset on node pools (they follow the control plane) or upgrade them with the cluster.",
        configSchema: {
            properties: { maxMinorSkew: { type: "number", default: 0, description: "Minor versions a pool may lag the control plane." } },
        },
    },
    {
        validate: (args, config, report) => {
            const clusters = ofType(args.resources, AZ.ManagedCluster);
            type Read = { value?: unknown; unknown: boolean };
            // A version unknown during preview is deferred (not checkable) only when it decides: an
            // unset pool version follows the control plane whatever that is.
            const check = (cv: Read, pv: Read, what: string, r: PolicyResource, cAt: [string, string], pAt: [string, string]) => {
                if (pv.unknown) return deferUnknown(...pAt);
                const p = parseMinor(pv.value);
                if (!p) return; // unset: the pool follows the control plane
                if (cv.unknown) return deferUnknown(...cAt);
                const c = parseMinor(cv.value);
                if (!c) return;
                const skew = (c[0] - p[0]) * 100 + (c[1] - p[1]);
                if (skew > config.maxMinorSkew || skew < 0) {
                    report(r, `${what} sets orchestratorVersion="${pv.value}" while the control plane runs kubernetesVersion="${cv.value}"`);
                }
            };
            for (const c of clusters) {
                const label = clusterLabel(c);
                const cv = probe(() => c.props?.kubernetesVersion);
                const pools = probe(() => c.props?.agentPoolProfiles);
                if (pools.unknown) {
                    deferUnknown("agentPoolProfiles", label);
                    continue;
                }
                const list: any[] = Array.isArray(pools.value) ? pools.value : [];
                const n = safe(() => list.length) ?? 0;
                for (let i = 0; i < n; i++) {
                    // One unknown pool must not hide the known ones.
                    const p = probe(() => list[i]);
                    if (p.unknown) {
                        deferUnknown(`agentPoolProfiles[${i}]`, label);
                        continue;
                    }
                    const pool = p.value;
                    if (!isObject(pool)) continue;
                    const what = `ManagedCluster "${c.name}" agent pool "${safe(() => str(pool.name)) ?? i}" (agentPoolProfiles[${i}])`;
                    check(cv, probe(() => pool.orchestratorVersion), what, c, ["kubernetesVersion", label], [`agentPoolProfiles[${i}].orchestratorVersion`, label]);
                }
            }
            for (const ap of ofType(args.resources, AZ.AgentPool)) {
                const label = `AgentPool "${ap.name}"`;
                const states = clusters.map((x) => ({ x, s: refersToState(ap, "resourceName", "name", x, clusters) }));
                const c = states.find((v) => v.s === true)?.x;
                const pv = probe(() => ap.props?.orchestratorVersion);
                if (!c) {
                    // Its cluster is unknown at preview: that only matters when the pool pins a version.
                    if (states.some((v) => v.s === "unknown") && (pv.unknown || parseMinor(pv.value))) deferUnknown("resourceName", label);
                    continue;
                }
                check(probe(() => c.props?.kubernetesVersion), pv, label, ap, ["kubernetesVersion", clusterLabel(c)], ["orchestratorVersion", label]);
            }
        },
    },
);
