// aks.md #27: node pools run the control plane's Kubernetes version.
import { stackPolicy } from "../../lib/policy";
import { asArray, isObject } from "../../lib/k8s";
import { AZ, ofType, refersTo, safe, str } from "./common";
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
            const check = (cv: unknown, pv: unknown, what: string, r: any) => {
                const c = parseMinor(cv);
                const p = parseMinor(pv);
                if (!c || !p) return; // unset: the pool follows the control plane
                const skew = (c[0] - p[0]) * 100 + (c[1] - p[1]);
                if (skew > config.maxMinorSkew || skew < 0) {
                    report(r, `${what} sets orchestratorVersion="${pv}" while the control plane runs kubernetesVersion="${cv}"`);
                }
            };
            for (const c of clusters) {
                const cv = safe(() => c.props?.kubernetesVersion);
                (safe(() => asArray(c.props?.agentPoolProfiles)) ?? []).forEach((p, i) => {
                    if (!isObject(p)) return;
                    check(cv, safe(() => p.orchestratorVersion), `ManagedCluster "${c.name}" agent pool "${safe(() => str(p.name)) ?? i}" (agentPoolProfiles[${i}])`, c);
                });
            }
            for (const ap of ofType(args.resources, AZ.AgentPool)) {
                const c = clusters.find((x) => refersTo(ap, "resourceName", "name", x, clusters));
                if (!c) continue;
                check(safe(() => c.props?.kubernetesVersion), safe(() => ap.props?.orchestratorVersion), `AgentPool "${ap.name}"`, ap);
            }
        },
    },
);
