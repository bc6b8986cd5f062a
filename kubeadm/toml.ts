// The small subset of TOML that containerd's config.toml and hosts.toml use: tables with dotted
// and quoted keys, string/boolean/integer values and arrays of those. Enough to render the
// hardened config and to read one back in a policy; no dependency to add to the pack.

export type TomlScalar = string | number | boolean;
export type TomlValue = TomlScalar | TomlScalar[];
export interface TomlEntry {
    /** Table path, e.g. ["plugins", "io.containerd.grpc.v1.cri"]. */
    table: string[];
    key: string;
    value: TomlValue;
}

function quoteKey(k: string): string {
    return /^[A-Za-z0-9_-]+$/.test(k) ? k : `'${k}'`;
}

function renderValue(v: TomlValue): string {
    if (Array.isArray(v)) return `[${v.map((x) => renderValue(x)).join(", ")}]`;
    if (typeof v === "string") return JSON.stringify(v);
    return String(v);
}

/** Renders tables in the given order; `[]` is the root table. */
export function renderToml(tables: Array<[string[], Record<string, TomlValue>]>): string {
    const out: string[] = [];
    for (const [path, kv] of tables) {
        if (path.length > 0) out.push("", `[${path.map(quoteKey).join(".")}]`);
        for (const [k, v] of Object.entries(kv)) out.push(`${path.length > 0 ? "  " : ""}${quoteKey(k)} = ${renderValue(v)}`);
    }
    return out.join("\n").replace(/^\n/, "") + "\n";
}

/** Splits a dotted key (`a."b.c".d`, `a.'b'`) into segments. */
function splitKey(s: string): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < s.length) {
        while (s[i] === " " || s[i] === "\t") i++;
        if (s[i] === '"' || s[i] === "'") {
            const q = s[i];
            const end = s.indexOf(q, i + 1);
            if (end < 0) throw new Error("unterminated quoted key");
            out.push(s.slice(i + 1, end));
            i = end + 1;
        } else {
            let end = i;
            while (end < s.length && s[end] !== ".") end++;
            const seg = s.slice(i, end).trim();
            if (!/^[A-Za-z0-9_-]+$/.test(seg)) throw new Error(`invalid key segment '${seg}'`);
            out.push(seg);
            i = end;
        }
        while (s[i] === " " || s[i] === "\t") i++;
        if (i < s.length) {
            if (s[i] !== ".") throw new Error("invalid key");
            i++;
        }
    }
    return out;
}

function parseValue(raw: string): TomlValue {
    const s = raw.trim();
    if (s.startsWith("[")) {
        if (!s.endsWith("]")) throw new Error("unterminated array");
        const inner = s.slice(1, -1).trim();
        if (inner === "") return [];
        const items: TomlScalar[] = [];
        // Split on commas outside quotes.
        let cur = "";
        let quote: string | undefined;
        for (const ch of inner) {
            if (quote) {
                cur += ch;
                if (ch === quote) quote = undefined;
            } else if (ch === '"' || ch === "'") {
                quote = ch;
                cur += ch;
            } else if (ch === ",") {
                if (cur.trim() !== "") items.push(parseValue(cur) as TomlScalar);
                cur = "";
            } else cur += ch;
        }
        if (cur.trim() !== "") items.push(parseValue(cur) as TomlScalar);
        return items;
    }
    if (s.startsWith('"')) {
        if (!s.endsWith('"') || s.length < 2) throw new Error("unterminated string");
        return JSON.parse(s);
    }
    if (s.startsWith("'")) {
        if (!s.endsWith("'") || s.length < 2) throw new Error("unterminated string");
        return s.slice(1, -1);
    }
    if (s === "true") return true;
    if (s === "false") return false;
    if (/^[+-]?\d[\d_]*$/.test(s)) return Number(s.replace(/_/g, ""));
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return Number(s);
    throw new Error(`unsupported value`);
}

/** Strips a trailing `# comment` that is outside quotes. */
function stripComment(line: string): string {
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quote) {
            if (ch === quote) quote = undefined;
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === "#") return line.slice(0, i);
    }
    return line;
}

/** Parses into a flat entry list. Throws Error (with a line number, never a value) when invalid. */
export function parseToml(text: string): TomlEntry[] {
    const entries: TomlEntry[] = [];
    let table: string[] = [];
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
        const line = stripComment(lines[n]).trim();
        if (line === "") continue;
        try {
            if (line.startsWith("[[")) {
                if (!line.endsWith("]]")) throw new Error("unterminated table header");
                table = splitKey(line.slice(2, -2));
            } else if (line.startsWith("[")) {
                if (!line.endsWith("]")) throw new Error("unterminated table header");
                table = splitKey(line.slice(1, -1));
            } else {
                const eq = line.indexOf("=");
                if (eq < 0) throw new Error("expected key = value");
                const keyPath = splitKey(line.slice(0, eq));
                const value = parseValue(line.slice(eq + 1));
                entries.push({ table: [...table, ...keyPath.slice(0, -1)], key: keyPath[keyPath.length - 1], value });
            }
        } catch (e) {
            throw new Error(`line ${n + 1}: ${(e as Error).message}`);
        }
    }
    return entries;
}
