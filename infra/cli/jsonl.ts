import { once } from "node:events";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

/**
 * FILE, or standard input for "-", opened before anything is written: an unreadable input is a usage
 * error with nothing printed, never half an output.
 */
export async function openInput(path: string): Promise<Readable> {
  if (path === "-") return process.stdin;
  const handle = await open(path, "r");
  if ((await handle.stat()).isDirectory()) {
    await handle.close();
    throw new Error(`${path} is a directory`);
  }
  return handle.createReadStream({ encoding: "utf8" });
}

/** The lines of a stream, numbered from 1: one line held at a time, whatever the input's size. */
export async function* numberedLines(input: Readable): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    yield { line, text };
  }
}

/** Writes one line, waiting while the reader is behind: output keeps pace with input, memory stays flat. */
export async function writeLine(out: Writable, text: string): Promise<void> {
  if (!out.write(`${text}\n`)) await once(out, "drain");
}

/**
 * A progress line for a person watching a long batch: on stderr, rewritten in place, and only when
 * stderr is a terminal, so logs and pipes get nothing but the results.
 */
export function progressLine(what: string, stream: NodeJS.WriteStream = process.stderr, every = 1000) {
  const shown = stream.isTTY === true;
  const text = (n: number) => `\r${what}: ${n.toLocaleString("en-US")} line(s)`;
  return {
    at(n: number) {
      if (shown && n % every === 0) stream.write(text(n));
    },
    done(n: number) {
      if (shown && n >= every) stream.write(`${text(n)}\n`);
    },
  };
}
