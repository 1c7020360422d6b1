import { readCsv } from "../../../domain/intake/csv";
import { snapshotSchema } from "../../../domain/monitoring";
import * as z from "../../../domain/zod";

/** One line of a batch upload: the credit it is for and its snapshot, or why the line is unreadable. */
export type BatchLine =
  | { line: number; caseId: string; snapshot: unknown }
  | { line: number; caseId: string | null; problem: { path: string; message: string } };

/** The most snapshots one upload may carry: a branch's month, far below the body size limit. */
export const MAX_BATCH_LINES = 2000;

/** A CSV row: the credit's case id beside the snapshot's fields (headers are the snapshot's paths). */
const csvRowSchema = z.extend(snapshotSchema, { caseId: z.string() });

function split(value: unknown, line: number): BatchLine {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { line, caseId: null, problem: { path: "$", message: "must be a JSON object" } };
  const { caseId, ...snapshot } = value as Record<string, unknown>;
  if (typeof caseId !== "string" || caseId.trim() === "")
    return {
      line,
      caseId: null,
      problem: { path: "$.caseId", message: "is required: the case id of the approved credit" },
    };
  return { line, caseId: caseId.trim(), snapshot };
}

/** JSON lines: one object per line, `caseId` beside the snapshot's fields; blank lines are skipped. */
export function jsonLines(text: string): BatchLine[] {
  const out: BatchLine[] = [];
  text.split("\n").forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      out.push(split(JSON.parse(raw), i + 1));
    } catch (e) {
      const message = `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      out.push({ line: i + 1, caseId: null, problem: { path: "$", message } });
    }
  });
  return out;
}

/**
 * CSV (header first): `caseId` and the snapshot's fields as dotted paths (`current.revenue`,
 * `lawsuits[0].amount`), read as the application intake reads them. Null for a header that names no
 * field, with the message, which refuses the whole upload.
 */
export function csvLines(text: string): BatchLine[] | { line: number; message: string } {
  const read = readCsv(csvRowSchema, text);
  if (!read.ok) return { line: read.line, message: read.message };
  return read.rows.map((row) =>
    row.value === null
      ? { line: row.line, caseId: null, problem: { path: "$", message: row.problem ?? "unreadable row" } }
      : split(row.value, row.line),
  );
}
