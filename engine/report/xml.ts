// Escaping for the XML and HTML reports: text and attribute values, with the characters XML 1.0
// cannot carry at all (control characters, lone surrogates) replaced, so a hostile manifest
// value can neither break the document nor inject markup.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(s: string): string {
    return s
        .replace(INVALID_XML, "\uFFFD")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;");
}
