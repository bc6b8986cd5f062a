// The kubelet's effective settings, as the kubelet itself resolves them: the KubeletConfiguration
// file, overridden by command-line flags - kubeadm's `nodeRegistration.kubeletExtraArgs` (v1beta3
// map or v1beta4 list, in InitConfiguration and JoinConfiguration) and the KUBELET_KUBEADM_ARGS /
// KUBELET_EXTRA_ARGS of systemd drop-ins and environment files written by cloud-init. Every kubelet
// policy reads this one view, so a setting checked in the file is checked as a flag too.
import type { FoundDoc, FoundFlags, Scan } from "./documents";
import { argsOf, csv, flagBool, get } from "./flags";

type FlagType = "bool" | "int" | "string" | "list" | "gates";

/** Kubelet flags the on-prem policies check, by flag name: the KubeletConfiguration field each overrides. */
export const KUBELET_FLAGS: Readonly<Record<string, { field: string; type: FlagType }>> = {
    "anonymous-auth": { field: "authentication.anonymous.enabled", type: "bool" },
    "authentication-token-webhook": { field: "authentication.webhook.enabled", type: "bool" },
    "client-ca-file": { field: "authentication.x509.clientCAFile", type: "string" },
    "authorization-mode": { field: "authorization.mode", type: "string" },
    "read-only-port": { field: "readOnlyPort", type: "int" },
    "streaming-connection-idle-timeout": { field: "streamingConnectionIdleTimeout", type: "string" },
    "protect-kernel-defaults": { field: "protectKernelDefaults", type: "bool" },
    "make-iptables-util-chains": { field: "makeIPTablesUtilChains", type: "bool" },
    "event-qps": { field: "eventRecordQPS", type: "int" },
    "tls-cert-file": { field: "tlsCertFile", type: "string" },
    "tls-private-key-file": { field: "tlsPrivateKeyFile", type: "string" },
    "rotate-certificates": { field: "rotateCertificates", type: "bool" },
    "rotate-server-certificates": { field: "serverTLSBootstrap", type: "bool" },
    "feature-gates": { field: "featureGates", type: "gates" },
    "tls-cipher-suites": { field: "tlsCipherSuites", type: "list" },
    "tls-min-version": { field: "tlsMinVersion", type: "string" },
    "pod-max-pids": { field: "podPidsLimit", type: "int" },
    "seccomp-default": { field: "seccompDefault", type: "bool" },
    "fail-swap-on": { field: "failSwapOn", type: "bool" },
    "allowed-unsafe-sysctls": { field: "allowedUnsafeSysctls", type: "list" },
};

const FLAG_OF_FIELD = new Map(Object.entries(KUBELET_FLAGS).map(([flag, s]) => [s.field, flag]));

/** A flag value in the type of the field it overrides; the raw string where it does not parse. */
function parseFlag(type: FlagType, raw: string): unknown {
    switch (type) {
        case "bool":
            return flagBool(raw) ?? raw;
        case "int":
            return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
        case "list":
            return csv(raw);
        case "gates": {
            const out: Record<string, unknown> = {};
            for (const g of csv(raw)) {
                const [k, v] = g.split("=");
                out[k.trim()] = flagBool(v ?? "true") ?? v;
            }
            return out;
        }
        default:
            return raw;
    }
}

/** One flag source: a map of flags and the words a message names it by. */
interface FlagSource {
    flags: Map<string, string>;
    /** e.g. `nodeRegistration.kubeletExtraArgs` or `KUBELET_EXTRA_ARGS in cloud-init ... "/etc/default/kubelet"`. */
    label: string;
}

/** Where an effective value came from. */
export interface Setting {
    value: unknown;
    /** `readOnlyPort` (file or default) or `nodeRegistration.kubeletExtraArgs read-only-port` (a flag). */
    name: string;
    fromFlag: boolean;
}

export class KubeletView {
    constructor(
        /** The KubeletConfiguration, or undefined when only flags are known here. */
        readonly file: Record<string, any> | undefined,
        private readonly sources: FlagSource[],
        /** Location for messages: `KubeletConfiguration in data key "kubelet"`, or the flags' source. */
        readonly where: string,
    ) {}

    /** Whether unset fields take the kubelet's defaults (a file is part of this view). */
    get complete(): boolean {
        return this.file !== undefined;
    }

    /** The last flag source setting `flag` (flags are applied in order, so the last one wins). */
    private flagSource(flag: string): FlagSource | undefined {
        for (let i = this.sources.length - 1; i >= 0; i--) if (this.sources[i].flags.has(flag)) return this.sources[i];
        return undefined;
    }

    /** The raw value of a flag that has no KubeletConfiguration field (hostname-override). */
    flag(flag: string): { value: string; name: string } | undefined {
        const s = this.flagSource(flag);
        return s ? { value: s.flags.get(flag)!, name: `${s.label} ${flag}` } : undefined;
    }

    /** The effective value of a KubeletConfiguration field: a flag overrides the file. */
    setting(field: string): Setting {
        const flag = FLAG_OF_FIELD.get(field);
        const s = flag ? this.flagSource(flag) : undefined;
        if (flag && s) {
            const parsed = parseFlag(KUBELET_FLAGS[flag].type, s.flags.get(flag)!);
            // Feature gates merge gate by gate: the flag overrides only the gates it names.
            const value = KUBELET_FLAGS[flag].type === "gates" ? { ...(isRecord(get(this.file, field)) ? get(this.file, field) : {}), ...(parsed as object) } : parsed;
            return { value, name: `${s.label} ${flag}`, fromFlag: true };
        }
        return { value: get(this.file, field), name: field, fromFlag: false };
    }

    /** Whether the field's value is known here: set by a flag or the file, or defaulted by a present file. */
    decided(field: string): boolean {
        return this.complete || this.setting(field).fromFlag;
    }
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}


/**
 * The kubelet views of one resource. Each KubeletConfiguration is combined with the flags of each
 * kubeadm node configuration beside it (an InitConfiguration and a JoinConfiguration configure
 * different nodes) and with the resource's drop-in flags; flags without a file beside them form a
 * view of their own, in which only what the flags set is known.
 */
export function kubeletViews(scan: Scan): KubeletView[] {
    // Every kubelet policy of the pack asks for the same resource's views: build them once.
    const cached = viewCache.get(scan);
    if (cached) return cached;
    const views = buildViews(scan);
    viewCache.set(scan, views);
    return views;
}

const viewCache = new WeakMap<Scan, KubeletView[]>();

function buildViews(scan: Scan): KubeletView[] {
    const files = scan.docs.filter((d) => d.kind === "KubeletConfiguration");
    const nodeConfigs = scan.docs.filter((d) => d.kind === "InitConfiguration" || d.kind === "JoinConfiguration");
    // kubeadm's own flags file is expanded before the user's KUBELET_EXTRA_ARGS files.
    const ordered = [...scan.kubeletFlags].sort((a, b) => Number(!a.kubeadm) - Number(!b.kubeadm));
    const dropIns: FlagSource[] = ordered.map((f: FoundFlags) => ({ flags: f.flags, label: f.label }));
    // kubeadm writes kubeletExtraArgs into KUBELET_KUBEADM_ARGS, which the unit expands before
    // KUBELET_EXTRA_ARGS: drop-in flags come last and win.
    const flagSets: FlagSource[][] = nodeConfigs.length > 0 ? nodeConfigs.map((d: FoundDoc) => [{ flags: argsOf(d.doc.nodeRegistration), label: "nodeRegistration.kubeletExtraArgs" }, ...dropIns]) : dropIns.length > 0 ? [dropIns] : [];
    const out: KubeletView[] = [];
    if (files.length > 0) {
        for (const f of files) {
            const where = `${f.kind} in ${f.where}`;
            if (flagSets.length === 0) out.push(new KubeletView(f.doc, [], where));
            for (const sources of flagSets) out.push(new KubeletView(f.doc, sources, where));
        }
        return out;
    }
    nodeConfigs.forEach((d, i) => out.push(new KubeletView(undefined, flagSets[i], `${d.kind} in ${d.where}`)));
    if (nodeConfigs.length === 0 && dropIns.length > 0) out.push(new KubeletView(undefined, dropIns, dropIns.map((s) => s.label).join(", ")));
    return out;
}

// ---- drop-ins and environment files ------------------------------------------------------------

/** Files the kubelet's systemd unit reads its flags from. */
export const KUBELET_FLAG_FILE = /^(\/etc\/systemd\/system\/kubelet\.service\.d\/[^/]+\.conf|\/usr\/lib\/systemd\/system\/kubelet\.service\.d\/[^/]+\.conf|\/etc\/default\/kubelet|\/etc\/sysconfig\/kubelet|\/var\/lib\/kubelet\/kubeadm-flags\.env)$/;

const FLAG_VARS = ["KUBELET_KUBEADM_ARGS", "KUBELET_EXTRA_ARGS", "KUBELET_ARGS"];

/**
 * The kubelet flags a drop-in or environment file sets: `KUBELET_EXTRA_ARGS=...`,
 * `Environment="KUBELET_EXTRA_ARGS=..."` and flags written on an `ExecStart=` kubelet command line.
 * In order of expansion (KUBELET_KUBEADM_ARGS before KUBELET_EXTRA_ARGS), the last value winning.
 */
export function flagsOfUnitFile(content: string): Map<string, string> {
    const byVar = new Map<string, string[]>();
    const exec: string[] = [];
    for (const raw of content.split(/\r?\n/)) {
        const line = raw.trim();
        if (line.startsWith("#") || line.startsWith(";")) continue;
        const env = /^(?:Environment\s*=\s*)?["']?([A-Z_][A-Z0-9_]*)=(.*?)["']?$/.exec(line);
        if (env && FLAG_VARS.includes(env[1])) {
            byVar.set(env[1], [...(byVar.get(env[1]) ?? []), unquote(env[2])]);
            continue;
        }
        const start = /^ExecStart\s*=\s*(.*)$/.exec(line);
        if (start && /(^|\/)kubelet(\s|$)/.test(start[1])) exec.push(start[1]);
    }
    const out = new Map<string, string>();
    const apply = (args: string) => {
        const tokens = args.split(/\s+/).filter((t) => t !== "");
        for (let i = 0; i < tokens.length; i++) {
            const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(tokens[i]);
            if (!m) continue;
            const [, name, value] = m;
            if (value !== undefined) out.set(name, unquote(value));
            else if (KUBELET_FLAGS[name]?.type !== "bool" && i + 1 < tokens.length && !tokens[i + 1].startsWith("-") && !tokens[i + 1].startsWith("$")) out.set(name, unquote(tokens[++i]));
            else out.set(name, "true");
        }
    };
    for (const e of exec) apply(e);
    for (const v of FLAG_VARS) for (const args of byVar.get(v) ?? []) apply(args);
    return out;
}

function unquote(s: string): string {
    return s.trim().replace(/^["']|["']$/g, "");
}
