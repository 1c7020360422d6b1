import { join } from "node:path";
import {
  applyEvent,
  type CaseState,
  CodedError,
  type Decision,
  foldEvents,
  PORTFOLIO_PLANS,
  type PortfolioRegistry,
  type RecordedEvent,
  type RunStatus,
} from "../../domain";
import { Dec } from "../../domain/decimal";
import { loadDirectoryFile } from "../../functions/adapters/aws/directory-file";
import {
  type AppendResult,
  type ApprovalReader,
  type ApprovalRecord,
  type BookedExposure,
  type BookPort,
  type CaseQueue,
  type CaseReader,
  type CaseWriteExtras,
  type CaseWriter,
  type Clock,
  type CounterState,
  type DirectoryPort,
  type IdempotencyKeys,
  type IdempotencyRecord,
  type LinkKeys,
  type LogAttributes,
  type MailerPort,
  type MailMarks,
  type MailMessage,
  type MetricName,
  refuseUndeclared,
  type Site,
  type TaskAnswers,
  type TaskDelivery,
  type Telemetry,
  type WorkflowRuns,
  type WorkflowStarts,
  WRITE_KINDS,
  type WriteKind,
} from "../../functions/app/ports";

/**
 * The ports in memory, for fast tests of the use cases (test/unit/app/). The case store keeps the
 * semantics of the DynamoDB adapter's transaction: events are appended under the event count the
 * writer read, and every extra's condition (an approval still pending and issued to the decider, a
 * lock free or held by this case) is checked together with it; if anything fails, nothing is written
 * and the writer gets CONFLICT. Checks and writes happen in one synchronous step, so two writers
 * racing through `await`s conflict exactly as two DynamoDB transactions would.
 */

const ROOT = join(import.meta.dirname, "..", "..");
export const DIRECTORY_FILE = join(ROOT, "infra", "local", "directory.json");
const TTL_GRACE_SECONDS = 30 * 86_400;

interface Lock {
  caseId: string;
  open: boolean;
}

export class MemoryStore {
  readonly events = new Map<string, RecordedEvent[]>();
  readonly approvals = new Map<string, ApprovalRecord>();
  readonly locks = new Map<string, Lock>();
  /** Idempotency keys by `caller#key`, with the case each created. */
  readonly keys = new Map<string, IdempotencyRecord & { caseId: string }>();
  /** The book: counters (used and reserved, exact decimals) and committed exposures, as the table holds them. */
  readonly counters = new Map<string, { used: Dec; reserved: Dec }>();
  readonly exposures = new Map<string, BookedExposure>();
  /** The counters whose condition failed in the last refused transaction. */
  lastRefused: string[] = [];
  /** Runs at the start of every append: a test's competing writer gets in between a read and a write here. */
  beforeAppend?: (caseId: string) => Promise<void> | void;
  appends = 0;

  state(caseId: string): CaseState | undefined {
    return foldEvents(caseId, this.events.get(caseId) ?? []);
  }

  /** Checks every condition of the transaction first; writes only if all hold (one synchronous step). */
  commit(
    caseId: string,
    count: number,
    recorded: RecordedEvent[],
    extras: CaseWriteExtras,
    at: string,
  ): boolean {
    const trail = this.events.get(caseId) ?? [];
    if (trail.length !== count) return false;
    const pending = (id: string) => this.approvals.get(id)?.status === "PENDING";
    const conditions = [
      ...(extras.newApprovals ?? []).map((a) => !this.approvals.has(a.approvalId)),
      ...(extras.decide
        ? [
            pending(extras.decide.approvalId) &&
              this.approvals.get(extras.decide.approvalId)?.approverId === extras.decide.approverId,
          ]
        : []),
      ...(extras.rebindToken?.approvalIds ?? []).filter((id) => this.approvals.has(id)).map(pending),
      ...(extras.takeLock ? [this.locks.get(extras.takeLock)?.open !== true] : []),
      ...(extras.releaseLock
        ? [
            this.locks.get(extras.releaseLock)?.open === true &&
              this.locks.get(extras.releaseLock)?.caseId === caseId,
          ]
        : []),
      ...(extras.idempotency ? [!this.keys.has(keyOf(extras.idempotency))] : []),
    ];
    const counter = (id: string) => this.counters.get(id) ?? { used: new Dec(0), reserved: new Dec(0) };
    const commit = extras.commitExposure;
    this.lastRefused = (commit?.deltas ?? [])
      .filter((d) => d.maxBefore !== null && counter(d.counter).used.gt(d.maxBefore))
      .map((d) => d.counter);
    if (commit && this.exposures.has(caseId)) conditions.push(false);
    if (conditions.some((ok) => !ok) || this.lastRefused.length > 0) return false;

    this.events.set(caseId, [...trail, ...recorded]);
    for (const a of extras.newApprovals ?? []) {
      const ttl = Math.floor(Date.parse(a.expiresAt) / 1000) + TTL_GRACE_SECONDS;
      this.approvals.set(a.approvalId, { ...a, status: "PENDING", ttl });
    }
    const d = extras.decide;
    if (d)
      this.move(d.approvalId, {
        status: "DECIDED",
        decision: d.decision,
        comment: d.comment,
        decidedBy: d.approverId,
        decidedAt: d.decidedAt,
      });
    // As the adapter does: only the approvals still pending when read are superseded.
    for (const id of extras.supersede ?? [])
      if (pending(id)) this.move(id, { status: "SUPERSEDED", closedAt: at });
    for (const id of extras.rebindToken?.approvalIds ?? [])
      if (pending(id)) this.move(id, { taskToken: extras.rebindToken?.taskToken ?? "" });
    if (extras.takeLock) this.locks.set(extras.takeLock, { caseId, open: true });
    if (extras.releaseLock) this.locks.set(extras.releaseLock, { caseId, open: false });
    if (extras.idempotency) this.keys.set(keyOf(extras.idempotency), { ...extras.idempotency, caseId });
    for (const m of extras.reserve ?? []) {
      const c = counter(m.counter);
      this.counters.set(m.counter, { used: c.used, reserved: c.reserved.plus(m.add) });
    }
    if (commit) {
      this.exposures.set(caseId, {
        caseId,
        planId: commit.planId,
        planHash: commit.planHash,
        exposure: commit.exposure,
        committedAt: at,
      });
      for (const d of commit.deltas) {
        const c = counter(d.counter);
        this.counters.set(d.counter, { used: c.used.plus(d.add), reserved: c.reserved.minus(d.unreserve) });
      }
    }
    this.appends++;
    return true;
  }

  private move(id: string, changes: Partial<ApprovalRecord>): void {
    const a = this.approvals.get(id);
    if (a) this.approvals.set(id, { ...a, ...changes });
  }
}

const keyOf = (r: { caller: string; key: string }) => `${r.caller}#${r.key}`;

export type MemoryCases = CaseReader &
  CaseWriter<WriteKind> &
  CaseQueue &
  ApprovalReader &
  MailMarks &
  IdempotencyKeys;

/** Port `book` over the store's counters and exposures. */
export function memoryBook(store: MemoryStore, plans: PortfolioRegistry = PORTFOLIO_PLANS): BookPort {
  const state = (id: string): CounterState => {
    const c = store.counters.get(id);
    return { used: (c?.used ?? new Dec(0)).toFixed(2), reserved: (c?.reserved ?? new Dec(0)).toFixed(2) };
  };
  return {
    plans,
    async counters(ids) {
      return Object.fromEntries(ids.map((id) => [id, state(id)]));
    },
    async allCounters() {
      return Object.fromEntries([...store.counters.keys()].map((id) => [id, state(id)]));
    },
    async exposures() {
      return [...store.exposures.values()].filter((e) => e.releasedAt === undefined);
    },
  };
}

/** Every case port over one store; `kinds` limits the writer as the wiring limits a function's. */
export function memoryCases(
  store: MemoryStore,
  clock: Pick<Clock, "now">,
  kinds: readonly WriteKind[] = WRITE_KINDS,
): MemoryCases {
  const allowed = new Set<WriteKind>(kinds);
  const byStatus = (status: string) =>
    [...store.events.keys()]
      .map((id) => store.state(id))
      .filter((s): s is CaseState => s?.status === status)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return {
    accepts: (kind) => allowed.has(kind),
    async load(caseId) {
      const events = store.events.get(caseId);
      const state = events && foldEvents(caseId, events);
      return state && events ? { state, events: [...events] } : undefined;
    },
    async state(caseId) {
      return store.state(caseId);
    },
    async append(caseId, base, drafts, extras = {}): Promise<AppendResult> {
      refuseUndeclared(extras, allowed);
      await store.beforeAppend?.(caseId);
      if (extras.decide && !store.approvals.has(extras.decide.approvalId))
        throw new CodedError("APPROVAL_VANISHED", `approval ${extras.decide.approvalId} vanished`);
      const at = clock.now().toISOString();
      let state = base.state;
      const recorded = drafts.map(
        (d, i) => ({ ...d.event, seq: base.count + i + 1, at, actor: d.actor }) as RecordedEvent,
      );
      for (const e of recorded) state = applyEvent(state, caseId, e);
      if (!state) throw new CodedError("NO_EVENTS", "an append must record at least one event");
      if (store.commit(caseId, base.count, recorded, extras, at)) return { ok: true, state };
      return store.lastRefused.length > 0
        ? { ok: false, reason: "CAP_REFUSED", counters: store.lastRefused }
        : { ok: false, reason: "CONFLICT" };
    },
    async listByStatus(status, limit) {
      return byStatus(status).slice(0, limit);
    },
    async *allByStatus(status) {
      yield* byStatus(status);
    },
    async changedSince(since) {
      return [...store.events.keys()].filter((id) => (store.state(id)?.updatedAt ?? "") >= since).sort();
    },
    async get(approvalId) {
      const a = store.approvals.get(approvalId);
      return a && { ...a };
    },
    async find(caller, key) {
      const found = store.keys.get(keyOf({ caller, key }));
      return found && { ...found };
    },
    async markMailed(approvalId, at) {
      const a = store.approvals.get(approvalId);
      if (!a) throw new CodedError("NO_SUCH_APPROVAL", `no approval ${approvalId}`);
      store.approvals.set(approvalId, { ...a, mailedAt: at });
    },
  };
}

export function memoryMailer(): MailerPort & { sent: MailMessage[]; failNext: number } {
  const mailer = {
    sent: [] as MailMessage[],
    failNext: 0,
    async send(message: MailMessage) {
      if (mailer.failNext > 0) {
        mailer.failNext--;
        throw new CodedError("MAIL_REJECTED", "the mail service refused the mail");
      }
      mailer.sent.push(message);
      return { messageId: `MSG-${mailer.sent.length}` };
    },
  };
  return mailer;
}

/** The workflow engine: runs started by name, outcomes delivered by token, and the runs the reconciler asks about. */
export function memoryEngine(): WorkflowStarts &
  TaskAnswers &
  WorkflowRuns & {
    started: { name: string; input: { caseId: string; caseVersion: number } }[];
    delivered: { taskToken: string; outcome: Decision }[];
    stopped: string[];
    runs: Map<string, RunStatus>;
    closedTokens: Set<string>;
    refuseStarts: boolean;
  } {
  const engine = {
    started: [] as { name: string; input: { caseId: string; caseVersion: number } }[],
    delivered: [] as { taskToken: string; outcome: Decision }[],
    stopped: [] as string[],
    runs: new Map<string, RunStatus>(),
    closedTokens: new Set<string>(),
    refuseStarts: false,
    async startExecution(name: string, input: { caseId: string; caseVersion: number }) {
      if (engine.refuseStarts) {
        const refusal = new Error("Rate exceeded");
        refusal.name = "ThrottlingException";
        throw refusal;
      }
      engine.started.push({ name, input });
      engine.runs.set(name, "RUNNING");
      return { executionArn: `arn:aws:states:local:0:execution:sme:${name}` };
    },
    async sendOutcome(taskToken: string, outcome: Decision): Promise<TaskDelivery> {
      if (engine.closedTokens.has(taskToken)) return "ALREADY_CLOSED";
      engine.delivered.push({ taskToken, outcome });
      return "DELIVERED";
    },
    async status(name: string): Promise<RunStatus> {
      return engine.runs.get(name) ?? "MISSING";
    },
    async stop(name: string) {
      engine.stopped.push(name);
      engine.runs.set(name, "ABORTED");
    },
  };
  return engine;
}

export interface LogLine {
  level: "INFO" | "WARN" | "ERROR";
  message: string;
  attributes: LogAttributes;
  error?: unknown;
}

export function memoryTelemetry(): Telemetry & {
  lines: LogLine[];
  metrics: { name: MetricName; unit: string; value: number; dimensions?: Record<string, string> }[];
  count(name: MetricName, dimensions?: Record<string, string>): number;
} {
  const t = {
    lines: [] as LogLine[],
    metrics: [] as { name: MetricName; unit: string; value: number; dimensions?: Record<string, string> }[],
    info: (message: string, attributes: LogAttributes = {}) =>
      void t.lines.push({ level: "INFO", message, attributes }),
    warn: (message: string, attributes: LogAttributes = {}) =>
      void t.lines.push({ level: "WARN", message, attributes }),
    error: (message: string, attributes: LogAttributes = {}, error?: unknown) =>
      void t.lines.push({ level: "ERROR", message, attributes, error }),
    metric(name: MetricName, unit: string, value: number, dimensions?: Record<string, string>) {
      t.metrics.push({ name, unit, value, ...(dimensions ? { dimensions } : {}) });
    },
    count(name: MetricName, dimensions?: Record<string, string>) {
      return t.metrics
        .filter((m) => m.name === name)
        .filter((m) => !dimensions || Object.entries(dimensions).every(([k, v]) => m.dimensions?.[k] === v))
        .reduce((n, m) => n + m.value, 0);
    },
  };
  return t;
}

/** A clock a test moves by hand, and ids that count up. */
export function testClock(start = "2026-03-02T08:00:00.000Z"): Clock & { advance(seconds: number): void } {
  let now = Date.parse(start);
  let n = 0;
  return {
    now: () => new Date(now),
    newId: (prefix) => `${prefix}-${++n}`,
    advance(seconds) {
      now += seconds * 1000;
    },
  };
}

export const SIGNING_KEY = Buffer.from("k".repeat(48));

/** Every port in memory over one store, and the handles a test inspects them by. */
export function memoryWorld() {
  const store = new MemoryStore();
  const clock = testClock();
  const cases = memoryCases(store, clock);
  const mailer = memoryMailer();
  const engine = memoryEngine();
  const telemetry = memoryTelemetry();
  const directory: DirectoryPort = loadDirectoryFile(DIRECTORY_FILE);
  const links: LinkKeys = { signingKey: () => SIGNING_KEY, graceSeconds: 86_400 };
  const site: Site = { publicBaseUrl: "https://credit.bank.example" };
  const deps = {
    cases,
    caseWrites: cases,
    caseQueue: cases,
    approvals: cases,
    mailMarks: cases,
    idempotencyKeys: cases,
    book: memoryBook(store),
    directory,
    mailer,
    links,
    site,
    workflowStarts: engine,
    taskAnswers: engine,
    workflowRuns: engine,
    now: clock.now,
    newId: clock.newId,
    telemetry,
  };
  return { store, clock, cases, mailer, engine, telemetry, directory, deps };
}
