// Detection of credentials by name and by shape. Used by the data policies; callers only ever
// print names (env vars, ConfigMap keys, property names) and the kind of finding, never values.

/** Name fragments (lower-case, separators removed) that mark a credential. */
export const SENSITIVE_NAME_FRAGMENTS: readonly string[] = [
    "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey",
    "connectionstring", "connstring", "connstr", "credential", "accountkey", "masterkey",
    "encryptionkey", "signingkey", "sastoken", "sharedaccesskey",
];

/** A name whose last word is one of these describes a credential's location or metadata, not the credential. */
export const DEFAULT_IGNORED_SUFFIXES: readonly string[] = [
    "file", "path", "dir", "name", "names", "ref", "url", "uri", "endpoint", "host", "ttl", "timeout",
    "expiry", "expiration", "length", "size", "type", "enabled", "mode", "header", "format", "policy", "version", "id",
];

function words(name: string): string[] {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w.toLowerCase());
}

/** True when a variable/key name says it holds a credential. */
export function isSensitiveName(name: string, ignoredSuffixes: readonly string[] = DEFAULT_IGNORED_SUFFIXES): boolean {
    const ws = words(name);
    if (ws.length === 0) return false;
    if (ignoredSuffixes.includes(ws[ws.length - 1])) return false;
    const joined = ws.join("");
    if (SENSITIVE_NAME_FRAGMENTS.some((f) => joined.includes(f))) return true;
    // PWD alone is the shell's working directory; DB_PWD is a password.
    return ws.includes("pwd") && !["pwd", "oldpwd"].includes(name.toLowerCase());
}

/** True for values that only reference something else: `$(VAR)`, `${VAR}`, `<placeholder>`. */
export function isReference(value: string): boolean {
    const v = value.trim();
    return /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v) || /^\$\{[^}]+\}$/.test(v) || /^<[^>]*>$/.test(v);
}

const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\/\s:@]*:([^\/\s@]+)@/i;
const KV_PASSWORD = /(?:^|[;\s])(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=\s*([^;\s]+)/i;

/** What kind of credential a value looks like, or undefined. Never returns the value. */
export function credentialShape(value: string): string | undefined {
    if (/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/.test(value)) return "a private key";
    const url = URL_WITH_PASSWORD.exec(value);
    if (url && !isReference(url[1])) return "a URL with an embedded password";
    const kv = KV_PASSWORD.exec(value);
    if (kv && !isReference(kv[1])) return "a connection string with a password";
    if (/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.test(value)) return "a JSON Web Token";
    if (/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/.test(value)) return "an AWS access key";
    if (/\bgh[pousr]_[A-Za-z0-9]{36,}\b/.test(value) || /\bgithub_pat_[A-Za-z0-9_]{40,}\b/.test(value)) return "a GitHub token";
    if (/\bxox[abprs]-[A-Za-z0-9-]{10,}/.test(value)) return "a Slack token";
    if (/\bsk_live_[A-Za-z0-9]{16,}/.test(value)) return "a Stripe secret key";
    return undefined;
}

/** A literal that would hand over a credential: non-empty and not a mere reference. */
export function isLiteralValue(value: unknown): value is string {
    return typeof value === "string" && value.trim() !== "" && !isReference(value);
}

/**
 * Lines of an embedded config file (properties, YAML, .env, INI) that assign a credential-named
 * entry a literal, e.g. `spring.datasource.password=...`. Returns the entry names only.
 */
export function credentialEntries(value: string, ignoredSuffixes?: readonly string[]): string[] {
    if (!value.includes("\n")) return [];
    const out: string[] = [];
    for (const line of value.split(/\r?\n/)) {
        const m = /^\s*(?:export\s+)?["']?([A-Za-z0-9_.\-]+)["']?\s*[:=]\s*(.*?)\s*$/.exec(line);
        if (!m) continue;
        const v = m[2].replace(/^["']|["']$/g, "");
        if (isSensitiveName(m[1], ignoredSuffixes) && isLiteralValue(v) && !/^[|>][-+]?$/.test(v)) out.push(m[1]);
    }
    return out;
}
