import { stringify } from "csv-stringify/sync";
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

/** Lists (the digests an event is anchored in) as one cell, words apart; nothing as an empty cell. */
function cellText(value: unknown): string {
  if (Array.isArray(value)) return value.join(" ");
  return value === null || value === undefined ? "" : String(value);
}

/**
 * One row per event (RFC 4180: CRLF between records, a field with a comma, quote or line break in
 * quotes), for a spreadsheet. Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, tab or CR
 * (or their full-width forms) as a formula: `escape_formulas` puts a `'` before it, so a comment
 * never becomes one. A bare CR or LF is quoted too, or a spreadsheet would start a new row there.
 */
export function auditCsv(rows: TimelineRow[]): string {
  return stringify(
    rows.map((r) => CSV_COLUMNS.map((c) => cellText(r[c]))),
    {
      header: true,
      columns: CSV_COLUMNS,
      record_delimiter: "windows",
      escape_formulas: true,
      quoted_match: /[\r\n]/,
    },
  );
}
