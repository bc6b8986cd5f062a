// The HTML report (`--format html`): one self-contained page (inline style, no script, no external
// request: a Content-Security-Policy forbids any) to show a team where a stack stands. Per pack:
// the verdict, the layer × Parkerian Hexad matrix of findings coloured by the worst level, the
// measures in significance order with their status, root causes, objects, waivers and exemptions
// with their expiry (soon-to-expire highlighted), and every finding linked to its policy's page.
import { measures } from "../../policypacks/catalog";
import { PLATFORM_INFO, PLATFORMS } from "../../policypacks/catalog/platforms";
import { HEXAD_GOALS, LAYERS } from "../../policypacks/catalog/types";
import { isBlocking, RunResult, Violation } from "../model";
import { bump, causeGroups, Counts, objectName, sortViolations, summarize, zeroCounts as zero } from "./summary";
import { escapeXml as h } from "./xml";
import { today } from "../../policypacks/lib/waivers";

/** Waivers and exemptions expiring within this many days are highlighted. */
export const EXPIRY_WARNING_DAYS = 30;

type Level = "mandatory" | "advisory" | "waived" | "none";

function worst(c: Counts): Level {
    return c.mandatory ? "mandatory" : c.advisory ? "advisory" : c.waived ? "waived" : "none";
}

function levelOf(v: Violation): Level {
    return v.waived ? "waived" : v.enforcementLevel === "mandatory" ? "mandatory" : "advisory";
}


/** The layer × hexad matrix: a finding counts once in its layer's row for each goal its measure protects. */
export function matrix(result: RunResult): { layers: string[]; cells: Map<string, Counts> } {
    const cells = new Map<string, Counts>();
    const layers: string[] = [...LAYERS];
    for (const v of result.violations) {
        const layer = v.layer ?? "other";
        if (!layers.includes(layer)) layers.push(layer);
        for (const goal of v.hexad) {
            const key = `${layer}|${goal}`;
            const c = cells.get(key) ?? zero();
            bump(c, v);
            cells.set(key, c);
        }
    }
    return { layers, cells };
}

const WAIVED = /\[waived until (\d{4}-\d{2}-\d{2}): ([^\]]*)\]/;

function daysUntil(date: string, now: Date): number {
    return Math.floor((Date.parse(`${date}T00:00:00Z`) - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / 86_400_000);
}

function matrixTable(result: RunResult): string {
    const { layers, cells } = matrix(result);
    const rows = layers.map((layer) => {
        const tds = HEXAD_GOALS.map((goal) => {
            const c = cells.get(`${layer}|${goal}`) ?? zero();
            const total = c.mandatory + c.advisory + c.waived;
            const title = `${layer} × ${goal}: ${c.mandatory} mandatory, ${c.advisory} advisory, ${c.waived} waived`;
            return `<td class="cell ${worst(c)}" data-layer="${h(layer)}" data-goal="${goal}" data-mandatory="${c.mandatory}" data-advisory="${c.advisory}" data-waived="${c.waived}" title="${h(title)}">${total ? `<b>${c.mandatory}</b> / ${c.advisory} / ${c.waived}` : "·"}</td>`;
        });
        return `<tr><th scope="row">${h(layer)}</th>${tds.join("")}</tr>`;
    });
    return [
        `<table class="matrix"><caption>Findings per layer and Parkerian Hexad goal (mandatory / advisory / waived; a finding counts for each goal its measure protects)</caption>`,
        `<thead><tr><th></th>${HEXAD_GOALS.map((g) => `<th scope="col">${g}</th>`).join("")}</tr></thead>`,
        `<tbody>${rows.join("")}</tbody></table>`,
    ].join("");
}

function measuresTable(result: RunResult): string {
    const platform = PLATFORMS.find((p) => PLATFORM_INFO[p].packName === result.pack.name);
    const policiesOf = new Map<string, string[]>();
    for (const p of result.pack.policies) if (p.measure) policiesOf.set(p.measure, [...(policiesOf.get(p.measure) ?? []), p.name]);
    const counts = new Map<string, Counts>();
    for (const v of result.violations) if (v.measure) bump(counts.get(v.measure) ?? counts.set(v.measure, zero()).get(v.measure)!, v);
    const shown = measures.filter((m) => (platform ? m.platforms[platform].applies : policiesOf.has(m.id)));
    const rows = shown.map((m) => {
        const c = counts.get(m.id) ?? zero();
        const policies = policiesOf.get(m.id) ?? [];
        const managed = platform ? m.platforms[platform].managed : false;
        const [status, label] = policies.length === 0
            ? ["none", managed ? `managed by ${PLATFORM_INFO[platform!].label}` : "no policy in this pack (component or guidance)"]
            : c.mandatory ? ["mandatory", `blocked (${c.mandatory})`] : c.advisory ? ["advisory", `advisory (${c.advisory})`] : c.waived ? ["waived", `waived (${c.waived})`] : ["passed", "passed"];
        return `<tr class="${status}"><td>${m.significance}</td><td><code>${h(m.id)}</code> ${h(m.title)}</td><td>${h(m.layer)}</td><td>${policies.map((p) => `<code>${h(p)}</code>`).join(" ") || "—"}</td><td class="status">${h(label)}</td></tr>`;
    });
    return `<table class="measures"><thead><tr><th>#</th><th>Measure</th><th>Layer</th><th>Policies</th><th>Status</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function packSection(result: RunResult, now: Date): string {
    const s = summarize(result);
    const urls = new Map(result.pack.policies.map((p) => [p.name, p.url]));
    const policyLink = (name: string) => (urls.get(name) ? `<a href="${h(urls.get(name)!)}">${h(name)}</a>` : h(name));
    const findings = sortViolations(result.violations);
    const out: string[] = [];
    out.push(`<section class="pack" data-pack="${h(result.pack.name)}" data-verdict="${s.verdict}">`);
    out.push(`<h2>${h(result.pack.name)}@${h(result.pack.version)} <span class="verdict ${s.verdict}">${s.verdict === "blocked" ? "BLOCKED" : "PASSED"}</span></h2>`);
    out.push(`<p class="totals">${result.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length} resources analyzed · <span class="mandatory">${s.mandatory} mandatory</span> from ${s.causes.mandatory} root causes on ${s.objects.mandatory} objects · <span class="advisory">${s.advisory} advisory</span> · <span class="waived">${s.waived} waived</span>${s.notChecked ? ` · ${s.notChecked} objects whose content was not checked` : ""}</p>`);
    out.push(matrixTable(result));

    out.push(`<h3>Measures, most significant first</h3>`, measuresTable(result));

    const groups = causeGroups(result);
    if (groups.length) {
        out.push(`<h3>Root causes shared by several findings</h3><ul class="causes">`);
        for (const g of groups) out.push(`<li class="${g.waived ? "waived" : g.enforcementLevel}"><b>${h(g.cause)}</b>: ${g.findings} findings (${g.policies.map(policyLink).join(", ")}) on ${g.resources.length} object${g.resources.length === 1 ? "" : "s"}</li>`);
        out.push(`</ul>`);
    }

    const objects = new Map<string, { name: string; source: string | null; c: Counts }>();
    for (const v of findings) {
        const o = objects.get(v.resource.urn) ?? { name: objectName(v), source: v.resource.source, c: zero() };
        bump(o.c, v);
        objects.set(v.resource.urn, o);
    }
    if (objects.size) {
        out.push(`<h3>Objects</h3><table class="objects"><thead><tr><th>Object</th><th>Source</th><th>Mandatory</th><th>Advisory</th><th>Waived</th></tr></thead><tbody>`);
        const ordered = [...objects.values()].sort((a, b) => b.c.mandatory - a.c.mandatory || b.c.advisory - a.c.advisory || a.name.localeCompare(b.name));
        for (const o of ordered) out.push(`<tr class="${worst(o.c)}"><td>${h(o.name)}</td><td>${h(o.source ?? "")}</td><td>${o.c.mandatory}</td><td>${o.c.advisory}</td><td>${o.c.waived}</td></tr>`);
        out.push(`</tbody></table>`);
    }

    const waived = findings.filter((v) => v.waived).map((v) => ({ v, m: WAIVED.exec(v.message) }));
    if (waived.length) {
        out.push(`<h3>Waivers and exemptions</h3><table class="waivers"><thead><tr><th>Expires</th><th>Policy</th><th>Object</th><th>Justification</th></tr></thead><tbody>`);
        for (const { v, m } of waived.sort((a, b) => (a.m?.[1] ?? "").localeCompare(b.m?.[1] ?? ""))) {
            const days = m ? daysUntil(m[1], now) : undefined;
            const soon = days !== undefined && days <= EXPIRY_WARNING_DAYS;
            const kind = m && m[2].startsWith("exempted in config: ") ? "exemption" : "waiver";
            out.push(`<tr class="${soon ? "soon" : ""}" data-kind="${kind}"><td>${h(m?.[1] ?? "?")}${soon ? ` <b>(${days! < 0 ? "expired" : `in ${days} days`})</b>` : ""}</td><td>${policyLink(v.policy)}</td><td>${h(objectName(v))}</td><td>${h(m ? m[2] : "")}</td></tr>`);
        }
        out.push(`</tbody></table>`);
    }

    out.push(`<h3>Findings</h3>`);
    if (!findings.length) out.push(`<p>No policy violations.</p>`);
    else {
        out.push(`<table class="findings"><thead><tr><th>Level</th><th>Policy</th><th>Object</th><th>Finding</th></tr></thead><tbody>`);
        for (const v of findings) {
            const level = levelOf(v);
            out.push(`<tr class="${level}" data-policy="${h(v.policy)}"><td>${level}</td><td>${policyLink(v.policy)}<br><small>${h(v.measure ?? "")} · ${h(v.severity)}</small></td><td>${h(objectName(v))}${v.resource.source ? `<br><small>${h(v.resource.source)}</small>` : ""}</td><td>${h(v.message).replace(/\n/g, "<br>")}</td></tr>`);
        }
        out.push(`</tbody></table>`);
    }
    const notices = result.notices ?? [];
    if (notices.length) {
        out.push(`<h3>Notices</h3><ul class="notices">`);
        for (const n of notices) out.push(`<li><b>[${h(n.kind)}]</b> ${h(n.subject)}: ${h(n.message)}</li>`);
        out.push(`</ul>`);
    }
    out.push(`</section>`);
    return out.join("\n");
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px}h3{font-size:15px;margin:22px 0 6px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa}caption{text-align:left;color:#57606a;padding:4px 0}
.matrix td.cell{text-align:center;min-width:96px}
.cell.mandatory,tr.mandatory td.status,.verdict.blocked{background:#ffd7d5;color:#82071e}
.cell.advisory,tr.advisory td.status{background:#fff1c2;color:#6b4b00}
.cell.waived,tr.waived td.status{background:#eaeef2;color:#424a53}
.cell.none{color:#8c959f}tr.passed td.status,.verdict.passed{background:#dafbe1;color:#116329}
.verdict{padding:2px 8px;border-radius:4px;font-size:14px}
span.mandatory{color:#82071e;font-weight:600}span.advisory{color:#6b4b00}span.waived{color:#424a53}
tr.soon td{background:#fff1c2}small{color:#57606a}code{font-size:12px}
table.findings tr.mandatory td:first-child{color:#82071e;font-weight:600}
`;

/** `now` defaults to the day waivers are judged against (KSL_TODAY when set), so expiry highlighting agrees with them. */
export function renderHtml(results: RunResult[], now: Date = new Date(`${today()}T${new Date().toISOString().slice(11)}`)): string {
    const blocked = results.some((r) => r.blocked);
    const mandatory = results.reduce((n, r) => n + r.violations.filter(isBlocking).length, 0);
    return [
        "<!DOCTYPE html>",
        `<html lang="en"><head><meta charset="utf-8">`,
        // Nothing may load from anywhere: the page is self-contained and works offline.
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
        `<meta name="viewport" content="width=device-width, initial-scale=1">`,
        `<title>ksl report: ${blocked ? "BLOCKED" : "PASSED"}</title><style>${STYLE}</style></head><body>`,
        `<header><h1>Kubernetes Security Library report</h1>`,
        `<p id="verdict" class="verdict ${blocked ? "blocked" : "passed"}">${blocked ? `BLOCKED: ${mandatory} mandatory finding${mandatory === 1 ? "" : "s"}; pulumi preview would fail` : "PASSED: no mandatory finding"}</p>`,
        `<p><small>Generated ${h(now.toISOString().slice(0, 16).replace("T", " "))} UTC by ksl · ${results.map((r) => `${h(r.pack.name)}@${h(r.pack.version)}`).join(", ")} · waivers and exemptions expiring within ${EXPIRY_WARNING_DAYS} days are highlighted</small></p></header>`,
        ...results.map((r) => packSection(r, now)),
        "</body></html>",
        "",
    ].join("\n");
}
