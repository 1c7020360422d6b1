import type { PortName } from "../../functions/app/ports";
import { ENV } from "../../functions/wiring/config";
import { FUNCTIONS } from "../catalog";

/**
 * What each port needs on AWS: the environment variables its wiring module reads, and the grants its
 * adapter's calls need. A function gets the union over the ports its catalog entry names, and nothing
 * else: every variable and every grant of a function in the stack is derived here.
 */

/**
 * The kinds of item in the single table, told apart by the prefix of their partition key
 * (functions/adapters/aws/table.ts): "case" is a case's partition, its audit events and its STATE
 * projection; "approval" a pending or settled approval; "lock" an application's lock; "credit" an
 * approved credit's monitoring trail (append-only like a case's: put, never updated); "idempotency" a
 * POST /cases Idempotency-Key and the case it created; "draft" an RM's saved application form; "book" the loan book's counters and exposures.
 */
export type ItemFamily = "case" | "approval" | "lock" | "credit" | "idempotency" | "draft" | "book";

/**
 * What a function may do to the table, by item family; each grant is limited with the
 * `dynamodb:LeadingKeys` condition to the partitions of the families named. No function may Scan,
 * DeleteItem or BatchWriteItem at all, and the type below leaves no way to grant UpdateItem on "case":
 * the audit events are append-only by IAM. (PutItem on "case" is how events and STATE are written;
 * IAM has no condition on a request's ConditionExpression, so an overwrite of an existing event is
 * prevented by the store's `attribute_not_exists(sk)` and caught by the hash chain and the digests.)
 */
export interface TableAccess {
  /** GetItem, BatchGetItem and Query on these families. */
  reads?: readonly ItemFamily[];
  /** Query of the byStatus index: the credit-admin queue, the reconciler, the digest's "changed since". */
  listsByStatus?: true;
  /** PutItem: new items (events, approvals, locks) and the STATE projection, which is always replaced whole. */
  puts?: readonly ItemFamily[];
  /** UpdateItem per family, of any attribute or of the ones listed (`dynamodb:Attributes`). Never "case". */
  updates?: Partial<Record<Exclude<ItemFamily, "case" | "credit">, "any" | readonly string[]>>;
}

/** "write" includes "read": the digest job lists and reads the chain it extends. */
export type DigestAccess = "read" | "write";

/** What one port (or a whole function, merged) needs beyond its own logs. */
export interface Needs {
  /** The variables the port's wiring module reads (functions/wiring/config.ts ENV). */
  env?: readonly string[];
  table?: TableAccess;
  /** The directory JSON copied beside the bundle. */
  directoryFile?: true;
  /** Sends mail through SES from the stack's identity. */
  mails?: true;
  /** Reads the link-signing key from its secret. */
  signsLinks?: true;
  /** Starts executions of the approval state machine. */
  startsExecutions?: true;
  /** Answers the state machine's task tokens (SendTaskSuccess/Failure/Heartbeat). */
  answersTasks?: true;
  /** Describes and stops the state machine's executions (the reconciler, for runs that are stuck). */
  repairsRuns?: true;
  /**
   * Reads (lists, gets) or also writes the daily audit digests in the Object Lock bucket; writes are
   * new objects only, never overwrites or deletes (the lock would refuse them anyway).
   */
  digests?: DigestAccess;
  /** Puts events on the stack's domain event bus. */
  publishesEvents?: true;
  /** Reads or also writes (new objects only) the case documents in the document bucket. */
  documents?: DigestAccess;
}

const TABLE = [ENV.tableName];

/**
 * Read from the adapters, not guessed: a case is read with a Query of its partition; an append reads
 * STATE for the chain head and puts the events and STATE; approvals are read with BatchGet, put when a
 * stage opens, updated when decided, superseded or rebound (functions/adapters/aws/case-repo.ts); a mail mark
 * sets one attribute; the lock is put when taken and updated when released (application-lock.ts).
 */
export const PORT_NEEDS: Readonly<Record<PortName, Needs>> = {
  cases: { env: TABLE, table: { reads: ["case"] } },
  caseWrites: { env: TABLE, table: { reads: ["case"], puts: ["case"] } },
  caseQueue: { env: TABLE, table: { listsByStatus: true } },
  approvals: { env: TABLE, table: { reads: ["approval"] } },
  approvalOpening: { table: { puts: ["approval"] } },
  approvalSettling: { table: { reads: ["approval"], updates: { approval: "any" } } },
  mailMarks: { env: TABLE, table: { updates: { approval: ["mailedAt"] } } },
  lockTake: { table: { puts: ["lock"] } },
  lockRelease: { table: { updates: { lock: "any" } } },
  idempotencyKeys: { env: TABLE, table: { reads: ["idempotency"] } },
  idempotencyRecord: { table: { puts: ["idempotency"] } },
  domainEvents: { env: [ENV.eventBusName], publishesEvents: true },
  trails: { env: TABLE, table: { reads: ["case"] } },
  directory: { env: [ENV.directoryFile], directoryFile: true },
  // The outbox needs no grant: it exists only in the embedded runtime.
  mailer: { env: [ENV.mailer, ENV.mailFrom], mails: true },
  links: { env: [ENV.linkSigningSecretArn], signsLinks: true },
  site: { env: [ENV.publicBaseUrl] },
  workflowStarts: { env: [ENV.stateMachineArn], startsExecutions: true },
  // A task token names its run: no ARN in the environment, the grant is on the state machine.
  taskAnswers: { answersTasks: true },
  workflowRuns: { env: [ENV.stateMachineArn], repairsRuns: true },
  digests: { env: [ENV.digestBucket], digests: "read" },
  digestWrites: { env: [ENV.digestBucket], digests: "write" },
  credits: { env: TABLE, table: { reads: ["credit"] } },
  creditWrites: { env: TABLE, table: { puts: ["credit"] } },
  documents: { env: [ENV.documentBucket], documents: "read" },
  // DOCUMENT_MAX_BYTES is left at its default on AWS (functions/wiring/document-store.ts).
  documentWrites: { env: [ENV.documentBucket], documents: "write" },
  // An RM's saved forms, in DRAFT# partitions: read with Query/GetItem, saved with PutItem.
  drafts: { env: TABLE, table: { reads: ["draft"] } },
  draftWrites: { env: TABLE, table: { puts: ["draft"] } },
  // The book (functions/adapters/aws/book.ts): counters and exposures are read with a Query of their
  // partition; a reservation ADDs to `reserved`; a commit puts the exposure and ADDs to both amounts.
  book: { env: TABLE, table: { reads: ["book"] } },
  bookReserve: { table: { updates: { book: ["reserved"] } } },
  bookCommit: { table: { puts: ["book"], updates: { book: ["used", "reserved"] } } },
};

const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined =>
  a || b ? [...new Set([...(a ?? []), ...(b ?? [])])].sort() : undefined;

function mergeUpdates(a: TableAccess["updates"], b: TableAccess["updates"]): TableAccess["updates"] {
  if (!a || !b) return a ?? b;
  const out: NonNullable<TableAccess["updates"]> = { ...a };
  for (const [family, attrs] of Object.entries(b) as [
    Exclude<ItemFamily, "case" | "credit">,
    "any" | string[],
  ][]) {
    const have = out[family];
    // Any attribute wins over a list: the statement cannot be narrower than its widest port.
    out[family] = have === undefined ? attrs : have === "any" || attrs === "any" ? "any" : union(have, attrs);
  }
  return out;
}

function mergeTable(a: TableAccess | undefined, b: TableAccess | undefined): TableAccess | undefined {
  if (!a || !b) return a ?? b;
  const listsByStatus = a.listsByStatus ?? b.listsByStatus;
  const updates = mergeUpdates(a.updates, b.updates);
  const reads = union(a.reads, b.reads);
  const puts = union(a.puts, b.puts);
  return {
    ...(reads ? { reads } : {}),
    ...(listsByStatus ? { listsByStatus } : {}),
    ...(puts ? { puts } : {}),
    ...(updates ? { updates } : {}),
  };
}

/** The needs of a function that builds `ports`: the union of theirs. */
export function needsOf(ports: readonly PortName[]): Needs {
  let out: Needs = {};
  for (const port of ports) {
    const n = PORT_NEEDS[port];
    const digests = out.digests === "write" || n.digests === "write" ? "write" : (out.digests ?? n.digests);
    const documents =
      out.documents === "write" || n.documents === "write" ? "write" : (out.documents ?? n.documents);
    out = {
      ...out,
      ...n,
      env: union(out.env, n.env),
      table: mergeTable(out.table, n.table),
      ...(digests ? { digests } : {}),
      ...(documents ? { documents } : {}),
    };
    if (!out.env) delete out.env;
    if (!out.table) delete out.table;
  }
  return out;
}

/** The needs of the catalog function `name`. */
export function needsOfFunction(name: string): Needs {
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new Error(`no catalog function ${name}`);
  return needsOf(spec.ports);
}
