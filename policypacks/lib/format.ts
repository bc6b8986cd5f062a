// One way to put a configuration value into a finding: short, strings quoted, absent values as
// "unset". Only for non-secret settings; secrets are never formatted (see lib/waivers and the
// data policies, which report names and shapes only).

const MAX = 120;

export function showValue(v: unknown): string {
    if (v === undefined || v === null) return "unset";
    if (typeof v === "string") return JSON.stringify(v.length > MAX ? v.slice(0, MAX - 3) + "..." : v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    try {
        const s = JSON.stringify(v);
        return s.length > MAX ? s.slice(0, MAX - 3) + "..." : s;
    } catch {
        return String(v);
    }
}
