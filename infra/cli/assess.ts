/**
 * `npm run --silent assess -- FILE|-` prints one assessment; `--batch FILE.jsonl|-` one per line, in
 * order, streamed (a line in, a line out), with bad lines reported in place with their line number and
 * exit code 1; `--compare OLD_ID FILE.jsonl|-` (or `--cases`) prints the impact of a policy change.
 * Every usage error is one line on stderr and exit code 2. `--help` lists the policies.
 */
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
import { type AssessCommand, parseAssessArgs, usage } from "./assess-args";
import { impactTable } from "./impact-table";
import { type Answer, answerLines, answerOne, idOf, openOrRefuse, parseJsonText, runCli } from "./json-lines";
import { numberedLines, progressLine } from "./jsonl";
import { storeApplications } from "./store-applications";
import { unreachableStoreMessage } from "./store-environment";

type Checked =
  | { ok: true; application: Application }
  | { ok: false; applicationId: string | null; errors: InputProblem[] };

/** Raw JSON text → a valid application, or every problem with it (as the HTTP API reports them). */
function checkText(text: string): Checked {
  const parsed = parseJsonText(text);
  return parsed.ok ? checkJson(parsed.json) : { ok: false, applicationId: null, errors: parsed.errors };
}

function checkJson(json: unknown): Checked {
  const parsed = parseApplication(json);
  if (parsed.ok) return { ok: true, application: parsed.value };
  return { ok: false, applicationId: idOf(json, "applicationId"), errors: parsed.error };
}

/** The assessment of one input text, or its refusal (with its line number in a batch). */
function answer(text: string, policy: Policy, line?: number): Answer {
  const checked = checkText(text);
  if (checked.ok) return { text: serializeAssessment(assess(checked.application, policy)), refused: false };
  const where = line === undefined ? {} : { line };
  return {
    text: JSON.stringify({ applicationId: checked.applicationId, ...where, errors: checked.errors }),
    refused: true,
  };
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
  for await (const { line, text } of numberedLines(await openOrRefuse(source.file))) {
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
      return answerOne(command.file, (text) => answer(text, POLICIES.get(command.policyId)));
    case "batch": {
      const policy = POLICIES.get(command.policyId);
      return answerLines(command.file, "assessed", (text, line) => answer(text, policy, line));
    }
    case "compare":
      return compare(command);
  }
}

runCli(() => main(process.argv.slice(2)), unreachableStoreMessage);
