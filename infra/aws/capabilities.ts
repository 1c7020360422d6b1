import { FUNCTIONS } from "../catalog";

/**
 * The kinds of item in the single table, told apart by the prefix of their partition key
 * (functions/shared/table.ts): "case" is a case's partition, its audit events and its STATE
 * projection; "approval" a pending or settled approval; "lock" an application's lock.
 */
export type ItemFamily = "case" | "approval" | "lock";

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
  /** Query of the byStatus index: the credit-admin queue and the digest's "changed since". */
  listsByStatus?: true;
  /** PutItem: new items (events, approvals, locks) and the STATE projection, which is always replaced whole. */
  puts?: readonly ItemFamily[];
  /** UpdateItem: approval status moves and lock releases. Never "case". */
  updates?: readonly Exclude<ItemFamily, "case">[];
  /** Limits those updates to these attributes (`dynamodb:Attributes`); absent: any attribute. */
  updateAttributes?: readonly string[];
}

/** "write" includes "read": the digest job lists and reads the chain it extends. */
export type DigestAccess = "read" | "write";

/** What one function may touch beyond its own logs; every grant in the stack is derived from this table. */
export interface Capabilities {
  /** Absent: the function never touches the table (the 405 answer). */
  table?: TableAccess;
  /** Sends mail through SES from the stack's identity. */
  mails?: true;
  /** Signs or verifies approval links, so it reads the signing key. */
  signsLinks?: true;
  /** Starts executions of the approval state machine. */
  startsExecutions?: true;
  /** Answers the state machine's task tokens (SendTaskSuccess/Failure/Heartbeat). */
  answersTasks?: true;
  /**
   * Reads (lists, gets) or also writes the daily audit digests in the Object Lock bucket; writes are
   * new objects only, never overwrites or deletes (the lock would refuse them anyway).
   */
  digests?: DigestAccess;
  /** Describes and stops the state machine's executions (the reconciler, for runs that are stuck). */
  repairsRuns?: true;
}

/** Reads a case's partition (events and STATE) and nothing else. */
const READS_CASES: TableAccess = { reads: ["case"] };

/**
 * Read from the handlers, not guessed: the read-only routes never write (GET approval pages are
 * prefetched by mail scanners), open-stage answers its own token when it reconciles a stage that was
 * decided before it ran (functions/shared/workflow/steps.ts), escalate re-signs links for the backup.
 * Every case write appends events and replaces STATE (puts on "case"); approvals are put when a stage
 * opens and updated when decided, superseded or rebound (workflow/case-repo-dynamo.ts); the lock is
 * put by a submission and updated when released (application-lock.ts), which a failed start does too
 * (workflow/submit.ts). The audit side: case-audit reads digests to mark which events are anchored;
 * make-digest reads the case table and the last digest, and writes the new one. Neither writes the table.
 */
export const CAPABILITIES: Readonly<Record<string, Capabilities>> = {
  "submit-case": {
    table: { reads: ["case"], puts: ["case", "lock"], updates: ["lock"] },
    startsExecutions: true,
  },
  "list-cases": { table: { listsByStatus: true } },
  "get-case": { table: READS_CASES },
  "resubmit-case": {
    table: { reads: ["case"], puts: ["case"], updates: ["lock"] },
    startsExecutions: true,
  },
  "case-history": { table: READS_CASES },
  "case-audit": { table: READS_CASES, digests: "read" },
  "approval-page": { table: { reads: ["approval", "case"] }, signsLinks: true },
  // Public (an e-mailed link): its own approval and its case, nothing else; never a lock or another item.
  "approval-decision": {
    table: { reads: ["approval", "case"], puts: ["case"], updates: ["approval"] },
    signsLinks: true,
    answersTasks: true,
  },
  "assess-case": { table: { reads: ["case"], puts: ["case"] } },
  "next-stage": { table: { reads: ["case"], puts: ["case"] } },
  "open-stage": {
    table: { reads: ["case", "approval"], puts: ["case", "approval"], updates: ["approval"] },
    mails: true,
    signsLinks: true,
    answersTasks: true,
  },
  escalate: {
    table: { reads: ["case", "approval"], puts: ["case"], updates: ["approval"] },
    mails: true,
    signsLinks: true,
  },
  "finalize-case": { table: { reads: ["case"], puts: ["case"], updates: ["lock"] }, mails: true },
  "record-failure": {
    table: { reads: ["case", "approval"], puts: ["case"], updates: ["approval", "lock"] },
    mails: true,
  },
  "make-digest": { table: { reads: ["case"], listsByStatus: true }, digests: "write" },
  "method-not-allowed": {},
  // Lists the in-flight statuses, reads a case and its approvals, appends CASE_RECOVERED (and the
  // restarted run's events), marks re-sent approvals as mailed (workflow/reconcile.ts).
  "reconcile-cases": {
    table: {
      reads: ["case", "approval"],
      puts: ["case"],
      updates: ["approval"],
      updateAttributes: ["mailedAt"],
      listsByStatus: true,
    },
    mails: true,
    signsLinks: true,
    startsExecutions: true,
    repairsRuns: true,
  },
};

/** A catalog function without an entry here (or a stale entry) fails the synth instead of deploying ungranted. */
export function capabilitiesOf(name: string): Capabilities {
  const caps = CAPABILITIES[name];
  if (!caps) throw new Error(`infra/aws/capabilities.ts has no entry for the catalog function ${name}`);
  return caps;
}

export function assertCapabilitiesMatchCatalog(): void {
  const names = new Set(FUNCTIONS.map((f) => f.name));
  const stale = Object.keys(CAPABILITIES).filter((n) => !names.has(n));
  if (stale.length > 0) throw new Error(`capabilities for functions not in the catalog: ${stale.join(", ")}`);
  for (const name of names) capabilitiesOf(name);
}
