import type { EventCheck } from "../../../domain";
import type { CaseAudit } from "../../app/audit/case-audit";
import type { TimelineRow } from "../../app/audit/timeline";
import { escapeHtml } from "./escape";
import { page } from "./layout";

const BADGES: Record<EventCheck, { cls: string; text: string }> = {
  VERIFIED: { cls: "good", text: "✓ verified" },
  CHANGED: { cls: "bad", text: "✗ changed" },
  MISSING: { cls: "bad", text: "✗ missing" },
  REORDERED: { cls: "bad", text: "✗ out of order" },
  INSERTED: { cls: "bad", text: "✗ inserted" },
  UNVERIFIED: { cls: "warn", text: "? not verifiable after the break" },
};

const STYLE = `<style>
table.summary th{width:26%}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline li{border:1px solid #e3e3e3;border-left-width:6px;border-radius:6px;padding:8px 10px;margin:0 0 8px}
ol.timeline li.good{border-left-color:#1f7a3a}ol.timeline li.bad{border-left-color:#b42318;background:#fdecec}
ol.timeline li.warn{border-left-color:#f0c27b}
.meta{color:#555;font-size:.9rem}.badge{font-weight:600;font-size:.9rem}.badge .anchor{color:#1f4f9a;font-weight:400}
.ok{color:#1f7a3a;font-weight:700}.ko{color:#b42318;font-weight:700}
.hash{font-family:ui-monospace,monospace;font-size:.8rem;color:#666;word-break:break-all}
</style>`;

function line(ok: boolean, text: string): string {
  return `<span class="${ok ? "ok" : "ko"}">${ok ? "✓" : "✗"}</span> ${escapeHtml(text)}`;
}

function summaryRows(audit: CaseAudit): string {
  const v = audit.verdict;
  const total = audit.trail.items.length;
  const head = audit.trail.state
    ? `the case's recorded head is event ${audit.trail.state.version}`
    : (audit.trail.stateProblem ?? "");
  const chain =
    v.ok || v.problems.every((p) => p.caughtBy === "digest")
      ? line(true, `${v.verifiedThrough} of ${total} events verified from genesis; ${head}`)
      : line(false, v.problems.find((p) => p.caughtBy !== "digest")?.message ?? "");
  const d = audit.digests;
  const digestProblem = v.problems.find((p) => p.caughtBy === "digest");
  const digests =
    d.location === null
      ? line(false, "no digest store is configured: the trail is not anchored outside the table")
      : digestProblem
        ? line(false, digestProblem.message)
        : d.anchoredIn.length === 0
          ? line(
              false,
              `not anchored yet: no digest in ${d.location} lists this case (the next daily digest will)`,
            )
          : line(
              true,
              `anchored in ${d.anchoredIn.length} digest(s), the latest ${d.anchoredIn.at(-1)}; ${d.checked} digest(s) checked`,
            );
  const chainOfDigests =
    d.chainProblems.length > 0 ? `<br>${line(false, d.chainProblems.map((p) => p.message).join("; "))}` : "";
  const reproduced =
    audit.reproductions.length === 0
      ? line(false, "no assessment recorded")
      : audit.reproductions
          .map((r) =>
            line(
              r.outcome === "REPRODUCED",
              `version ${r.caseVersion} (event ${r.seq}): ${r.outcome === "REPRODUCED" ? `byte-identical under ${r.policyVersion} (${r.bytes} bytes)` : r.message}`,
            ),
          )
          .join("<br>");
  const rules =
    audit.violations.length === 0
      ? line(
          true,
          "every decision by someone asked and holding the role; four eyes; committee quorum and two thirds; nothing approved by a timeout",
        )
      : audit.violations.map((x) => line(false, `event ${x.seq}: ${x.code} — ${x.message}`)).join("<br>");
  const s = audit.state;
  const row = (label: string, html: string) => `<tr><th>${escapeHtml(label)}</th><td>${html}</td></tr>`;
  return [
    row(
      "Case",
      escapeHtml(
        s
          ? `${audit.caseId} · ${s.applicationId} · branch ${s.branch} · ${s.status}${s.currentStage ? ` at ${s.currentStage}` : ""}`
          : audit.caseId,
      ),
    ),
    row("Hash chain", chain),
    row("Digests", digests + chainOfDigests),
    row("Assessments", reproduced),
    row("Decision rules", rules),
  ].join("");
}

function event(r: TimelineRow): string {
  const badge = BADGES[r.check];
  const anchored =
    r.anchoredIn.length > 0
      ? ` <span class="anchor">⚓ anchored ${escapeHtml(r.anchoredIn.at(-1))}</span>`
      : "";
  const who = r.actor ? `${r.actorName}${r.actorName !== r.actor ? ` (${r.actor})` : ""}` : "";
  const meta = [
    r.seq === null ? r.key : `#${r.seq}`,
    r.at,
    who,
    r.policyVersion ? `policy ${r.policyVersion}` : "",
  ].filter(Boolean);
  return `<li class="${badge.cls}" data-seq="${escapeHtml(r.seq ?? "")}" data-check="${r.check}">
<div class="badge">${badge.text}${anchored}</div>
<div class="meta">${meta.map(escapeHtml).join(" · ")}</div>
<div class="what"><strong>${escapeHtml(r.type)}</strong> ${escapeHtml(r.what)}</div>
${r.problem ? `<div class="notice bad">${escapeHtml(r.problem)}</div>` : ""}
${r.hash ? `<div class="hash">hash ${escapeHtml(r.hash)}</div>` : ""}
</li>`;
}

/** GET /cases/{id}/audit: the case's trail as an auditor reads it, one badge per event. */
export function auditPage(audit: CaseAudit, rows: TimelineRow[]): string {
  const first = audit.verdict.problems[0];
  const verdict = audit.ok
    ? `<p class="notice good" id="verdict">Verified: the trail is intact${audit.digests.anchoredIn.length > 0 ? " and anchored" : ""}, every assessment reproduces under its own policy version, and no decision broke a rule.</p>`
    : `<p class="notice bad" id="verdict">Not verified: ${escapeHtml(
        first?.message ??
          audit.digests.chainProblems[0]?.message ??
          audit.reproductions.find((r) => r.outcome !== "REPRODUCED")?.message ??
          audit.violations[0]?.message ??
          (audit.replay.ok ? "" : audit.replay.message),
      )}</p>`;
  const body = `${STYLE}
<h1>Audit trail: ${escapeHtml(audit.state?.borrowerName ?? audit.caseId)}</h1>
${verdict}
<table class="summary">${summaryRows(audit)}</table>
<h2>Timeline (${rows.length} events, oldest first)</h2>
<ol class="timeline">${rows.map(event).join("")}</ol>
<p class="meta">Generated ${escapeHtml(audit.generatedAt)}. Each event's hash covers its content and the previous event's hash; digests are written once where nobody can rewrite them.</p>`;
  return page(`Audit — ${audit.state?.borrowerName ?? audit.caseId}`, body);
}
