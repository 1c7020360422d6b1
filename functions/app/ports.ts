import type { CounterDelta, Exposure, PortfolioRegistry } from "../../domain";
import {
  type CaseEvent,
  type CaseState,
  CodedError,
  type Decision,
  type RecordedEvent,
  type RunStatus,
  type Stage,
  type StoredItem,
} from "../../domain";
import type { AuditEvent, EventDraft } from "../../domain/audit/chain";
import type { DomainEvent } from "../../domain/events/domain-events";
import type { Directory } from "./directory";

/**
 * The ports: everything the use cases (functions/app/) need from the world outside the domain, as
 * interfaces. Adapters implement them (functions/adapters/aws/ on AWS services, whose clients the
 * local runtime points at its emulators; functions/adapters/local/ for the stand-ins that exist only
 * on one machine), functions/wiring/ builds one port from its configuration, and each catalog entry
 * (infra/catalog.ts) names the ports its handler builds — which sets its environment, its IAM grants
 * and what its bundle contains.
 *
 * A new port: its interface here, its name in PORT_NAMES, an adapter, a wiring module named after it,
 * and what it needs on AWS in infra/aws/ports.ts.
 */

export const APPROVAL_STATUSES = ["PENDING", "DECIDED", "SUPERSEDED", "CLOSED"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** One approver's approval of one stage attempt, as the stage opens it. */
export interface NewApproval {
  approvalId: string;
  caseId: string;
  caseVersion: number;
  stage: Stage;
  approverId: string;
  attempt: number;
  /** Step Functions task token: stays server-side, never in a link, a page or a log line. */
  taskToken: string;
  createdAt: string;
  expiresAt: string;
}

/** A pending or settled approval as stored. */
export interface ApprovalRecord extends NewApproval {
  status: ApprovalStatus;
  decision?: Decision;
  comment?: string;
  decidedAt?: string;
  decidedBy?: string;
  /** When it left PENDING without a decision (superseded or closed). */
  closedAt?: string;
  /** When the approver's mail was sent; absent means it still has to be (see the open-stage step). */
  mailedAt?: string;
  ttl: number;
}

/** Where a case's hash chain stands: the last event's hash and the first event's time. */
export interface KnownHead {
  hash: string;
  createdAt: string;
}

/** A case as the workflow reads it: the events are the truth, the state is their fold. */
export interface LoadedCase {
  state: CaseState;
  events: RecordedEvent[];
  /** Where the chain stands after these events, when the reader knows: an append on them need not read it again. */
  head?: KnownHead;
}

/**
 * Side effects that must commit together with a case's events, in one transaction. Each kind is
 * allowed only to a writer built with its write kind (see WriteKind): a function that may not take
 * an application lock has no way to.
 */
export interface CaseWriteExtras {
  /** approvalOpening */
  newApprovals?: NewApproval[];
  /** approvalSettling: the decided approval, on condition it is still pending and issued to this approver. */
  decide?: {
    approvalId: string;
    approverId: string;
    decision: Decision;
    comment: string;
    decidedAt: string;
    /** The approval as the decision has just read it, so the write need not read it again. */
    approval?: ApprovalRecord;
  };
  /** approvalSettling: pending approvals that no longer count. */
  supersede?: string[];
  /** approvalSettling: pending approvals now waited on by a new task token. */
  rebindToken?: { approvalIds: string[]; taskToken: string };
  /** lockTake */
  takeLock?: string;
  /** lockRelease */
  releaseLock?: string;
  /** idempotencyRecord: the submission's Idempotency-Key, recorded with the case's first event or not at all. */
  idempotency?: IdempotencyRecord;
  /**
   * bookReserve: unconditional moves of the book's reserved amounts (a reservation at assessment, its
   * release at decline, return or withdrawal, as negative amounts).
   */
  reserve?: ReservationMove[];
  /**
   * bookCommit: the approved exposure put in the book and its counter updates, each conditional on
   * its cap's headroom (docs/portfolio.md): all of them commit with the case's events, or none does.
   */
  commitExposure?: ExposureCommit;
}

/** A POST /cases Idempotency-Key as recorded: whose, which request (its hash) and the case it created. */
export interface IdempotencyRecord {
  caller: string;
  key: string;
  /** SHA-256 of the request body's canonical JSON: the same key with another body is refused. */
  requestHash: string;
}

/** Port `idempotencyKeys`: a recorded key, read strongly consistent. */
export interface IdempotencyKeys {
  find(caller: string, key: string): Promise<(IdempotencyRecord & { caseId: string }) | undefined>;
}

/** One unconditional move of a counter's reserved amount (a decimal string, negative to release). */
export interface ReservationMove {
  counter: string;
  add: string;
}

/** What a final approval writes to the book in the case's transaction. */
export interface ExposureCommit {
  planId: string;
  planHash: string;
  exposure: Exposure;
  deltas: CounterDelta[];
}

/** The write kinds: each names the extras of a case write it allows, and is a port of the catalog. */
export const WRITE_KINDS = [
  "approvalOpening",
  "approvalSettling",
  "lockTake",
  "lockRelease",
  "idempotencyRecord",
  "bookReserve",
  "bookCommit",
] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

/** Which write kind each field of CaseWriteExtras needs. */
export const EXTRA_KIND: Readonly<Record<keyof CaseWriteExtras, WriteKind>> = {
  newApprovals: "approvalOpening",
  decide: "approvalSettling",
  supersede: "approvalSettling",
  rebindToken: "approvalSettling",
  takeLock: "lockTake",
  releaseLock: "lockRelease",
  idempotency: "idempotencyRecord",
  reserve: "bookReserve",
  commitExposure: "bookCommit",
};

/**
 * Every writer checks this before writing: an extra it was not built for is a bug in the use case or
 * in the wiring, thrown before anything is written.
 */
export function refuseUndeclared(extras: CaseWriteExtras, kinds: ReadonlySet<WriteKind>): void {
  for (const [field, value] of Object.entries(extras)) {
    if (value === undefined) continue;
    const kind = EXTRA_KIND[field as keyof CaseWriteExtras];
    if (!kinds.has(kind)) {
      throw new CodedError(
        "WRITE_KIND_NOT_WIRED",
        `this function's case writer may not ${field} (the write kind ${kind} is not among its ports)`,
      );
    }
  }
}

export type AppendResult =
  | { ok: true; state: CaseState }
  | { ok: false; reason: "CONFLICT" }
  /** A commitExposure counter was past its condition: the counters named, nothing written. */
  | { ok: false; reason: "CAP_REFUSED"; counters: string[] };

/** Port `cases`: a case's trail and its fold, read strongly consistent. */
export interface CaseReader {
  load(caseId: string): Promise<LoadedCase | undefined>;
  /** The state alone, as stored with the events it folds: for a step that needs no events (no trail read). */
  state(caseId: string): Promise<CaseState | undefined>;
}

/**
 * Port `caseWrites`: appends events under the event count the writer read (optimistic concurrency:
 * a writer that lost the race gets CONFLICT and decides again), with the STATE projection and the
 * extras in the same transaction. `K` are the write kinds it was built with; `accepts` is how the
 * type system tells a writer for fewer kinds from one for more (its parameter makes it contravariant).
 */
export interface CaseWriter<K extends WriteKind = never> {
  append(
    caseId: string,
    base: { state: CaseState | undefined; count: number; head?: KnownHead | undefined },
    drafts: { event: CaseEvent; actor: string }[],
    extras?: CaseWriteExtras,
  ): Promise<AppendResult>;
  readonly accepts: (kind: K) => boolean;
}

/** Port `caseQueue`: cases by status through the status index (never a Scan). */
export interface CaseQueue {
  /** Newest-updated first; eventually consistent, so a case that just moved may lag. */
  listByStatus(status: string, limit: number): Promise<CaseState[]>;
  /** Every case in `status`, page by page. */
  allByStatus(status: string): AsyncIterable<CaseState>;
  /** Ids of the cases whose last change is at or after `since`, sorted. */
  changedSince(since: string): Promise<string[]>;
}

/** Port `approvals`: one approval, read strongly consistent. */
export interface ApprovalReader {
  get(approvalId: string): Promise<ApprovalRecord | undefined>;
}

/** Port `mailMarks`: durable proof that an approver's mail went out, so a repeated step re-sends only what was not sent. */
export interface MailMarks {
  markMailed(approvalId: string, at: string): Promise<void>;
}

/**
 * Port `documents`: the files attached to cases, by key (`<caseId>/<documentId>`). The trail records
 * each one's SHA-256, so a file changed in the store no longer matches its record.
 */
export interface DocumentReader {
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
}

/** Port `documentWrites`: new documents only, never an overwrite. */
export interface DocumentWriter {
  /** False when the key exists already (nothing is overwritten). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<boolean>;
  /** The largest file accepted, in bytes (configuration). */
  readonly maxBytes: number;
}

export type DocumentStore = DocumentReader & DocumentWriter;

/** A saved application form: what was typed, as typed, under the RM who saved it. */
export interface Draft {
  draftId: string;
  /** The form's controls by name, JSON (functions/shared/application-form/values.ts). */
  form: string;
  /** The borrower's name as typed, to list it by. */
  label: string;
  savedAt: string;
}

/** Port `drafts`: an RM's own drafts, newest first. */
export interface DraftReader {
  list(userId: string): Promise<Draft[]>;
  get(userId: string, draftId: string): Promise<Draft | undefined>;
}

/** Port `draftWrites`: a draft saved (again: replaced whole). Drafts expire on their own (TTL). */
export interface DraftWriter {
  save(userId: string, draft: Draft): Promise<void>;
}

/** Port `directory`: users, roles and e-mails per branch (see directory.ts). */
export type DirectoryPort = Directory;

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Delivery metadata (SES message tags) for tracing a mail back to a case; never shown to the reader. */
  tags?: Record<string, string>;
}

/** Port `mailer`: one e-mail out. Adapters refuse and neutralise the same mails (functions/adapters/sendable-mail.ts). */
export interface MailerPort {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** Port `links`: the key that signs and verifies approval links and forms. */
export interface LinkKeys {
  signingKey(): Buffer;
  /** How long an e-mailed link stays valid beyond the stage's SLA. */
  graceSeconds: number;
}

/** Port `site`: where the product is reached, for the links in mails. */
export interface Site {
  publicBaseUrl: string;
}

/** Port `workflowStarts`: a workflow run of a case version, by its run name (workflowRunName). */
export interface WorkflowStarts {
  startExecution(
    name: string,
    input: { caseId: string; caseVersion: number },
  ): Promise<{ executionArn: string }>;
}

export type TaskDelivery = "DELIVERED" | "ALREADY_CLOSED";

/** Port `taskAnswers`: a stage's outcome to the run waiting on it; a closed task is not an error. */
export interface TaskAnswers {
  sendOutcome(taskToken: string, outcome: Decision): Promise<TaskDelivery>;
}

/** Port `workflowRuns`: the workflow runs of a case as the engine knows them, by run name. */
export interface WorkflowRuns {
  status(name: string): Promise<RunStatus>;
  stop(name: string, cause: string): Promise<void>;
}

/** The STATE item as stored: the projection with the head of the hash chain. */
export interface StoredCaseState {
  caseId: string;
  status: string;
  /** Number of events in the trail, which is also the seq of the last one. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Hash of the last event: where the next append chains on, and a check against the trail. */
  headHash: string;
  projection: Record<string, unknown>;
}

/** A case's partition as it is stored: every event item in key order, and its STATE item. */
export interface CaseTrail {
  caseId: string;
  items: StoredItem[];
  /** The STATE item, unless it is missing or unreadable (then `stateProblem` says which). */
  state: StoredCaseState | undefined;
  stateProblem?: string;
}

/** Port `trails`: a case's trail for audit, item by item, trusting nothing it reads. */
export interface TrailReader {
  /** Undefined when the case has no items at all. */
  readTrail(caseId: string): Promise<CaseTrail | undefined>;
}

/** Port `digests`: the daily digests, written once where nobody can rewrite them. */
export interface DigestReader {
  /** For messages: `s3://bucket/digests/` or a folder path. */
  readonly location: string;
  /** Every digest's name, oldest first (names sort by the end of their period). */
  names(): Promise<string[]>;
  read(name: string): Promise<string | undefined>;
}

/** Port `digestWrites`: a new digest; false when one of that name exists (nothing is ever overwritten). */
export interface DigestWriter {
  create(name: string, text: string): Promise<boolean>;
}

/** An approved credit's monitoring trail as stored, item by item, for audit. */
export interface CreditTrail {
  creditId: string;
  items: StoredItem[];
}

/** Port `credits`: an approved credit's trail (its id is its case's), read strongly consistent. */
export interface CreditReader {
  /** Every event, oldest first; empty for a credit that has none yet. */
  events(creditId: string): Promise<AuditEvent[]>;
  /** The same, trusting nothing: a malformed item is described in its place. */
  trail(creditId: string): Promise<CreditTrail>;
}

export type CreditAppendResult = { ok: true; events: AuditEvent[] } | { ok: false; reason: "CONFLICT" };

/** Port `creditWrites`: appends to a credit's trail after the events read (CONFLICT when it moved on). */
export interface CreditWriter {
  append(
    creditId: string,
    after: readonly AuditEvent[],
    drafts: readonly EventDraft[],
  ): Promise<CreditAppendResult>;
}

/**
 * Port `domainEvents`: the bus other systems subscribe to (EventBridge on AWS). `publish` keeps the
 * order given and throws unless every event was accepted, so the caller's retry covers the rest.
 */
export interface DomainEventBus {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/** A counter of the book as stored: committed (`used`) and reserved amounts, decimal strings. */
export interface CounterState {
  used: string;
  reserved: string;
}

/** An exposure in the book, with the plan it was committed under. */
export interface BookedExposure {
  caseId: string;
  planId: string;
  planHash: string;
  exposure: Exposure;
  committedAt: string;
  /** Set when the credit closed or the case was withdrawn after approval: no longer in the book. */
  releasedAt?: string;
}

/**
 * Port `book`: the loan book as the table holds it (counters and committed exposures, read strongly
 * consistent) and the portfolio plans (the built-in versions, or PORTFOLIO_FILE's plan as default).
 */
export interface BookPort {
  plans: PortfolioRegistry;
  /** The named counters; a counter never written reads as zero. */
  counters(ids: readonly string[]): Promise<Record<string, CounterState>>;
  /** Every counter written so far. */
  allCounters(): Promise<Record<string, CounterState>>;
  /** Every exposure committed and not released. */
  exposures(): Promise<BookedExposure[]>;
}

/** Every port by its catalog name. The write kinds are ports too: grants a case writer is built with. */
export interface Ports {
  cases: CaseReader;
  caseWrites: CaseWriter<never>;
  caseQueue: CaseQueue;
  approvals: ApprovalReader;
  mailMarks: MailMarks;
  directory: DirectoryPort;
  mailer: MailerPort;
  links: LinkKeys;
  site: Site;
  workflowStarts: WorkflowStarts;
  taskAnswers: TaskAnswers;
  workflowRuns: WorkflowRuns;
  trails: TrailReader;
  digests: DigestReader;
  digestWrites: DigestWriter;
  credits: CreditReader;
  creditWrites: CreditWriter;
  idempotencyKeys: IdempotencyKeys;
  domainEvents: DomainEventBus;
  documents: DocumentReader;
  documentWrites: DocumentWriter;
  drafts: DraftReader;
  draftWrites: DraftWriter;
  book: BookPort;
}

export type PortName = keyof Ports | WriteKind;

export const PORT_NAMES = [
  "cases",
  "caseWrites",
  "caseQueue",
  "approvals",
  "mailMarks",
  "directory",
  "mailer",
  "links",
  "site",
  "workflowStarts",
  "taskAnswers",
  "workflowRuns",
  "trails",
  "digests",
  "digestWrites",
  "credits",
  "creditWrites",
  "idempotencyKeys",
  "domainEvents",
  "documents",
  "documentWrites",
  "drafts",
  "draftWrites",
  "book",
  ...WRITE_KINDS,
] as const satisfies readonly PortName[];

/** What every use case may have without declaring it: no configuration, grant or SDK behind them. */
export interface Clock {
  now(): Date;
  newId(prefix: string): string;
}

/** A structured log line's attributes: ids and counts, never a token, a signature or a link. */
export type LogAttributes = Record<string, string | number | boolean | undefined | string[]>;

export type MetricUnit = "Count" | "Milliseconds";

/**
 * What operators see of a use case: log lines (with the case and approval ids) and business
 * metrics. Like the clock it needs no declaration; Powertools implements it (functions/wiring/observe.ts).
 */
export interface Telemetry {
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  /** `error` is logged with its name, code, message and stack. */
  error(message: string, attributes?: LogAttributes, error?: unknown): void;
  /** One data point; `dimensions` split the metric (e.g. a stage decided by its outcome). */
  metric(name: MetricName, unit: MetricUnit, value: number, dimensions?: Record<string, string>): void;
}

/** The business metrics, by name: the dashboard and the alarms read these (infra/aws/constructs/observability.ts). */
export const METRICS = {
  casesSubmitted: "CasesSubmitted",
  stageDecided: "StageDecided",
  slaEscalations: "SlaEscalations",
  casesStalled: "CasesStalled",
  decisionLatency: "DecisionLatency",
  casesRepaired: "CasesRepaired",
  casesFailed: "CasesFailed",
} as const;
export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** A use case's dependencies: the ports it names, the clock and telemetry. */
export type Deps<K extends keyof Ports> = Pick<Ports, K> & Clock & { telemetry: Telemetry };

/** A writer allowed the write kinds `K`, under the name the use cases read it by. */
export interface Writes<K extends WriteKind> {
  caseWrites: CaseWriter<K>;
}
