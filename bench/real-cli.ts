// `pulumi preview` (the real CLI, offline: scripts/real-pulumi.ts) of a 1,000-resource Kubernetes
// stack with no pack and with the aks pack: what the pack adds to a preview.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { median } from "./peers";
import { installedPack, offlineEnv, runDir, toolchainBin, writeYamlProgram, type ProgramSpec } from "../scripts/real-pulumi";

/** A stack of `apps` hardened applications (ServiceAccount, ConfigMap, Service, NetworkPolicy, Deployment), 5 resources each. */
export function applicationStack(apps: number): ProgramSpec {
    const resources: ProgramSpec["resources"] = [];
    for (let i = 0; i < apps; i++) {
        const ns = `team-${i % 10}`;
        const labels = { app: `app-${i}` };
        const meta = { name: `app-${i}`, namespace: ns };
        resources.push({ name: `sa-${i}`, type: "kubernetes:core/v1:ServiceAccount", props: { metadata: meta } });
        resources.push({ name: `cm-${i}`, type: "kubernetes:core/v1:ConfigMap", props: { metadata: meta, data: { LOG_LEVEL: "info" } } });
        resources.push({ name: `svc-${i}`, type: "kubernetes:core/v1:Service", props: { metadata: meta, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } } });
        resources.push({ name: `np-${i}`, type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", props: { metadata: meta, spec: { podSelector: { matchLabels: labels }, policyTypes: ["Ingress", "Egress"] } } });
        resources.push({
            name: `deploy-${i}`,
            type: "kubernetes:apps/v1:Deployment",
            props: {
                metadata: { ...meta, labels },
                spec: {
                    replicas: 2,
                    selector: { matchLabels: labels },
                    template: {
                        metadata: { labels },
                        spec: {
                            serviceAccountName: `app-${i}`,
                            automountServiceAccountToken: false,
                            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
                            containers: [{ name: "app", image: "ghcr.io/acme/app:1.4.2", resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } }, securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } }],
                        },
                    },
                },
            },
        });
    }
    return { project: "bench-real-cli", resources };
}

export interface RealCliFigures {
    resources: number;
    runs: number;
    /** Median seconds of `pulumi preview` without a pack and with it. */
    seconds: { noPack: number; withPack: number };
    /** What the pack adds to the preview. */
    packAddsPercent: number;
    findings: number;
}


/** Runs the two previews `runs` times each, interleaved (so drift on the machine hits all alike). */
export function realCliFigures(runs: number, apps = 200): RealCliFigures {
    const spec = applicationStack(apps);
    const dir = path.join(runDir(), "bench-real-cli");
    writeYamlProgram(dir, spec);
    const pack = installedPack("aks");
    const pulumi = path.join(toolchainBin(), "pulumi");
    const env = offlineEnv({ PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}` });
    fs.mkdirSync(path.join(dir, ".state"), { recursive: true });
    const init = spawnSync(pulumi, ["stack", "init", "bench", "--non-interactive"], { cwd: dir, env, encoding: "utf8" });
    if (init.status !== 0) throw new Error(`pulumi stack init: ${init.stderr.trim()}`);
    let findings = 0;
    const preview = (packArgs: string[]) => {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(pulumi, ["preview", "--non-interactive", "--json", "--stack", "bench", ...packArgs], { cwd: dir, env: { ...env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" }, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (r.status !== 0) throw new Error(`pulumi preview failed (exit ${r.status}): ${r.stderr.trim().split("\n").pop()}`);
        if (packArgs.length) findings = r.stdout.split("\n").filter((l) => l.includes('"policyEvent"')).length;
        return seconds;
    };
    preview([]); // plugins and caches warm
    const xs = { noPack: [] as number[], withPack: [] as number[] };
    for (let i = 0; i < runs; i++) {
        xs.noPack.push(preview([]));
        xs.withPack.push(preview(["--policy-pack", pack]));
    }
    const seconds = { noPack: median(xs.noPack), withPack: median(xs.withPack) };
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
        resources: spec.resources.length,
        runs,
        seconds: { noPack: round(seconds.noPack), withPack: round(seconds.withPack) },
        packAddsPercent: Math.round(((seconds.withPack - seconds.noPack) / seconds.noPack) * 100),
        findings,
    };
}
