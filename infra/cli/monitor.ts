/**
 * `npm run --silent monitor -- FILE|-` prints the warning of one monitoring snapshot; `--batch
 * FILE.jsonl|-` one per line, in order, streamed, with a refused line answered in place with its line
 * number and every problem by JSON path (exit code 1). `--policy ID` monitors under another version
 * that has a monitoring section. A usage error is one line on stderr and exit code 2.
 */
import { monitorSnapshot, POLICIES, type Policy, serializeWarning } from "../../domain";
import { type Answer, answerLines, answerOne, parseJsonText, runCli } from "./json-lines";
import { monitorUsage, parseMonitorArgs } from "./monitor-args";

/** The warning of one snapshot's text, or its refusal (with its line number in a batch). */
function answer(text: string, policy: Policy, line?: number): Answer {
  const parsed = parseJsonText(text);
  const outcome = parsed.ok
    ? monitorSnapshot(parsed.json, policy)
    : { ok: false as const, snapshotId: null, errors: parsed.errors };
  if (outcome.ok) return { text: serializeWarning(outcome.warning), refused: false };
  const where = line === undefined ? {} : { line };
  return {
    text: JSON.stringify({ snapshotId: outcome.snapshotId, ...where, errors: outcome.errors }),
    refused: true,
  };
}

async function main(argv: string[]): Promise<number> {
  const command = parseMonitorArgs(argv, POLICIES);
  if (command.kind === "help") {
    process.stdout.write(`${monitorUsage(POLICIES)}\n`);
    return 0;
  }
  const policy = POLICIES.get(command.policyId);
  if (command.kind === "one") return answerOne(command.file, (text) => answer(text, policy));
  return answerLines(command.file, "monitored", (text, line) => answer(text, policy, line));
}

runCli(() => main(process.argv.slice(2)));
