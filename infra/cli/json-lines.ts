import { readFileSync } from "node:fs";
import type { InputProblem } from "../../domain";
import { UsageError } from "./assess-args";
import { numberedLines, openInput, progressLine, writeLine } from "./jsonl";

/** What a CLI prints for one input: the answer's bytes, and whether the input was refused. */
export interface Answer {
  text: string;
  refused: boolean;
}

/** JSON text → the value, or the one problem that it is not JSON (reported at `$`). */
export function parseJsonText(
  text: string,
): { ok: true; json: unknown } | { ok: false; errors: InputProblem[] } {
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (e) {
    const message = `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [{ path: "$", message }] };
  }
}

/** The string at `key` of a refused input, so its refusal can name it; null when there is none. */
export function idOf(json: unknown, key: string): string | null {
  const id = (json as Record<string, unknown> | null)?.[key];
  return typeof id === "string" ? id : null;
}

/** One input (FILE, or - for standard input) → one answer line; exit code 1 when it was refused. */
export function answerOne(file: string, answer: (text: string) => Answer): number {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, false);
  }
  const a = answer(text);
  process.stdout.write(`${a.text}\n`);
  return a.refused ? 1 : 0;
}

export async function openOrRefuse(file: string) {
  try {
    return await openInput(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, false);
  }
}

/**
 * One answer line per non-blank input line, each written before the next line is read (flat memory
 * whatever the input's size); exit code 1 when any line was refused.
 */
export async function answerLines(
  file: string,
  what: string,
  answer: (text: string, line: number) => Answer,
): Promise<number> {
  const progress = progressLine(what);
  let anyRefused = false;
  let last = 0;
  for await (const { line, text } of numberedLines(await openOrRefuse(file))) {
    last = line;
    progress.at(line);
    if (text.trim() === "") continue;
    const a = answer(text, line);
    anyRefused ||= a.refused;
    await writeLine(process.stdout, a.text);
  }
  progress.done(last);
  return anyRefused ? 1 : 0;
}

/** Runs a CLI's main: its exit code, a usage error as one line and exit 2, a reader that stops early quietly. */
export function runCli(
  main: () => Promise<number>,
  describe?: (error: unknown) => string | null | undefined,
): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const described = describe?.(error) ?? null;
      if (error instanceof UsageError)
        process.stderr.write(`${error.message}${error.pointToHelp ? " (see --help)" : ""}\n`);
      else if (described) process.stderr.write(`${described}\n`);
      else
        process.stderr.write(
          `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
        );
      process.exitCode = 2;
    },
  );
}
