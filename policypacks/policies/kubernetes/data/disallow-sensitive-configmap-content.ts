import { resourcePolicy } from "../../../lib/policy";
import { isObject, T } from "../../../lib/k8s";
import { credentialEntries, credentialShape, DEFAULT_IGNORED_SUFFIXES, isLiteralValue, isSensitiveName } from "./sensitive";

interface Config {
    ignoredNameSuffixes: string[];
    allowedKeys: string[];
}

/** The text of a base64 value, or the value itself when it is not valid base64. */
function decodeBase64(v: string): string {
    const compact = v.replace(/\s+/g, "");
    if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return v;
    return Buffer.from(compact, "base64").toString("latin1");
}

export const disallowSensitiveConfigMapContent = resourcePolicy<Config>(
    {
        name: "disallow-sensitive-configmap-content",
        measure: "data.no-literal-credentials",
        description:
            "ConfigMaps must not hold credentials: a data or binaryData key named like a credential (password, secret, token, api key, private key, connection string, ...) with a non-empty value, a value shaped like a credential (a private key, a URL or connection string with a password, a JWT, a cloud or GitHub token), or an embedded config file with a credential-named entry (`db.password=...`) is rejected. ConfigMaps are not encrypted at rest by the secrets encryption provider and are readable by far more subjects than Secrets. Keys in allowedKeys are skipped. Values are never printed.",
        severity: "high",
        remediationSteps:
            "Move the credential to a Secret or, better, an external store (Azure Key Vault via the Secrets Store CSI driver; on-prem: Vault or External Secrets Operator) and reference it; keep only non-secret settings in the ConfigMap.",
        configSchema: {
            properties: {
                ignoredNameSuffixes: { type: "array", items: { type: "string" }, default: [...DEFAULT_IGNORED_SUFFIXES], description: "Key name suffixes that never hold a credential; matched case-insensitively." },
                allowedKeys: { type: "array", items: { type: "string" }, default: [], description: "ConfigMap data keys to accept although they look like credentials." },
            },
        },
    },
    {
        types: [T.ConfigMap],
        validate: (props, ctx, report) => {
            const suffixes = Array.isArray(ctx.config.ignoredNameSuffixes) ? ctx.config.ignoredNameSuffixes.filter((s) => typeof s === "string").map((s) => s.toLowerCase()) : DEFAULT_IGNORED_SUFFIXES;
            const allowed = new Set(Array.isArray(ctx.config.allowedKeys) ? ctx.config.allowedKeys : []);
            for (const section of ["data", "binaryData"] as const) {
                const data = isObject(props) ? props[section] : undefined;
                if (!isObject(data)) continue;
                for (const key of Object.keys(data)) {
                    if (allowed.has(key)) continue;
                    const raw = data[key];
                    // binaryData is base64: a PEM key or key file hides there as well as in data.
                    const value = section === "binaryData" && typeof raw === "string" ? decodeBase64(raw) : raw;
                    if (!isLiteralValue(value)) continue;
                    {
                        const shape = credentialShape(value);
                        if (shape) {
                            report(`${section}["${key}"] holds a value that looks like ${shape}.`);
                            continue;
                        }
                        const entries = section === "data" ? credentialEntries(value, suffixes) : [];
                        if (entries.length > 0) {
                            report(`${section}["${key}"] contains credential entries: ${entries.slice(0, 5).map((e) => `"${e}"`).join(", ")}.`);
                            continue;
                        }
                    }
                    if (isSensitiveName(key, suffixes)) report(`${section}["${key}"] is named like a credential and has a value.`);
                }
            }
        },
    },
);
