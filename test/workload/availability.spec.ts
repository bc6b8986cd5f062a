// The availability measures at the workload level, on manifests in the shape upstream charts ship:
// a web Deployment with an HPA and a PodDisruptionBudget, a StatefulSet database, node agents.
import { strict as assert } from "assert";
import { workloadPolicies } from "../../policypacks/policies/kubernetes/workload";
import { runResourcePolicy, runStackPolicy, StackResourceInput, UNKNOWN, assertNotCheckable, findingsOf } from "../helpers/policy-harness";

const policy = (n: string) => workloadPolicies.find((p) => p.name === n)!;
const NS = "shop";
const labels = { "app.kubernetes.io/name": "web" };

function workload(kind: "Deployment" | "StatefulSet" | "ReplicaSet" | "DaemonSet", name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}, ns = NS): StackResourceInput {
    return {
        type: `kubernetes:apps/v1:${kind}`,
        name,
        props: {
            apiVersion: "apps/v1",
            kind,
            metadata: { name, namespace: ns },
            spec: {
                selector: { matchLabels: { "app.kubernetes.io/name": name } },
                ...spec,
                template: { metadata: { labels: { "app.kubernetes.io/name": name } }, spec: { containers: [{ name, image: "ghcr.io/acme/web:1.4.2" }], ...podSpec } },
            },
        },
    };
}
const pdb = (name: string, target: string, spec: Record<string, unknown>): StackResourceInput => ({
    type: "kubernetes:policy/v1:PodDisruptionBudget",
    name,
    props: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: NS }, spec: { selector: { matchLabels: { "app.kubernetes.io/name": target } }, ...spec } },
});
const hpa = (name: string, target: string, minReplicas?: number, version = "v2"): StackResourceInput => ({
    type: `kubernetes:autoscaling/${version}:HorizontalPodAutoscaler`,
    name,
    props: { apiVersion: `autoscaling/${version}`, kind: "HorizontalPodAutoscaler", metadata: { name, namespace: NS }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target }, ...(minReplicas === undefined ? {} : { minReplicas }), maxReplicas: 10 } },
});
const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } }] };

describe("workload availability", () => {
    describe("require-replicas", () => {
        const p = policy("require-replicas");
        it("passes two or more replicas, an HPA keeping two, and a workload scaled to 0", () => {
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }), workload("StatefulSet", "db", { replicas: 2 })]), []);
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "web"), hpa("web", "web", 2)]), []);
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "paused", { replicas: 0 })]), []);
        });
        it("reports one replica, unset replicas, and an HPA that may scale to one (v1 and v2)", () => {
            assert.match(findingsOf(runStackPolicy(p, [workload("Deployment", "web", { replicas: 1 })]))[0], /keeps 1 replica \(spec\.replicas=1\): below 2/);
            assert.match(findingsOf(runStackPolicy(p, [workload("StatefulSet", "db")]))[0], /spec\.replicas unset \(1\)/);
            assert.match(findingsOf(runStackPolicy(p, [workload("Deployment", "web", { replicas: 4 }), hpa("web", "web")]))[0], /HorizontalPodAutoscaler "web" minReplicas=unset \(1\)/);
            assert.equal(runStackPolicy(p, [workload("Deployment", "web", { replicas: 4 }), hpa("web", "web", 1, "v1")]).length, 1);
            assert.equal(runStackPolicy(p, [workload("ReplicaSet", "rs", { replicas: 1 })]).length, 1);
        });
        it("honours the configured minimum, and an unknown count is not checkable", () => {
            assert.equal(runStackPolicy(p, [workload("Deployment", "web", { replicas: 2 })], { minReplicas: 3 }).length, 1);
            assertNotCheckable(runStackPolicy(p, [workload("Deployment", "web", { replicas: UNKNOWN })]), /spec\.replicas can't be known/);
        });
    });

    describe("require-pod-disruption-budget", () => {
        const p = policy("require-pod-disruption-budget");
        it("passes a budget that allows one disruption, and single-replica workloads without one", () => {
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }), pdb("web", "web", { maxUnavailable: 1 })]), []);
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }), pdb("web", "web", { minAvailable: 2 })]), []);
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "web", { replicas: 2 }), pdb("web", "web", { minAvailable: "50%" })]), []);
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "solo", { replicas: 1 })]), []);
        });
        it("reports a replicated workload no budget selects", () => {
            const vs = findingsOf(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }), pdb("other", "other", { maxUnavailable: 1 })]));
            assert.equal(vs.length, 1);
            assert.match(vs[0], /keeps 3 replicas and no PodDisruptionBudget/);
        });
        it("reports budgets that forbid every disruption: maxUnavailable 0 or 0%, minAvailable 100% or not below the replicas (an HPA's minimum counts)", () => {
            for (const spec of [{ maxUnavailable: 0 }, { maxUnavailable: "0%" }, { minAvailable: "100%" }, { minAvailable: 3 }]) {
                const vs = findingsOf(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }), pdb("web", "web", spec)]));
                assert.ok(vs.some((m) => /no pod may (ever )?be evicted/.test(m)), JSON.stringify(spec) + vs.join("\n"));
            }
            // A single-replica workload whose budget keeps it: its node can never be drained.
            assert.match(findingsOf(runStackPolicy(p, [workload("Deployment", "solo", { replicas: 1 }), pdb("solo", "solo", { minAvailable: 1 })]))[0], /minAvailable=1 .* keeps 1/);
            const withHpa = findingsOf(runStackPolicy(p, [workload("Deployment", "web"), hpa("web", "web", 2), pdb("web", "web", { minAvailable: 2 })]));
            assert.match(withHpa[0], /HorizontalPodAutoscaler "web" minReplicas=2/);
        });
        it("unknown budgets or replicas are not checkable", () => {
            assertNotCheckable(runStackPolicy(p, [pdb("web", "web", { maxUnavailable: UNKNOWN })]), /spec can't be known/);
            // A budget whose selector is unknown may be the workload's: neither passed nor reported missing.
            const unknownSelector = pdb("web", "web", { maxUnavailable: 1 });
            (unknownSelector.props.spec as Record<string, unknown>).selector = UNKNOWN;
            assertNotCheckable(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }), unknownSelector]), /<PodDisruptionBudgets of Deployment web>\.spec\.selector can't be known/);
            // A known budget that selects it still decides it, next to an unknown one.
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }), unknownSelector, pdb("web-2", "web", { maxUnavailable: 1 })]), []);
        });
    });

    describe("require-topology-spread", () => {
        const p = policy("require-topology-spread");
        it("passes spread constraints, pod anti-affinity, and single replicas", () => {
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "web", { replicas: 3 }, spread)]), []);
            const anti = { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: labels } } }] } } };
            assert.deepEqual(runStackPolicy(p, [workload("StatefulSet", "db", { replicas: 3 }, anti)]), []);
            assert.deepEqual(runStackPolicy(p, [workload("Deployment", "solo", { replicas: 1 })]), []);
        });
        it("reports replicas with nothing spreading them (Deployment, StatefulSet, ReplicaSet), an HPA's minimum counting", () => {
            for (const kind of ["Deployment", "StatefulSet", "ReplicaSet"] as const) {
                const vs = runStackPolicy(p, [workload(kind, "web", { replicas: 3 })]);
                assert.equal(vs.length, 1, kind);
                assert.match(vs[0].message, /keeps 3 replicas \(spec\.replicas=3\) and sets no topologySpreadConstraints and no podAntiAffinity/);
            }
            // The usual HPA-managed Deployment leaves spec.replicas unset.
            const hpaManaged = runStackPolicy(p, [workload("Deployment", "web"), hpa("web", "web", 3)]);
            assert.match(hpaManaged[0].message, /keeps 3 replicas \(HorizontalPodAutoscaler "web" minReplicas=3\)/);
        });
        it("an unknown replica count or pod spec is not checkable", () => {
            assertNotCheckable(runStackPolicy(p, [workload("Deployment", "web", { replicas: UNKNOWN })]), /spec\.replicas can't be known/);
        });
    });

    describe("require-priority-class", () => {
        const p = policy("require-priority-class");
        const run = (w: StackResourceInput) => runResourcePolicy(p, { type: w.type, props: w.props, name: w.name });
        it("passes node agents and kube-system workloads with a priority class, and ordinary workloads without", () => {
            assert.deepEqual(run(workload("DaemonSet", "node-agent", {}, { priorityClassName: "system-node-critical" }, "monitoring")), []);
            assert.deepEqual(run(workload("Deployment", "coredns", { replicas: 2 }, { priorityClassName: "system-cluster-critical" }, "kube-system")), []);
            assert.deepEqual(run(workload("Deployment", "web", { replicas: 2 })), []);
        });
        it("reports a DaemonSet and a kube-system workload without one", () => {
            assert.match(run(workload("DaemonSet", "node-exporter", {}, {}, "monitoring"))[0].message, /DaemonSet \(a node agent\) sets no priorityClassName/);
            assert.match(run(workload("Deployment", "metrics-server", { replicas: 2 }, {}, "kube-system"))[0].message, /in kube-system sets no priorityClassName/);
        });
    });
});
