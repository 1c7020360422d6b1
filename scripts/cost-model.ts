import { join, resolve } from "node:path";
import type { LoadCounts, OpCounts } from "../test/bench/load/counts";

/**
 * What a straight-through case (manager → branch credit) costs on AWS, from what bench:load counted
 * on the embedded runtime: state transitions, Lambda invocations and their billed duration, DynamoDB
 * request units, mails and API requests, priced at list prices. `npm run cost` writes docs/cost.md
 * from it; a test checks the page is what this code makes of docs/cost-counts.json.
 */

export interface Price {
  usd: number;
  per: number;
  unit: string;
}

/**
 * us-east-1 list prices, on-demand, no free tier, as data. They were written down from AWS's published
 * price pages as the author knew them on `readOn`; this machine has no internet access, so they were
 * NOT checked online when the page was made. Check them before quoting the result.
 */
export const PRICES = {
  readOn: "2026-11-23",
  region: "us-east-1",
  stepFunctionsTransition: { usd: 0.025, per: 1_000, unit: "state transitions (Standard)" },
  lambdaRequest: { usd: 0.2, per: 1_000_000, unit: "Lambda requests" },
  lambdaArmGbSecond: { usd: 0.0000133334, per: 1, unit: "GB-second on arm64" },
  dynamoWriteUnit: { usd: 0.625, per: 1_000_000, unit: "write request units (on demand)" },
  dynamoReadUnit: { usd: 0.125, per: 1_000_000, unit: "read request units (on demand)" },
  dynamoStorageGbMonth: { usd: 0.25, per: 1, unit: "GB-month (Standard table class)" },
  dynamoBackupGbMonth: { usd: 0.2, per: 1, unit: "GB-month of continuous backup (PITR)" },
  sesMail: { usd: 0.1, per: 1_000, unit: "mails sent" },
  httpApiRequest: { usd: 1.0, per: 1_000_000, unit: "HTTP API requests (first 300 million a month)" },
} as const satisfies Record<string, Price | string>;

/** The functions' memory, as the CDK stack configures every function (project-function.ts). */
export const LAMBDA_MEMORY_MB = 512;

export const CASES = 1_000_000;

const ROOT = resolve(import.meta.dirname, "..");
/** The counts the page is made from, kept in the repository so the page can be made again. */
export const COUNTS_FILE = join(ROOT, "docs", "cost-counts.json");
export const COST_PAGE = join(ROOT, "docs", "cost.md");

export interface Line {
  item: string;
  quantity: number;
  unit: string;
  price: Price;
  usd: number;
}

const line = (item: string, quantity: number, price: Price): Line => ({
  item,
  quantity,
  unit: price.unit,
  price,
  usd: (quantity * price.usd) / price.per,
});

const sum = (ops: Record<string, OpCounts>, field: "requests" | "wcu" | "rcu") =>
  Object.values(ops).reduce((n, o) => n + o[field], 0);

/** Cost lines per case; quantities per case, dollars per case. */
export function perCaseLines(counts: LoadCounts): Line[] {
  const c = counts.perCase;
  const invocations = Object.values(c.lambda).reduce((n, l) => n + l.invocations, 0);
  const billedMs = Object.values(c.lambda).reduce((n, l) => n + l.billedMs, 0);
  const gbSeconds = (billedMs / 1000) * (LAMBDA_MEMORY_MB / 1024);
  return [
    line("Step Functions state transitions", c.stateTransitions, PRICES.stepFunctionsTransition),
    line("Lambda invocations", invocations, PRICES.lambdaRequest),
    line(
      `Lambda duration (${billedMs.toFixed(0)} ms billed at ${LAMBDA_MEMORY_MB} MB)`,
      gbSeconds,
      PRICES.lambdaArmGbSecond,
    ),
    line("DynamoDB writes", sum(c.dynamo.product, "wcu"), PRICES.dynamoWriteUnit),
    line("DynamoDB reads", sum(c.dynamo.product, "rcu"), PRICES.dynamoReadUnit),
    line("Mails (SES)", c.mails, PRICES.sesMail),
    line("API Gateway requests", c.apiRequests, PRICES.httpApiRequest),
  ];
}

/** What a million cases leave in the table, per month they are kept (storage and its backup). */
export function storageLines(counts: LoadCounts): Line[] {
  const gb = (counts.perCase.stored.kilobytes * CASES) / 1024 / 1024;
  return [
    line("DynamoDB storage", gb, PRICES.dynamoStorageGbMonth),
    line("Point-in-time recovery", gb, PRICES.dynamoBackupGbMonth),
  ];
}

const usd = (n: number, digits = 2) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
const num = (n: number, digits = 2) =>
  n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: digits });
const priceText = (p: Price) => `${usd(p.usd, p.usd < 0.01 ? 10 : 3)} per ${num(p.per, 0)} ${p.unit}`;

function opsTable(ops: Record<string, OpCounts>): string[] {
  return Object.entries(ops)
    .sort((a, b) => b[1].requests - a[1].requests)
    .map(([op, o]) => `| ${op} | ${num(o.requests)} | ${num(o.wcu)} | ${num(o.rcu)} |`);
}

/** docs/cost.md, entirely from the counts and the prices above. */
export function renderCostPage(counts: LoadCounts): string {
  const lines = perCaseLines(counts);
  const total = lines.reduce((n, l) => n + l.usd, 0);
  const storage = storageLines(counts);
  const c = counts.perCase;
  const productRequests = sum(c.dynamo.product, "requests");
  const engineRequests = sum(c.dynamo.engine, "requests");
  const out = [
    "# What a case costs on AWS",
    "",
    "<!-- Generated by `npm run cost` from docs/cost-counts.json; edit scripts/cost-model.ts, not this page. -->",
    "",
    `A straight-through case — submitted, approved by the branch manager, then by branch credit — as`,
    "`bench:load` drove it through the HTTP API and the mailed links on the embedded runtime, counting",
    "every request the product's handlers made. Priced at " +
      `${PRICES.region} list prices, on demand, without free tiers, as written down on ${PRICES.readOn}: ` +
      "**list prices that could not be checked online from the machine this page was made on** — check",
    "them before quoting.",
    "",
    `Measured with \`${counts.command}\` on ${counts.measuredAt.slice(0, 10)} (${counts.cases} cases after ${counts.warmup} warm-up cases, node ${counts.node}, ${counts.cpus} CPUs, load average ${counts.loadAverage.after[0] ?? "?"} when it ended: on a busy machine the Lambda durations below include waiting for a CPU).`,
    "",
    "## Per case and per million cases",
    "",
    "| | per case | price | per case (USD) | a million cases (USD) |",
    "|---|---:|---|---:|---:|",
    ...lines.map(
      (l) =>
        `| ${l.item} | ${num(l.quantity, 4)} | ${priceText(l.price)} | ${usd(l.usd, 6)} | ${usd(l.usd * CASES)} |`,
    ),
    `| **Total** | | | **${usd(total, 6)}** | **${usd(total * CASES)}** |`,
    "",
    `A million cases also leave ${num((c.stored.kilobytes * CASES) / 1024 / 1024, 1)} GB in the table (${num(c.stored.items)} items, ${num(c.stored.kilobytes, 1)} KB per case, the audit trail kept for good):`,
    "",
    "| | GB | price | per month (USD) |",
    "|---|---:|---|---:|",
    ...storage.map((l) => `| ${l.item} | ${num(l.quantity, 1)} | ${priceText(l.price)} | ${usd(l.usd)} |`),
    "",
    "## DynamoDB requests per case",
    "",
    `The product's handlers: ${num(productRequests)} requests per case. Write units count a transaction's items`,
    "twice and every write of an item a global secondary index holds once more per index (twice when",
    "its index key changes); read units count 4 KB per consistent read and half that per eventually",
    "consistent one; item sizes are DynamoDB's (attribute names included).",
    "",
    "| operation | requests | write units | read units |",
    "|---|---:|---:|---:|",
    ...opsTable(c.dynamo.product),
    "",
    "By handler (requests, with the kilobytes sent and received):",
    "",
    "| handler | requests |",
    "|---|---|",
    ...Object.entries(c.productByHandler).map(
      ([handler, ops]) =>
        `| ${handler} | ${Object.entries(ops)
          .map(([op, o]) => `${op} ${num(o.requests)} (${num(o.kilobytes, 1)} KB)`)
          .join(", ")} |`,
    ),
    "",
    `Not on the bill: the local Step Functions engine's own state (${num(engineRequests)} requests per case on`,
    "DynamoDB Local; on AWS that state is inside Step Functions, paid for by the state transitions), the",
    "mails' outbox (SES on AWS) and the bench's reading of it.",
    "",
    "## Lambda per case",
    "",
    "| function | invocations | billed ms per case | p50 ms | p95 ms |",
    "|---|---:|---:|---:|---:|",
    ...Object.entries(c.lambda).map(
      ([name, l]) =>
        `| ${name} | ${num(l.invocations)} | ${num(l.billedMs, 1)} | ${num(l.p50Ms, 1)} | ${num(l.p95Ms, 1)} |`,
    ),
    "",
    "## What the figures leave out",
    "",
    "- **Lambda durations are local ones**: each handler timed in-process on the embedded runtime, against",
    "  DynamoDB Local on the same machine, rounded up to the millisecond per invocation as Lambda bills.",
    `  On AWS a ${LAMBDA_MEMORY_MB} MB function has about a third of a vCPU (slower for CPU-bound steps such`,
    "  as the assessment) while DynamoDB answers in a few milliseconds (faster than DynamoDB Local under",
    "  load). Cold starts (their INIT phase is billed too) depend on traffic and are not counted.",
    "- **Fixed monthly costs**, whatever the number of cases: the reconciler every 5 minutes, the daily",
    "  audit digest and its Object Lock bucket, the link-signing secret ($0.40 a month plus API calls),",
    "  CloudWatch alarms and dashboards, the WAF if enabled.",
    "- **Logs and traces**: Step Functions logs every state transition (level ALL, without execution",
    "  data), the functions log to CloudWatch and trace to X-Ray; their cost follows log volume and",
    "  sampling, which the embedded runtime does not measure.",
    "- **Data transfer** out of AWS for pages and mails, and KMS requests for the table's AWS-managed key.",
    "",
  ];
  return `${out.join("\n")}`;
}
