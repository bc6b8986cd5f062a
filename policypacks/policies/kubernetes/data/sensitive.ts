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

/** Whole words that mark a credential only as words (`DB_PASS`, `SMTP_PW`), not inside others (`PASSPORT`). */
const SENSITIVE_WORDS: ReadonlySet<string> = new Set(["pass", "pw", "creds", "cred", "apitoken", "pat"]);
/** Last words that mark a credential (`REDIS_AUTH`, `MASTER_AUTH`); `AUTH_URL` ends in a location word. */
const SENSITIVE_LAST_WORDS: ReadonlySet<string> = new Set(["auth"]);

/**
 * True when a variable/key name says it holds a credential. `extra` adds name fragments (config:
 * a team's own names, e.g. `license`). A `_TOKEN_ID` is the token itself (Vault's
 * VAULT_DEV_ROOT_TOKEN_ID), not an id of one, although `id` otherwise ends a name of metadata.
 */
export function isSensitiveName(name: string, ignoredSuffixes: readonly string[] = DEFAULT_IGNORED_SUFFIXES, extra: readonly string[] = []): boolean {
    const ws = words(name);
    if (ws.length === 0) return false;
    const last = ws[ws.length - 1];
    const tokenId = last === "id" && ws.length >= 2 && ["token", "secret", "password"].includes(ws[ws.length - 2]);
    if (ignoredSuffixes.includes(last) && !tokenId) return false;
    const joined = ws.join("");
    if (SENSITIVE_NAME_FRAGMENTS.some((f) => joined.includes(f))) return true;
    if (extra.some((f) => f && joined.includes(f.toLowerCase().replace(/[^a-z0-9]/g, "")))) return true;
    if (ws.some((w) => SENSITIVE_WORDS.has(w))) return true;
    if (ws.length > 1 && SENSITIVE_LAST_WORDS.has(last)) return true;
    // PWD alone is the shell's working directory; DB_PWD is a password.
    return ws.includes("pwd") && !["pwd", "oldpwd"].includes(name.toLowerCase());
}

/**
 * Credentials in a container's command line: an argument shaped like a credential, or a flag named
 * like one with a literal value (`--db-password=...`, `--api-token ...`). Returns where and what,
 * never the value.
 */
export function credentialArgs(args: readonly unknown[], ignoredSuffixes?: readonly string[], extra?: readonly string[]): Array<{ index: number; what: string }> {
    const out: Array<{ index: number; what: string }> = [];
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (typeof a !== "string") continue;
        const shape = credentialShape(a);
        if (shape) {
            out.push({ index: i, what: `looks like ${shape}` });
            continue;
        }
        const flag = /^--?([A-Za-z][A-Za-z0-9_.-]{0,127})(?:=(.*))?$/s.exec(a);
        if (!flag || !isSensitiveName(flag[1], ignoredSuffixes, extra)) continue;
        const value = flag[2] ?? (typeof args[i + 1] === "string" && !(args[i + 1] as string).startsWith("-") ? (args[i + 1] as string) : undefined);
        if (isLiteralValue(value)) out.push({ index: i, what: `is flag --${flag[1]} with a literal value` });
    }
    return out;
}

/** True for values that only reference something else: `$(VAR)`, `${VAR}`, `<placeholder>`. */
export function isReference(value: string): boolean {
    const v = value.trim();
    return /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v) || /^\$\{[^}]+\}$/.test(v) || /^<[^>]*>$/.test(v);
}

// Every pattern here runs on user data of any length (a ConfigMap value may be 1 MiB), so each is
// linear-time in V8's backtracking engine: a match can only start at a token boundary (lookbehind),
// and every run it scans is bounded or cannot be re-entered from a later start.
export const URL_WITH_PASSWORD = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\/\s:@]{0,256}:([^\/\s@]{1,256})@/i;
export const KV_PASSWORD = /(?:^|[;\s])(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)[ \t]{0,64}=[ \t]{0,64}([^;\s]{1,1024})/i;
export const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY(?: BLOCK)?-----/;
export const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

/** Well-known credential formats, by what the finding calls them. */
export const CREDENTIAL_FORMATS: ReadonlyArray<{ what: string; pattern: RegExp }> = [
    { what: "an AWS access key", pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/ },
    { what: "a GitHub token", pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})/ },
    { what: "a Slack token", pattern: /(?<![A-Za-z0-9-])xox[abprs]-[A-Za-z0-9-]{10,}/ },
    { what: "a Stripe secret key", pattern: /(?<![A-Za-z0-9_])sk_live_[A-Za-z0-9]{16,}/ },
    // 64 random bytes in base64, as Azure Storage and Batch account keys are; not after "sha512-" (SRI hashes).
    { what: "an Azure storage or Batch account key", pattern: /(?<![A-Za-z0-9+/=-])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/ },
    // OCI API signing keys carry this marker line after the PEM body.
    { what: "an OCI API signing key", pattern: /(?<![A-Za-z0-9_])OCI_API_KEY(?![A-Za-z0-9_])/ },
];

/** What kind of credential a value looks like, or undefined. Never returns the value. */
export function credentialShape(value: string): string | undefined {
    if (PRIVATE_KEY.test(value)) return "a private key";
    const url = URL_WITH_PASSWORD.exec(value);
    if (url && !isReference(url[1])) return "a URL with an embedded password";
    const kv = KV_PASSWORD.exec(value);
    if (kv && !isReference(kv[1])) return "a connection string with a password";
    if (JWT.test(value)) return "a JSON Web Token";
    for (const f of CREDENTIAL_FORMATS) if (f.pattern.test(value)) return f.what;
    return undefined;
}

/** Values that hold nothing: empty structures and nulls (`custom_secrets: []`). */
const EMPTY_VALUES = new Set(["[]", "{}", "null", "~", '""', "''"]);
/** Flags (`use-service-account-credentials: "true"`): a switch, never a credential. */
const BOOLEAN_VALUES = new Set(["true", "false", "yes", "no", "on", "off"]);

/** A literal that would hand over a credential: non-empty, not a mere reference, an empty structure or a boolean. */
export function isLiteralValue(value: unknown): value is string {
    if (typeof value !== "string") return false;
    const v = value.trim();
    if (v === "" || isReference(value)) return false;
    const bare = v.toLowerCase().replace(/^["']|["']$/g, "");
    return !EMPTY_VALUES.has(v) && !BOOLEAN_VALUES.has(bare);
}

/** `key = value` / `key: value` of a config-file line; the name is bounded, the value taken whole. */
export const CONFIG_ENTRY = /^[ \t]{0,256}(?:export[ \t]{1,16})?["']?([A-Za-z0-9_.\-]{1,256})["']?[ \t]{0,64}[:=](.*)$/;

/**
 * Lines of an embedded config file (properties, YAML, .env, INI) that assign a credential-named
 * entry a literal, e.g. `spring.datasource.password=...`. Returns the entry names only.
 */
export function credentialEntries(value: string, ignoredSuffixes?: readonly string[]): string[] {
    if (!value.includes("\n")) return [];
    const out: string[] = [];
    for (const line of value.split(/\r?\n/)) {
        const m = CONFIG_ENTRY.exec(line);
        if (!m) continue;
        // Trimmed in code: a lazy capture followed by `\s*$` is quadratic on long blank runs.
        const v = m[2].trim().replace(/^["']|["']$/g, "");
        if (isSensitiveName(m[1], ignoredSuffixes) && isLiteralValue(v) && !/^[|>][-+]?$/.test(v)) out.push(m[1]);
    }
    return out;
}
