// The human report, shaped like the Pulumi CLI's policy summary
// (`[mandatory]  policy  (type: name)  message`), grouped by layer, outermost first.
import { isBlocking, RunResult, Violation } from "../model";
import { causeGroups, qualifiedName, sortViolations, summarize, Counts } from "./summary";

function counts(c: Counts): string {
    return `${String(c.mandatory).padStart(3)} mandatory ${String(c.advisory).padStart(3)} advisory ${String(c.waived).padStart(3)} waived`;
}

function where(v: Violation): string {
    const at = v.resource.source ? `  at ${v.resource.source}` : "";
    return `(${v.resource.type || "stack"}: ${qualifiedName(v.resource)})${at}`;
}

export function renderText(result: RunResult): string {
    const out: string[] = [];
    const s = summarize(result);
    const resources = result.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length;
    out.push(`Policy pack ${result.pack.name}@v${result.pack.version}: ${resources} resource${resources === 1 ? "" : "s"} analyzed`);
    let layer: string | undefined;
    for (const v of sortViolations(result.violations)) {
        const l = v.layer ?? "other";
        if (l !== layer) {
            layer = l;
            out.push("", `Layer ${l}:`);
        }
        const level = v.waived ? "[waived]   " : v.enforcementLevel === "mandatory" ? "[mandatory]" : "[advisory] ";
        const lines = v.message.split("\n").filter((x) => x.trim());
        out.push(`  ${level}  ${v.policy}  ${where(v)}  ${lines[0] ?? ""}`);
        for (const extra of lines.slice(1)) out.push(`                 ${extra}`);
        const meta = [v.measure ? `measure ${v.measure}` : "", v.hexad.length ? `hexad ${v.hexad.join(", ")}` : "", `severity ${v.severity}`]
            .filter(Boolean)
            .join(" · ");
        out.push(`                 ${meta}`);
    }
    if (result.violations.length === 0) out.push("", "No policy violations.");
    const active = (c: Counts) => c.mandatory + c.advisory + c.waived > 0;
    const layers = Object.entries(s.byLayer).filter(([, c]) => active(c));
    if (layers.length) {
        out.push("", "Totals per layer:");
        for (const [l, c] of layers) out.push(`  ${l.padEnd(16)}${counts(c)}`);
    }
    // All six goals whenever anything was found, zeros included: the balance between them is the point.
    const goals = Object.entries(s.byHexad);
    if (goals.some(([, c]) => active(c))) {
        out.push("", "Totals per hexad goal:");
        for (const [g, c] of goals) out.push(`  ${g.padEnd(16)}${counts(c)}`);
    }
    const groups = causeGroups(result);
    if (groups.length) {
        out.push("", "Root causes shared by several findings:");
        for (const g of groups) {
            const level = g.waived ? "[waived]   " : g.enforcementLevel === "mandatory" ? "[mandatory]" : "[advisory] ";
            const objects = g.resources.map((r) => `${r.type.split(":").pop()} ${qualifiedName(r)}`);
            out.push(`  ${level}  ${g.cause}: ${g.findings} findings (${g.policies.join(", ")}) on ${objects.length === 1 ? objects[0] : `${objects.length} objects: ${objects.slice(0, 5).join(", ")}${objects.length > 5 ? ", …" : ""}`}`);
        }
    }
    const notices = result.notices ?? [];
    if (notices.length) {
        out.push("", "Notices:");
        for (const n of notices) out.push(`  [${n.kind}]${" ".repeat(Math.max(1, 14 - n.kind.length))}${n.subject}: ${n.message}`);
    }
    const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    const notCheckedText =
        (s.notChecked ? ` Not checked: ${plural(s.notChecked, "object")} whose content never reached the pack.` : "") +
        (s.skippedFiles ? ` Skipped: ${plural(s.skippedFiles, "file")} that are not Kubernetes manifests.` : "");
    const blocking = result.violations.filter(isBlocking).length;
    out.push(
        "",
        (blocking
            ? `Verdict: BLOCKED - ${blocking} mandatory violation${blocking === 1 ? "" : "s"} from ${s.causes.mandatory} root cause${s.causes.mandatory === 1 ? "" : "s"} on ${s.objects.mandatory} object${s.objects.mandatory === 1 ? "" : "s"} (${s.advisory} advisory, ${s.waived} waived); pulumi preview would fail.`
            : `Verdict: PASSED - no mandatory violations (${s.advisory} advisory, ${s.waived} waived).`) + notCheckedText,
    );
    return out.join("\n") + "\n";
}
