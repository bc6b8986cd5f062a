import { get, onpremPolicy, show } from "./lib/check";
import { isObject } from "../../lib/k8s";

const KEYED = ["aescbc", "aesgcm", "secretbox"];

/** CIS 1.2.28: a real provider first for Secrets; identity at most as the read-only fallback. */
export const onpremEncryptionConfigProviders = onpremPolicy<{ allowedProviders: string[] }>(
    {
        name: "onprem-encryption-config-providers",
        measure: "cluster.secrets-encryption-at-rest",
        description:
            "An EncryptionConfiguration must cover Secrets and list an encrypting provider first: KMS v2, aescbc or secretbox (CIS 1.2.28). The first provider encrypts new writes, so identity first means plain text; KMS v1 is deprecated and off by default since 1.29. Keys for aescbc must be 32 bytes, and key material must never sit in a ConfigMap.",
        severity: "high",
        remediationSteps:
            "Put `kms: {apiVersion: v2, name, endpoint: unix:///...}` (preferred) or `aescbc` with a 32-byte random key first in `resources[].providers` for `secrets`, keep `identity: {}` only last, and deliver the file through a node secret (cloud-init user-data marked secret), not a ConfigMap.",
        configSchema: {
            properties: { allowedProviders: { type: "array", items: { type: "string" }, default: ["kms", "aescbc", "secretbox"], description: "Providers accepted first for Secrets (the one that encrypts new writes)." } },
        },
    },
    {
        kinds: ["EncryptionConfiguration"],
        doc: (d, config, report) => {
            const entries = Array.isArray(d.doc.resources) ? d.doc.resources : [];
            let coversSecrets = false;
            entries.forEach((e: unknown, i: number) => {
                if (!isObject(e)) return;
                const res = Array.isArray(e.resources) ? e.resources.map(String) : [];
                const forSecrets = res.some((r: string) => r === "secrets" || r === "*.*" || r === "*." || r === "secrets.");
                if (forSecrets) coversSecrets = true;
                const providers = Array.isArray(e.providers) ? e.providers.filter(isObject) : [];
                providers.forEach((p: Record<string, any>, j: number) => {
                    const type = Object.keys(p)[0];
                    const at = `resources[${i}].providers[${j}]`;
                    if (KEYED.includes(type)) {
                        const keys = Array.isArray(get(p, `${type}.keys`)) ? p[type].keys : [];
                        keys.forEach((k: unknown, n: number) => {
                            const secret = isObject(k) ? k.secret : undefined;
                            if (typeof secret !== "string" || secret === "<redacted>") return;
                            // Length only: the key itself is never reported.
                            const len = Buffer.from(secret, "base64").length;
                            if (type !== "aesgcm" && len !== 32) report(`${at}.${type}.keys[${n}] is ${len} bytes; use a 32-byte random key (value not shown).`);
                            if (d.origin === "configmap") report(`${at}.${type}.keys[${n}] holds key material in a ConfigMap, readable by anyone who can read ConfigMaps (value not shown).`);
                        });
                    }
                    if (type === "kms" && String(get(p, "kms.apiVersion") ?? "v1") !== "v2") report(`${at}.kms.apiVersion=${show(get(p, "kms.apiVersion"))}: KMS v1 is deprecated; use apiVersion v2.`);
                });
                if (!forSecrets) return;
                const first = providers.length > 0 ? Object.keys(providers[0])[0] : undefined;
                if (first === undefined) report(`resources[${i}] (secrets) has no providers.`);
                else if (first === "identity") report(`resources[${i}].providers[0] is identity: Secrets are written unencrypted (CIS 1.2.28).`);
                else if (first === "aesgcm" && !config.allowedProviders.includes(first)) {
                    // AES-GCM with random nonces is safe only while a key is rotated every 200,000 writes
                    // (the Kubernetes documentation's figure), by hand; CIS does not count on that.
                    report(`resources[${i}].providers[0] is aesgcm: its key must be rotated every 200,000 writes; CIS 1.2.28 accepts kms (v2), aescbc or secretbox first.`);
                } else if (!config.allowedProviders.includes(first)) report(`resources[${i}].providers[0] is ${show(first)}, not one of ${config.allowedProviders.join(", ")} (CIS 1.2.28).`);
            });
            if (!coversSecrets) report(`no resources[] entry covers secrets (CIS 1.2.28).`);
        },
    },
);
