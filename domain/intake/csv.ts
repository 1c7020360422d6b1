import { parse } from "csv-parse/sync";
import type { z } from "zod";
import { type Column, cellValue, columnOf, completeArrays, setAt } from "./columns";

/** One data row of a CSV body as the nested object its cells describe, at its first line in the file. */
export interface CsvRow {
  line: number;
  value: Record<string, unknown> | null;
  /** Set when the row cannot be read into an object at all (wrong number of cells). */
  problem?: string;
}

export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; message: string };

interface Parsed {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** The file line a record starts on: csv-parse counts to its end; a quoted cell may span lines. */
function startLine(p: Parsed): number {
  const own = p.raw.replace(/^(\r?\n)+/, "").replace(/\r?\n$/, "");
  return p.info.lines - (own.match(/\n/g)?.length ?? 0);
}

function headerColumns(schema: z.core.$ZodType, header: string[]): Column[] | string {
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) return `column "${name}" appears twice`;
    seen.add(name);
    const column = columnOf(schema, name);
    if (typeof column === "string") return column;
    columns.push(column);
  }
  return columns;
}

/**
 * Reads a CSV body (RFC 4180, header row first, UTF-8 with or without BOM) into one object per data
 * row, following the column mapping of columns.ts. A header that names no field refuses the whole body.
 */
export function readCsv(schema: z.core.$ZodType, body: string): CsvResult {
  let records: Parsed[];
  try {
    records = parse(body, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as Parsed[];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { ok: false, line, message: `not readable as CSV: ${e instanceof Error ? e.message : e}` };
  }
  const [head, ...data] = records;
  if (!head) return { ok: false, line: 1, message: "the body is empty: expected a header row" };
  const columns = headerColumns(schema, head.record);
  if (typeof columns === "string") return { ok: false, line: startLine(head), message: columns };
  const rows = data.map((p): CsvRow => {
    const line = startLine(p);
    if (p.record.length !== columns.length) {
      const problem = `has ${p.record.length} cells, the header has ${columns.length}`;
      return { line, value: null, problem };
    }
    const value: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = cellValue(column, p.record[i] ?? "");
      if (cell !== undefined) setAt(value, column.path, cell);
    });
    completeArrays(schema, value);
    return { line, value };
  });
  return { ok: true, rows };
}
