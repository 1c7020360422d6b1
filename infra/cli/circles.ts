/**
 * `npm run --silent circles -- [--format jsonl|table] FILE.jsonl|-`: every guarantee circle of a loan
 * book (JSON lines of exposures and guarantees, see domain/circles/book-file.ts) with its members and
 * total exposure, largest exposure first. Exit code 0: done; 1: the book has bad lines (each named on
 * stderr, nothing on stdout); 2: the command could not run (usage, unreadable file).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { findCircles, guaranteeEdges, parseBookLines } from "../../domain";
import { circlesJsonl, circlesTable } from "./circles-format";

const USAGE = "usage: npm run --silent circles -- [--format jsonl|table] FILE.jsonl|-";
const HELP = `${USAGE}

Prints every guarantee circle of a loan book: parties that guarantee each other, directly or
through others, so that one default spreads round the circle. Each circle lists its members,
the guarantees among them and the total open exposure of its members; largest exposure first.

The book is JSON lines (blank lines skipped), each one of:
  {"kind":"exposure","caseId":…,"partyId":…,"total":…,"guarantees":[{"guarantorPartyId":…,"amount":…}],…}
      an open exposure, with every field of the domain's Exposure (see docs/portfolio.md)
  {"kind":"guarantee","guarantor":PARTY,"borrower":PARTY,"amount":"…","caseId":…}
      a guarantee known outside the book's exposures (caseId optional)

  --format jsonl   one JSON object per circle (default)
  --format table   a table for people, with a summary line

Exit code 0: done (with or without circles); 1: the book has bad lines, each named on stderr
as "line N: $.path: message"; 2: the command could not run.`;

const SHOWN_PROBLEMS = 20;

class UsageError extends Error {}

function parsedArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: "string" }, help: { type: "boolean" } },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

function options(argv: string[]): { file: string; format: "jsonl" | "table" } | "help" {
  const parsed = parsedArgs(argv);
  if (parsed.values.help) return "help";
  const format = parsed.values.format ?? "jsonl";
  if (format !== "jsonl" && format !== "table")
    throw new UsageError(`--format must be jsonl or table, got ${format}`);
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new UsageError("no book file (give FILE.jsonl, or - for standard input)");
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  return { file, format };
}

function main(argv: string[]): number {
  let opts: ReturnType<typeof options>;
  try {
    opts = options(argv);
  } catch (e) {
    process.stderr.write(`circles: ${(e as Error).message} (${USAGE})\n`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(opts.file === "-" ? 0 : opts.file, "utf8");
  } catch (e) {
    process.stderr.write(`circles: cannot read ${opts.file}: ${(e as Error).message}\n`);
    return 2;
  }
  const book = parseBookLines(text);
  if (!book.ok) {
    for (const p of book.error.slice(0, SHOWN_PROBLEMS))
      process.stderr.write(`line ${p.line}: ${p.path}: ${p.message}\n`);
    if (book.error.length > SHOWN_PROBLEMS)
      process.stderr.write(`… and ${book.error.length - SHOWN_PROBLEMS} more problem(s)\n`);
    return 1;
  }
  const circles = findCircles(book.value);
  if (opts.format === "jsonl") {
    process.stdout.write(circlesJsonl(circles));
  } else {
    const edges = guaranteeEdges(book.value);
    const parties = new Set(edges.flatMap((e) => [e.guarantor, e.borrower]));
    for (const e of book.value.exposures) if (e.partyId) parties.add(e.partyId);
    process.stdout.write(circlesTable(circles, { parties: parties.size, guarantees: edges.length }));
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
