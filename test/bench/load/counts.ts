import { FUNCTIONS } from "../../../infra/catalog";
import { APP_TABLE, OUTBOX_TABLE, SFN_TABLE } from "../../../infra/local/defaults";
import type { Tally } from "./meter";
import type { Snapshot } from "./runtime";

/**
 * What one run of bench:load measured, per straight-through case (manager → branch credit): the
 * file `npm run cost` prices. Requests are split by who makes them: the product's handlers on its
 * table, the product's mails (the outbox locally, SES on AWS), the local Step Functions engine's
 * own state (inside Step Functions on AWS, not billed as DynamoDB), the local runtime's health probe
 * of DynamoDB Local, and the bench's outbox polling.
 */

export type Party = "product" | "mail" | "engine" | "runtime" | "harness";

export interface OpCounts {
  requests: number;
  /** Mean milliseconds from request to answer, as the caller saw it. */
  meanMs: number;
  /** Kilobytes sent and received (JSON on the wire), per case. */
  sentKB: number;
  receivedKB: number;
  items: number;
  wcu: number;
  rcu: number;
}

export interface LambdaCounts {
  invocations: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  /** Billed milliseconds per case: each invocation's duration rounded up to the millisecond. */
  billedMs: number;
}

export interface Latency {
  p50: number;
  p95: number;
}

export interface LoadCounts {
  measuredAt: string;
  command: string;
  node: string;
  cpus: number;
  loadAverage: { before: number[]; after: number[] };
  cases: number;
  concurrency: number;
  warmup: number;
  results: {
    seconds: number;
    casesPerSecond: number;
    lost: number;
    submitMs: Latency;
    openMs: Latency;
    decideMs: Latency;
    finalMs: Latency;
    /** CPU time over the measured window as a share of one core. */
    cpu: { node: number | null; dynamodbLocal: number | null };
    /**
     * CPU milliseconds per case of the runtime's node process, of DynamoDB Local and of the bench's own
     * client: what a case costs whatever else the machine is doing, unlike cases/s on a shared machine.
     */
    cpuMsPerCase: { node: number | null; dynamodbLocal: number | null; bench: number };
  };
  perCase: {
    dynamo: Record<Party, Record<string, OpCounts>>;
    /** The product's DynamoDB requests per case by the handler that made them, then by operation. */
    productByHandler: Record<string, Record<string, { requests: number; kilobytes: number }>>;
    sfnApi: Record<string, number>;
    lambda: Record<string, LambdaCounts>;
    apiRequests: number;
    stateTransitions: number;
    mails: number;
    /** What a case leaves in the product's table: items and kilobytes (DynamoDB's item sizes). */
    stored: { items: number; kilobytes: number };
  };
}

/** Nothing counted: a run against LOAD_URL, whose requests this process cannot see. */
export function uncounted(): LoadCounts["perCase"] {
  return {
    dynamo: { product: {}, mail: {}, engine: {}, runtime: {}, harness: {} },
    productByHandler: {},
    sfnApi: {},
    lambda: {},
    apiRequests: 0,
    stateTransitions: 0,
    mails: 0,
    stored: { items: 0, kilobytes: 0 },
  };
}

export function partyOf(table: string, operation: string): Party {
  if (table === SFN_TABLE) return "engine";
  if (table === OUTBOX_TABLE) return operation === "PutItem" ? "mail" : "harness";
  if (table === APP_TABLE) return "product";
  // ListTables without a table: dynamodb-local.ts checking that the emulator still answers.
  if (table === "?" && operation === "ListTables") return "runtime";
  // Anything else is a table the product does not know: counted as its own, never hidden.
  return "product";
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export const latency = (values: readonly number[]): Latency => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
});

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const HTTP_FUNCTIONS = new Set(
  FUNCTIONS.filter((f) => f.kind === "http" || f.kind === "method-fallback").map((f) => f.name),
);

/** Per-case figures from a window's snapshot over `cases` cases. */
export function perCase(snapshot: Snapshot, cases: number, stateTransitions: number): LoadCounts["perCase"] {
  const dynamo: LoadCounts["perCase"]["dynamo"] = {
    product: {},
    mail: {},
    engine: {},
    runtime: {},
    harness: {},
  };
  for (const [key, t] of Object.entries(snapshot.dynamo) as [string, Tally][]) {
    const [table = "?", ...rest] = key.split(":");
    const operation = rest.join(":");
    dynamo[partyOf(table, operation)][operation] = {
      requests: round(t.requests / cases),
      meanMs: round(t.ms / Math.max(1, t.requests), 1),
      sentKB: round(t.requestBytes / 1024 / cases, 1),
      receivedKB: round(t.responseBytes / 1024 / cases, 1),
      items: round(t.items / cases),
      wcu: round(t.wcu / cases),
      rcu: round(t.rcu / cases),
    };
  }
  const productByHandler: LoadCounts["perCase"]["productByHandler"] = {};
  for (const [key, tally] of Object.entries(snapshot.byHandler)) {
    const [handler = "-", tableOp = ""] = key.split(" ");
    const [table = "?", operation = ""] = tableOp.split(":");
    if (partyOf(table, operation) !== "product") continue;
    const ops = productByHandler[handler] ?? {};
    productByHandler[handler] = ops;
    const before = ops[operation] ?? { requests: 0, kilobytes: 0 };
    ops[operation] = {
      requests: round(before.requests + tally.requests / cases),
      kilobytes: round(before.kilobytes + tally.bytes / 1024 / cases, 1),
    };
  }
  const lambda: Record<string, LambdaCounts> = {};
  let apiRequests = 0;
  for (const [name, times] of Object.entries(snapshot.handlers)) {
    const d = times.durations;
    const billed = d.reduce((n, ms) => n + Math.max(1, Math.ceil(ms)), 0);
    lambda[name] = {
      invocations: round(d.length / cases),
      meanMs: round(d.reduce((n, ms) => n + ms, 0) / Math.max(1, d.length), 1),
      p50Ms: round(percentile(d, 50), 1),
      p95Ms: round(percentile(d, 95), 1),
      billedMs: round(billed / cases, 1),
    };
    if (HTTP_FUNCTIONS.has(name)) apiRequests += d.length;
  }
  const mails = Object.values(dynamo.mail).reduce((n, o) => n + o.requests, 0);
  const kept = snapshot.stored[APP_TABLE] ?? { items: 0, bytes: 0 };
  return {
    dynamo,
    productByHandler,
    stored: { items: round(kept.items / cases), kilobytes: round(kept.bytes / 1024 / cases, 1) },
    sfnApi: Object.fromEntries(Object.entries(snapshot.sfn).map(([op, n]) => [op, round(n / cases)])),
    lambda,
    apiRequests: round(apiRequests / cases),
    stateTransitions: round(stateTransitions, 1),
    mails: round(mails, 2),
  };
}

export function totalRequests(ops: Record<string, OpCounts>): number {
  return round(Object.values(ops).reduce((n, o) => n + o.requests, 0));
}
