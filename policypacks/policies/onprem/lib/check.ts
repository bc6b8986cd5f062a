// The shape of every on-prem policy: find the documents of the kinds it checks in any resource
// (see ./documents), run a per-document check, and prefix each finding with the resource and
// the document's location.
import { KslPolicy, PolicyMeta, resourcePolicy } from "../../../lib/policy";
import { FoundCloudConfig, FoundDoc, FoundToml, resourceLabel, Scan, scanResource } from "./documents";
import { csv } from "./flags";
import { showValue as show } from "../../../lib/format";

/** Values in messages: one formatter for every pack (lib/format). */
export { show };
import { kubeletViews, KubeletView } from "./kubelet";

export { argsOf, csv, flagBool } from "./flags";
export type { KubeletView } from "./kubelet";
import { STRONG_CIPHER_SUITES } from "../../../../kubeadm/documents";

export { ONPREM_NODE_POOL_TYPE } from "./documents";

/** The documents that carry kubelet settings: the file, and the kubeadm node configurations' flags. */
const KUBELET_KINDS = ["KubeletConfiguration", "InitConfiguration", "JoinConfiguration"];

export interface OnpremCheck<C> {
    /** Document kinds this policy reads. */
    kinds?: string[];
    doc?: (d: FoundDoc, config: C, report: (message: string) => void) => void;
    toml?: (t: FoundToml, config: C, report: (message: string) => void) => void;
    cloudConfig?: (c: FoundCloudConfig, config: C, report: (message: string) => void) => void;
    /** The kubelet's effective settings (file overridden by flags): see ./kubelet. */
    kubelet?: (k: KubeletView, config: C, report: (message: string) => void) => void;
    /** Whole-scan hook (parse errors). */
    scan?: (s: Scan, config: C, report: (message: string) => void) => void;
}

export function onpremPolicy<C = Record<string, never>>(meta: PolicyMeta, check: OnpremCheck<C>): KslPolicy {
    const kinds = new Set([...(check.kinds ?? []), ...(check.kubelet ? KUBELET_KINDS : [])]);
    return resourcePolicy<C>(meta, {
        // Documents can sit in any resource's string property (cloud-init user-data).
        types: ["*"],
        validate: (props, ctx, report) => {
            const scan = scanResource(ctx.type, ctx.name, props);
            // Most resources hold no node configuration: nothing to label or check.
            if (scan.docs.length === 0 && scan.toml.length === 0 && scan.cloudConfigs.length === 0 && scan.kubeletFlags.length === 0 && scan.errors.length === 0 && scan.unknownKeys.length === 0) return;
            const label = resourceLabel(ctx.type, ctx.name, props);
            if (check.scan) check.scan(scan, ctx.config, (m) => report(`${label}: ${m}`));
            if (check.doc) {
                for (const d of scan.docs) {
                    if (!kinds.has(d.kind)) continue;
                    check.doc(d, ctx.config, (m) => report(`${label}, ${d.kind} in ${d.where}: ${m}`));
                }
            }
            if (check.kubelet) {
                // A file combined with several flag sources yields the same file finding more than once.
                const seen = new Set<string>();
                for (const k of kubeletViews(scan)) {
                    check.kubelet(k, ctx.config, (m) => {
                        const line = `${label}, ${k.where}: ${m}`;
                        if (!seen.has(line)) report(line);
                        seen.add(line);
                    });
                }
            }
            if (check.toml) for (const t of scan.toml) check.toml(t, ctx.config, (m) => report(`${label}, ${t.where}: ${m}`));
            if (check.cloudConfig) for (const c of scan.cloudConfigs) check.cloudConfig(c, ctx.config, (m) => report(`${label}, ${c.where}: ${m}`));
            // A kubeadm ConfigMap document this policy reads is unknown during preview: after checking
            // what is known, read it through the SDK's proxy so the SDK reports the policy as not
            // checkable (advisory) instead of passing silently.
            for (const u of scan.unknownKeys) if (kinds.has(u.kind)) void props.data[u.key];
        },
    });
}

/** `get(doc, "a.b.c")`: a nested value, or undefined (never throws). */
export { get } from "./flags";

/** Suites outside the strong AEAD/ECDHE set (CIS 1.2.29 / 4.2.12). */
export function weakSuites(list: unknown): string[] {
    const items = Array.isArray(list) ? list : typeof list === "string" ? csv(list) : [];
    return items.map(String).filter((s) => !STRONG_CIPHER_SUITES.includes(s));
}


export const TLS_VERSION_ORDER = ["VersionTLS10", "VersionTLS11", "VersionTLS12", "VersionTLS13"];

/**
 * `field=value` for a kubelet setting as it takes effect: the file's field name, or the flag that
 * overrides it and where that flag is set.
 */
export function kubeletSaid(k: KubeletView, field: string): string {
    const s = k.setting(field);
    return `${s.name}=${show(s.value)}${overrideNote(k, field)}`;
}

/** ", overriding the KubeletConfiguration" when a flag sets the field beside a file, else "". */
export function overrideNote(k: KubeletView, field: string): string {
    return k.setting(field).fromFlag && k.complete ? ", overriding the KubeletConfiguration" : "";
}
