/**
 * `npm run --silent assess -- FILE|-` prints one assessment; `--batch FILE.jsonl` one per line, in
 * order, with bad lines reported in place and exit code 1 (CONTRACT.md "CLI").
 */
import { readFileSync } from "node:fs";
import { assessApplication, getPolicy, type Policy, serializeAssessment } from "../../domain";

const USAGE = "usage: npm run --silent assess -- FILE|-   |   --batch FILE.jsonl|-   [--policy POLICY_ID]";

function readInput(path: string): string {
  return readFileSync(path === "-" ? 0 : path, "utf8");
}

/** One line of output for one raw application text; `bad` tells whether it was refused. */
function assessText(text: string, policy: Policy): { line: string; bad: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    return { line: JSON.stringify({ applicationId: null, errors: [{ path: "$", message }] }), bad: true };
  }
  const outcome = assessApplication(json, policy);
  if (outcome.ok) return { line: serializeAssessment(outcome.assessment), bad: false };
  return {
    line: JSON.stringify({ applicationId: outcome.applicationId, errors: outcome.errors }),
    bad: true,
  };
}

function main(argv: string[]): number {
  const args = [...argv];
  let policyId: string | undefined;
  const policyAt = args.indexOf("--policy");
  if (policyAt >= 0) {
    policyId = args[policyAt + 1];
    args.splice(policyAt, 2);
  }
  const batch = args[0] === "--batch";
  const file = batch ? args[1] : args[0];
  if (file === undefined || args.length !== (batch ? 2 : 1)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const policy = getPolicy(policyId);
  let text: string;
  try {
    text = readInput(file);
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (!batch) {
    const { line, bad } = assessText(text, policy);
    process.stdout.write(`${line}\n`);
    return bad ? 1 : 0;
  }
  let anyBad = false;
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const { line, bad } = assessText(raw, policy);
    anyBad ||= bad;
    out.push(line);
  }
  process.stdout.write(out.length > 0 ? `${out.join("\n")}\n` : "");
  return anyBad ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
