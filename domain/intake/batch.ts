import { type InputProblem, parseApplication } from "../application/parse";
import { type Application, applicationSchema } from "../application/schema";
import { err, ok, type Result } from "../result";
import { readCsv } from "./csv";
import { MAX_BATCH_APPLICATIONS, MAX_BATCH_BYTES } from "./limits";

export type BatchFormat = "jsonl" | "csv";

/** One line of a batch: the application it holds, or its problems by JSON path. */
export type BatchLine = { line: number; application: Application } | { line: number; errors: InputProblem[] };

/** Why a whole body is refused (too large, unreadable, a bad header), at a line of the file. */
export interface BatchProblem {
  line: number;
  message: string;
}

function utf8Length(text: string): number {
  // Three bytes per UTF-16 unit at most: only long bodies need the exact count.
  return text.length * 3 <= MAX_BATCH_BYTES ? text.length : new TextEncoder().encode(text).length;
}

function jsonlLines(body: string): BatchLine[] {
  const out: BatchLine[] = [];
  body.split("\n").forEach((raw, i) => {
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      const message = `not valid JSON: ${e instanceof Error ? e.message : e}`;
      out.push({ line: i + 1, errors: [{ path: "$", message }] });
      return;
    }
    out.push(lineOf(i + 1, json));
  });
  return out;
}

function lineOf(line: number, input: unknown): BatchLine {
  const parsed = parseApplication(input);
  return parsed.ok ? { line, application: parsed.value } : { line, errors: parsed.error };
}

/**
 * A batch body (JSON lines, or CSV with the column mapping of columns.ts) as one result per
 * application line, numbered as the file's own lines (the CSV header is line 1). Each line is
 * validated with the application schema on its own: a bad line never hides the others.
 */
export function parseBatch(body: string, format: BatchFormat): Result<BatchLine[], BatchProblem> {
  const bytes = utf8Length(body);
  if (bytes > MAX_BATCH_BYTES)
    return err({ line: 1, message: `the body is ${bytes} bytes; a batch holds at most ${MAX_BATCH_BYTES}` });
  let lines: BatchLine[];
  if (format === "jsonl") {
    lines = jsonlLines(body);
  } else {
    const csv = readCsv(applicationSchema, body);
    if (!csv.ok) return err({ line: csv.line, message: csv.message });
    lines = csv.rows.map((row) =>
      row.value === null
        ? { line: row.line, errors: [{ path: "$", message: row.problem ?? "unreadable row" }] }
        : lineOf(row.line, row.value),
    );
  }
  if (lines.length === 0) return err({ line: 1, message: "the batch holds no application" });
  if (lines.length > MAX_BATCH_APPLICATIONS) {
    const message = `the batch holds ${lines.length} applications; at most ${MAX_BATCH_APPLICATIONS} per batch`;
    return err({ line: lines[MAX_BATCH_APPLICATIONS]?.line ?? 1, message });
  }
  return ok(lines);
}
