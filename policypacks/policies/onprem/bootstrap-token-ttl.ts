import { onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";
import { parseDurationSeconds } from "../../../kubeadm/spec";

/** Bootstrap tokens let anyone holding them register a node; they must expire quickly. */
export const onpremBootstrapTokenTtl = onpremPolicy<{ maxTtlHours: number }>(
    {
        name: "onprem-bootstrap-token-ttl",
        measure: "cluster.authn-no-static-credentials",
        description:
            "kubeadm bootstrap tokens must expire (`bootstrapTokens[].ttl` not 0) within maxTtlHours. A token that never expires is a static credential that lets its holder join a node to the cluster and request a node certificate.",
        severity: "medium",
        remediationSteps: "Set `bootstrapTokens[].ttl` to a short duration such as 1h in the InitConfiguration and create new tokens with `kubeadm token create --ttl 1h` when adding nodes later.",
        configSchema: { properties: { maxTtlHours: { type: "number", minimum: 0.1, default: 24, description: "Longest bootstrap token lifetime accepted, in hours." } } },
    },
    {
        kinds: ["InitConfiguration"],
        doc: (d, config, report) => {
            const tokens = Array.isArray(d.doc.bootstrapTokens) ? d.doc.bootstrapTokens : [];
            tokens.forEach((t: unknown, i: number) => {
                if (!isObject(t) || t.ttl === undefined) return; // kubeadm's default is 24h
                if (typeof t.expires === "string") return;
                const secs = typeof t.ttl === "string" ? parseDurationSeconds(t.ttl) : typeof t.ttl === "number" ? t.ttl / 1e9 : NaN;
                // The token value itself is never reported.
                if (secs === 0) report(`bootstrapTokens[${i}].ttl=${show(t.ttl)}: the token never expires.`);
                else if (!(secs <= config.maxTtlHours * 3600)) report(`bootstrapTokens[${i}].ttl=${show(t.ttl)} exceeds ${config.maxTtlHours}h.`);
            });
        },
    },
);
