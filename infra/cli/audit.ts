/**
 * `npm run --silent audit -- verify|replay|reproduce|check|export|digest …`: the auditor's tools over
 * the table and the digests. Against the running `npm start` by default (DynamoDB Local on
 * DYNAMODB_PORT, digests in DATA_DIR/digests); on AWS set TABLE_NAME, DIGEST_BUCKET and credentials.
 * Exit code: 0 all verified, 1 a problem was found, 2 the command could not run.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { replay, reproducePortfolioChecks } from "../../domain";
import { auditCase, type CaseAudit } from "../../functions/app/audit/case-audit";
import { makeDueDigests } from "../../functions/app/audit/make-digests";
import { timeline } from "../../functions/app/audit/timeline";
import { auditCredit, type CreditAudit } from "../../functions/app/monitoring/credit-audit";
import { auditCsv, auditJson, EXPORT_FORMATS, type ExportFormat } from "../../functions/shared/audit/export";
import { auditPage } from "../../functions/shared/html/audit-page";
import { portfolioPlans } from "../../functions/wiring/book";
import { buildAuditDeps } from "./audit-deps";
import { useLocalStoreUnlessConfigured } from "./store-environment";

const ROOT = resolve(import.meta.dirname, "..", "..");
const COMMANDS = ["verify", "replay", "reproduce", "check", "export", "digest"] as const;
const USAGE = `usage: npm run --silent audit -- <command>
  verify CASE_ID [--digest]                 the hash chain from genesis and the case's recorded head;
                                            --digest: also every digest that anchored the case
  replay CASE_ID [--seq N | --at ISO] [--steps]
                                            the case as it stood after event N or at an instant
  reproduce CASE_ID                         re-run each assessment under its recorded policy version,
                                            and each book check under its recorded plan version
  check CASE_ID                             the decisions against the rules of their time
                                            (verify and check also cover the case's monitored credit)
  export CASE_ID --format json|csv|html [--out FILE]
  digest [--now]                            make the daily digests that are due (--now: close today so far)
  --help                                    this text

Exit code: 0 all verified, 1 a problem was found, 2 the command could not run.`;

class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "USAGE";
}

/** The embedded runtime's table and digests unless TABLE_NAME points somewhere else (AWS). */
function configureEnvironment(): void {
  const env = process.env;
  env.DIRECTORY_FILE ??= join(ROOT, "infra", "local", "directory.json");
  if (!useLocalStoreUnlessConfigured(env)) return;
  if (!env.DIGEST_BUCKET) env.DIGEST_DIR ??= join(resolve(env.DATA_DIR ?? join(ROOT, ".data")), "digests");
}

const out = (text = "") => process.stdout.write(`${text}\n`);

/** The monitored credit's chain, after its case's: one line when it verifies, the first break when not. */
function printCreditVerdict(credit: CreditAudit): boolean {
  const v = credit.verdict;
  out(
    v.ok
      ? `✓ the credit's trail verified from genesis through event ${v.verifiedThrough} (${credit.items} event item(s))`
      : `✗ the credit's trail does not verify: ${v.problems[0]?.message}`,
  );
  return v.ok;
}

function printVerdict(audit: CaseAudit, withDigests: boolean): boolean {
  const v = audit.verdict;
  out(`${audit.caseId}: ${audit.trail.items.length} event item(s)`);
  const chainProblems = v.problems.filter((p) => p.caughtBy !== "digest");
  if (chainProblems.length === 0) {
    out(`✓ hash chain verified from genesis through event ${v.verifiedThrough}`);
    out(
      audit.trail.state
        ? `✓ matches the head the case recorded (event ${audit.trail.state.version})`
        : `✗ ${audit.trail.stateProblem}`,
    );
  }
  for (const p of chainProblems) out(`✗ event ${p.seq} ${p.kind}: ${p.message}`);
  if (withDigests) {
    const d = audit.digests;
    for (const p of v.problems.filter((x) => x.caughtBy === "digest"))
      out(`✗ event ${p.seq} ${p.kind}: ${p.message}`);
    for (const p of d.chainProblems) out(`✗ ${p.message}`);
    if (d.anchoredIn.length === 0) out(`✗ no digest in ${d.location} anchors this case yet`);
    else if (!v.problems.some((x) => x.caughtBy === "digest")) {
      out(
        `✓ matches ${d.anchoredIn.length} digest(s): ${d.anchoredIn.join(", ")} (${d.checked} digest(s) checked in ${d.location})`,
      );
    }
  }
  const ok =
    v.ok &&
    (!withDigests || (audit.digests.chainProblems.length === 0 && audit.digests.anchoredIn.length > 0));
  const first = v.problems[0];
  out(
    ok
      ? "VERIFIED"
      : `NOT VERIFIED${first ? `: the first event that does not verify is event ${first.seq} (${first.kind})` : ""}`,
  );
  return ok;
}

/** Node's own messages are several sentences; a usage error is one line naming the culprit. */
function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h", default: false },
        digest: { type: "boolean", default: false },
        seq: { type: "string" },
        at: { type: "string" },
        steps: { type: "boolean", default: false },
        format: { type: "string" },
        out: { type: "string" },
        now: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    const option = /'([^']+)'/.exec(error instanceof Error ? error.message : "")?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${option}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${option} needs a value`);
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = readArgs(argv);
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const [command, caseId, ...extra] = positionals;
  if (!command) throw new UsageError("no command");
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command ${command}`);
  if (command === "digest" && caseId) throw new UsageError("digest takes no CASE_ID");
  if (command !== "digest" && !caseId) throw new UsageError(`${command} needs a CASE_ID`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  configureEnvironment();
  const base = buildAuditDeps();

  if (command === "digest") {
    if (!base.store) throw new UsageError("no digest store: set DIGEST_DIR or DIGEST_BUCKET");
    const made = await makeDueDigests(
      {
        trails: base.trails,
        caseQueue: base.caseQueue,
        digests: base.store,
        digestWrites: base.store,
        now: base.now,
      },
      { closeAtNow: values.now },
    );
    if (made.length === 0)
      out(`no digest is due in ${base.store.location} (use --now to close today so far)`);
    for (const m of made) {
      out(`wrote ${m.name}: ${m.cases} case(s), ${m.periodStart} → ${m.periodEnd}`);
      for (const p of m.problems) out(`  ✗ case ${p.caseId} event ${p.seq} ${p.kind}: ${p.message}`);
    }
    return made.some((m) => m.problems.length > 0) ? 1 : 0;
  }

  if (!caseId) throw new UsageError(`${command} needs a CASE_ID`);
  // Every argument is checked before the table is touched.
  if (values.seq !== undefined && values.at !== undefined)
    throw new UsageError("give --seq or --at, not both");
  const seq = values.seq === undefined ? undefined : Number(values.seq);
  if (seq !== undefined && (!Number.isInteger(seq) || seq < 0))
    throw new UsageError(`--seq must be a whole number, got ${values.seq}`);
  if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) {
    throw new UsageError(`--at must be an ISO-8601 instant such as 2026-11-20T10:00:00Z, got ${values.at}`);
  }
  const point = seq !== undefined ? { seq } : values.at !== undefined ? { at: values.at } : "end";
  const format = values.format as ExportFormat | undefined;
  if (command === "export" && (!format || !EXPORT_FORMATS.includes(format))) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  }
  const withDigests = command === "export" || values.digest;
  if (values.digest && !base.digests)
    throw new UsageError("--digest needs a digest store: set DIGEST_DIR or DIGEST_BUCKET");
  const audit = await auditCase({ ...base, digests: withDigests ? base.digests : null }, caseId);
  if (!audit) {
    process.stderr.write(`no case ${caseId} in table ${process.env.TABLE_NAME}\n`);
    return 2;
  }
  // Past the end would silently show the final state, as if the auditor had asked for it.
  const lastSeq = audit.events.at(-1)?.seq ?? 0;
  if (seq !== undefined && seq > lastSeq)
    throw new UsageError(`--seq ${seq} is past the last event of ${caseId}, which is event ${lastSeq}`);

  switch (command) {
    case "verify": {
      const verified = printVerdict(audit, values.digest);
      const credit = await auditCredit(base, caseId, new Date().toISOString());
      return verified && (credit === undefined || printCreditVerdict(credit)) ? 0 : 1;
    }
    case "replay": {
      const r = replay(caseId, audit.events, point);
      if (values.steps) {
        for (const step of r.steps) {
          const e = step.event;
          out(`#${e.seq} ${e.at} ${e.actor} ${e.type}`);
          for (const c of step.changes) out(`    ${c}`);
        }
      } else {
        out(JSON.stringify({ caseId, at: point, events: r.steps.length, state: r.state ?? null }, null, 2));
      }
      if (!r.ok) process.stderr.write(`✗ ${r.message}\n`);
      if (!audit.verdict.ok)
        process.stderr.write(`✗ the trail does not verify: ${audit.verdict.problems[0]?.message}\n`);
      return r.ok && audit.verdict.ok ? 0 : 1;
    }
    case "reproduce": {
      for (const r of audit.reproductions) {
        out(
          `${r.outcome === "REPRODUCED" ? "✓" : "✗"} version ${r.caseVersion} (event ${r.seq}) under ${r.policyVersion}: ${r.message}`,
        );
        if (r.difference)
          out(
            `    at ${r.difference.path}: recorded ${r.difference.recorded}, recomputed ${r.difference.recomputed}`,
          );
      }
      if (audit.reproductions.length === 0) out("✗ no assessment recorded");
      // The check against the loan book, under the plan version it recorded (PORTFOLIO_FILE's plan too).
      const checks = reproducePortfolioChecks(audit.events, portfolioPlans());
      for (const c of checks)
        out(`${c.ok ? "✓" : "✗"} version ${c.caseVersion} (event ${c.seq}) book check: ${c.message}`);
      return audit.reproductions.length > 0 &&
        audit.reproductions.every((r) => r.outcome === "REPRODUCED") &&
        checks.every((c) => c.ok)
        ? 0
        : 1;
    }
    case "check": {
      for (const v of audit.violations)
        out(`✗ event ${v.seq} (version ${v.caseVersion}) ${v.code}: ${v.message}`);
      if (audit.violations.length === 0) out("✓ no decision broke a rule of its time");
      const credit = await auditCredit(base, caseId, new Date().toISOString());
      if (credit && !credit.verdict.ok)
        out(`✗ the credit's trail does not verify: ${credit.verdict.problems[0]?.message}`);
      for (const v of credit?.violations ?? []) out(`✗ credit event ${v.seq} ${v.code}: ${v.message}`);
      if (credit?.verdict.ok && credit.violations.length === 0)
        out(`✓ no monitoring event of the credit broke a rule of its time (${credit.items} event(s))`);
      return audit.violations.length === 0 &&
        (credit === undefined || (credit.verdict.ok && credit.violations.length === 0))
        ? 0
        : 1;
    }
    default: {
      const rows = timeline(audit, base.directory.nameOf);
      const text =
        format === "json"
          ? auditJson(audit, rows)
          : format === "csv"
            ? auditCsv(rows)
            : auditPage(audit, rows);
      if (values.out) writeFileSync(values.out, text);
      else process.stdout.write(text);
      return audit.ok ? 0 : 1;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof Error && "code" in error;
    if (error instanceof UsageError) {
      process.stderr.write(`audit: ${error.message} (npm run --silent audit -- --help for usage)\n`);
    } else if (
      String((error as { code?: unknown })?.code) === "ECONNREFUSED" ||
      /ECONNREFUSED/.test(String(error))
    ) {
      process.stderr.write(
        `cannot reach DynamoDB at ${process.env.AWS_ENDPOINT_URL_DYNAMODB ?? "AWS"}: is \`npm start\` running? (on AWS set TABLE_NAME and credentials)\n`,
      );
    } else {
      process.stderr.write(
        `${known ? `${(error as Error).name}: ` : ""}${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    process.exitCode = 2;
  },
);
