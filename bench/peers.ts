// The scanners users would pick instead, run side by side with `ksl scan` on the same inputs in the
// same run: kube-linter and Trivy (`trivy config`), built from the Go module proxy, and Checkov, from
// PyPI, by `npm run toolchain -- --peers` into a cache outside the repository. Polaris' module is not
// served by the proxy this project builds from, so it is reported as unavailable, not guessed.
// Each run's wall time and peak memory come from GNU time; findings are counted per policy family
// (what each tool checks differs: the families make the comparison fair).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface ToolRun {
    seconds: number;
    peakRssMb: number;
    exit: number | null;
    findings: number;
    families: Record<string, number>;
    error?: string;
}

export interface Peer {
    name: string;
    /** What it checks, in a sentence (the fairness note of the report). */
    checks: string;
    version?: string;
    available: boolean;
    why?: string;
    run?: (inputs: string[], workDir: string) => ToolRun;
}

/** Policy families, first match wins: a finding's rule id and title are matched in this order. */
const FAMILIES: Array<[string, RegExp]> = [
    ["privileged & escalation", /privileg|escalat/i],
    ["host namespaces, ports, paths", /host[-_ ]?(network|pid|ipc|port|path|namespace)|hostpath|sensitive[-_ ]host|docker[-_.]?sock|runtime[-_ ]socket/i],
    ["capabilities", /capabilit|net[-_]?raw|sys[-_]?admin/i],
    ["seccomp, AppArmor, SELinux", /seccomp|apparmor|selinux/i],
    ["run as root / user and group", /root|run[-_ ]?as|uid|gid|non[-_ ]?root|user/i],
    ["read-only root filesystem", /read[-_ ]?only/i],
    ["resources, quotas, limits", /limit|request|quota|resource|cpu|memory/i],
    ["probes", /probe|liveness|readiness|startup/i],
    ["images", /image|tag|digest|registr|pull/i],
    ["service accounts & tokens", /service[-_ ]?account|token|automount/i],
    ["RBAC", /rbac|role|binding|wildcard|cluster[-_ ]?admin|impersonat|escalate|\bbind\b|exec/i],
    ["network", /network|ingress|egress|load[-_ ]?balancer|node[-_ ]?port|service|external|dns/i],
    ["secrets & credentials", /secret|credential|password|env/i],
    ["namespaces", /namespace|default/i],
];

export function family(text: string): string {
    return FAMILIES.find(([, re]) => re.test(text))?.[0] ?? "other";
}

function count(texts: string[]): { findings: number; families: Record<string, number> } {
    const families: Record<string, number> = {};
    for (const t of texts) families[family(t)] = (families[family(t)] ?? 0) + 1;
    return { findings: texts.length, families };
}

/** The median of a run's samples (the upper one of an even count). */
export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

/** Runs a command under GNU time: wall seconds and the peak RSS of the command (largest process). */
export function timed(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { seconds: number; peakRssMb: number; exit: number | null; stdout: string; stderr: string } {
    const marker = "__ksl_bench_time__";
    const r = spawnSync("/usr/bin/time", ["-f", `${marker} %e %M`, cmd, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    const m = new RegExp(`${marker} ([\\d.]+) (\\d+)`).exec(r.stderr ?? "");
    return {
        seconds: m ? Number(m[1]) : NaN,
        peakRssMb: m ? Math.round(Number(m[2]) / 1024) : NaN,
        exit: r.status,
        stdout: r.stdout ?? "",
        stderr: (r.stderr ?? "").replace(new RegExp(`${marker}.*\\n?`), ""),
    };
}

/** The peers' binaries: `npm run toolchain -- --peers` builds them once (minutes) and prints their directory. */
export function peerBin(root: string): { dir?: string; why?: string } {
    const r = spawnSync(process.execPath, [path.join(root, "scripts", "toolchain.js"), "--peers"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) return { why: `npm run toolchain -- --peers failed: ${(r.stderr ?? "").trim().split("\n").pop()}` };
    return { dir: r.stdout.trim().split("\n").pop() };
}

function versionOf(bin: string, args: string[]): string | undefined {
    const r = spawnSync(bin, args, { encoding: "utf8" });
    return (r.stdout || r.stderr || "").trim().split("\n")[0]?.slice(0, 80) || undefined;
}

export function peers(binDir: string | undefined, why: string | undefined, env: NodeJS.ProcessEnv): Peer[] {
    const bin = (n: string) => (binDir ? path.join(binDir, n) : "");
    const have = (n: string) => !!binDir && fs.existsSync(bin(n));
    const missing = (n: string) => why ?? `${n} not built (npm run toolchain -- --peers)`;
    return [
        {
            name: "kube-linter",
            checks: "its default checks: pod and container security context, host access, capabilities, probes, resources, images, service accounts, RBAC wildcards, service selectors",
            available: have("kube-linter"),
            why: have("kube-linter") ? undefined : missing("kube-linter"),
            version: have("kube-linter") ? versionOf(bin("kube-linter"), ["version"]) : undefined,
            run: (inputs) =>
                findingsOf(timed(bin("kube-linter"), ["lint", "--format", "json", ...inputs], { env }), (out) =>
                    ((JSON.parse(out).Reports ?? []) as Array<{ Check: string; Diagnostic?: { Message?: string } }>).map((r) => `${r.Check} ${r.Diagnostic?.Message ?? ""}`),
                ),
        },
        {
            name: "trivy config",
            checks: "Trivy's Kubernetes misconfiguration checks (KSV: pod security, RBAC, resources, images, network), with the checks bundled in the binary (no download)",
            available: have("trivy"),
            why: have("trivy") ? undefined : missing("trivy"),
            version: have("trivy") ? versionOf(bin("trivy"), ["--version"]) : undefined,
            run: (inputs, workDir) => {
                // One directory of the inputs (trivy config takes one target), the embedded checks, no network.
                const target = path.join(workDir, "trivy-target");
                fs.rmSync(target, { recursive: true, force: true });
                fs.mkdirSync(target, { recursive: true });
                inputs.forEach((f, i) => fs.copyFileSync(f, path.join(target, `${i}-${path.basename(f)}`)));
                return findingsOf(timed(bin("trivy"), ["config", "--quiet", "--format", "json", "--skip-check-update", "--cache-dir", path.join(workDir, "trivy-cache"), target], { env }), (out) =>
                    ((JSON.parse(out).Results ?? []) as Array<{ Misconfigurations?: Array<{ ID: string; Title: string; Status: string }> }>).flatMap((r) =>
                        (r.Misconfigurations ?? []).filter((m) => m.Status === "FAIL").map((m) => `${m.ID} ${m.Title}`),
                    ),
                );
            },
        },
        {
            name: "checkov",
            checks: "Checkov's Kubernetes framework (CKV_K8S: pod security, images, resources, probes, RBAC, secrets), offline",
            available: have("checkov"),
            why: have("checkov") ? undefined : missing("checkov"),
            version: have("checkov") ? versionOf(bin("checkov"), ["--version"]) : undefined,
            run: (inputs) => {
                const args = ["--framework", "kubernetes", "--output", "json", "--quiet", "--compact", "--skip-download", ...inputs.flatMap((f) => ["-f", f])];
                return findingsOf(timed(bin("checkov"), args, { env: { ...env, BC_SKIP_MAPPING: "TRUE", LOG_LEVEL: "ERROR" } }), (out) => {
                    const parsed = JSON.parse(out);
                    const reports = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ results?: { failed_checks?: Array<{ check_id: string; check_name: string }> } }>;
                    return reports.flatMap((r) => (r.results?.failed_checks ?? []).map((c) => `${c.check_id} ${c.check_name}`));
                });
            },
        },
        {
            name: "polaris",
            checks: "Polaris' audit checks (security, efficiency, reliability)",
            available: false,
            why: "not served: the Go module proxy this project builds from refuses github.com/fairwindsops/polaris (every version tried); it is not downloaded from elsewhere",
        },
    ];
}

/** A timed run with its findings (the texts the tool's report gives for each), or the reason there are none. */
function findingsOf(t: ReturnType<typeof timed>, texts: (stdout: string) => string[]): ToolRun {
    const run = { seconds: t.seconds, peakRssMb: t.peakRssMb, exit: t.exit };
    try {
        return { ...run, ...count(texts(t.stdout)) };
    } catch (e) {
        return { ...run, findings: NaN, families: {}, error: `${(e as Error).message}: ${t.stderr.trim().split("\n").pop()}` };
    }
}

/** `ksl scan` under the same timing, its findings counted per family by policy name. */
export function kslRun(root: string, inputs: string[], pack: string, out: string): ToolRun {
    const t = timed(process.execPath, [path.join(root, "dist", "ksl.js"), "scan", ...inputs, "--pack", pack, "--format", "json", "--output", out]);
    return findingsOf(t, () => (JSON.parse(fs.readFileSync(out, "utf8")) as { violations: Array<{ policy: string; waived: boolean }> }).violations.filter((v) => !v.waived).map((v) => v.policy));
}
