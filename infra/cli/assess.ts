/**
 * `npm run --silent assess -- FILE|-` prints one assessment; `--batch FILE.jsonl|-` one per line, in
 * order, streamed (a line in, a line out), with bad lines reported in place with their line number and
 * exit code 1; `--compare OLD_ID FILE.jsonl|-` (or `--cases`) prints the impact of a policy change.
 * Every usage error is one line on stderr and exit code 2. `--help` lists the policies.
 */
import { readFileSync } from "node:fs";
import {
  type Application,
  assess,
  type InputProblem,
  impactTally,
  POLICIES,
  type Policy,
  parseApplication,
  serializeAssessment,
} from "../../domain";
import { type AssessCommand, parseAssessArgs, UsageError, usage } from "./assess-args";
import { impactTable } from "./impact-table";
import { numberedLines, openInput, progressLine, writeLine } from "./jsonl";
import { storeApplications } from "./store-applications";
import { unreachableStoreMessage } from "./store-environment";

type Checked =
  | { ok: true; application: Application }
  | { ok: false; applicationId: string | null; errors: InputProblem[] };

/** Raw JSON text → a valid application, or every problem with it (as the HTTP API reports them). */
function checkText(text: string): Checked {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, applicationId: null, errors: [{ path: "$", message }] };
  }
  return checkJson(json);
}

function checkJson(json: unknown): Checked {
  const parsed = parseApplication(json);
  if (parsed.ok) return { ok: true, application: parsed.value };
  const id = (json as { applicationId?: unknown } | null)?.applicationId;
  return { ok: false, applicationId: typeof id === "string" ? id : null, errors: parsed.error };
}

function one(file: string, policy: Policy): number {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, false);
  }
  const checked = checkText(text);
  if (!checked.ok) {
    process.stdout.write(
      `${JSON.stringify({ applicationId: checked.applicationId, errors: checked.errors })}\n`,
    );
    return 1;
  }
  process.stdout.write(`${serializeAssessment(assess(checked.application, policy))}\n`);
  return 0;
}

async function open(file: string) {
  try {
    return await openInput(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, false);
  }
}

/** One output line per non-blank input line, written before the next line is read. */
async function batch(file: string, policy: Policy): Promise<number> {
  const progress = progressLine("assessed");
  let anyBad = false;
  let last = 0;
  for await (const { line, text } of numberedLines(await open(file))) {
    last = line;
    progress.at(line);
    if (text.trim() === "") continue;
    const checked = checkText(text);
    if (checked.ok) {
      await writeLine(process.stdout, serializeAssessment(assess(checked.application, policy)));
    } else {
      anyBad = true;
      await writeLine(
        process.stdout,
        JSON.stringify({ applicationId: checked.applicationId, line, errors: checked.errors }),
      );
    }
  }
  progress.done(last);
  return anyBad ? 1 : 0;
}

/** Applications of a JSONL input or of the store, each with where it came from (for refusals). */
async function* applicationsOf(
  source: Extract<AssessCommand, { kind: "compare" }>["source"],
): AsyncGenerator<{ label: string; checked: Checked }> {
  if ("cases" in source) {
    for await (const { label, application } of storeApplications())
      yield { label, checked: checkJson(application) };
    return;
  }
  for await (const { line, text } of numberedLines(await open(source.file))) {
    if (text.trim() !== "") yield { label: `line ${line}`, checked: checkText(text) };
  }
}

async function compare(command: Extract<AssessCommand, { kind: "compare" }>): Promise<number> {
  const from = POLICIES.get(command.fromId);
  const to = POLICIES.get(command.toId);
  const tally = impactTally(from, to);
  const progress = progressLine("compared");
  let refused = 0;
  let seen = 0;
  for await (const { label, checked } of applicationsOf(command.source)) {
    progress.at(++seen);
    if (!checked.ok) {
      refused++;
      const problems = checked.errors.map((e) => `${e.path} ${e.message}`).join("; ");
      process.stderr.write(
        `${label}${checked.applicationId ? ` (${checked.applicationId})` : ""} refused: ${problems}\n`,
      );
      continue;
    }
    tally.add(assess(checked.application, from), assess(checked.application, to));
  }
  progress.done(seen);
  const impact = tally.result();
  const { from: fromId, to: toId, applications, ...rest } = impact;
  process.stdout.write(
    command.format === "json"
      ? `${JSON.stringify({ from: fromId, to: toId, applications, refused, ...rest }, null, 2)}\n`
      : `${impactTable(impact, refused)}\n`,
  );
  return refused > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const command = parseAssessArgs(argv, POLICIES);
  switch (command.kind) {
    case "help":
      process.stdout.write(`${usage(POLICIES)}\n`);
      return 0;
    case "one":
      return one(command.file, POLICIES.get(command.policyId));
    case "batch":
      return batch(command.file, POLICIES.get(command.policyId));
    case "compare":
      return compare(command);
  }
}

// A reader that stops early (`| head`) is not an error of ours: stop quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const unreachable = unreachableStoreMessage(error);
    if (error instanceof UsageError)
      process.stderr.write(`${error.message}${error.pointToHelp ? " (see --help)" : ""}\n`);
    else if (unreachable) process.stderr.write(`${unreachable}\n`);
    else
      process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exitCode = 2;
  },
);
