import type { CaseAudit } from "../../app/audit/case-audit";
import type { TimelineRow } from "../../app/audit/timeline";

export const EXPORT_FORMATS = ["json", "csv", "html"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The whole audit of a case as one JSON document: the verdicts, and every stored item with its
 * hashes, so the chain can be recomputed from the export alone, without access to the bank.
 */
export function auditJson(audit: CaseAudit, rows: TimelineRow[]): string {
  return `${JSON.stringify(
    {
      format: "sme-credit-audit-export/1",
      caseId: audit.caseId,
      generatedAt: audit.generatedAt,
      ok: audit.ok,
      verification: {
        verifiedThrough: audit.verdict.verifiedThrough,
        problems: audit.verdict.problems,
        head: audit.trail.state ? { seq: audit.trail.state.version, hash: audit.trail.state.headHash } : null,
        headProblem: audit.trail.stateProblem ?? null,
        digests: audit.digests,
      },
      reproductions: audit.reproductions,
      violations: audit.violations,
      replay: audit.replay.ok
        ? { ok: true }
        : { ok: false, seq: audit.replay.seq, message: audit.replay.message },
      state: audit.state ?? null,
      timeline: rows,
      items: audit.trail.items,
    },
    null,
    2,
  )}\n`;
}

const CSV_COLUMNS: (keyof TimelineRow)[] = [
  "seq",
  "at",
  "actor",
  "actorName",
  "type",
  "what",
  "policyVersion",
  "check",
  "anchoredIn",
  "problem",
  "hash",
  "prevHash",
  "key",
];

function csvCell(value: unknown): string {
  const text = Array.isArray(value)
    ? value.join(" ")
    : value === null || value === undefined
      ? ""
      : String(value);
  // Spreadsheets run cells that start with these as formulas; a comment must never become one.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per event (RFC 4180), for a spreadsheet. */
export function auditCsv(rows: TimelineRow[]): string {
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
