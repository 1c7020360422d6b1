import { FUNCTIONS } from "../catalog";

export type TableAccess = "read" | "read-write";

/** "write" includes "read": the digest job lists and reads the chain it extends. */
export type DigestAccess = "read" | "write";

/** What one function may touch beyond its own logs; every grant in the stack is derived from this table. */
export interface Capabilities {
  /** "reconcile": only the reads and writes of the reconciler, key by key (constructs/reconciler-grants.ts). */
  table: TableAccess | "reconcile";
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

/**
 * Read from the handlers, not guessed: the read-only routes never write (GET approval pages are
 * prefetched by mail scanners), open-stage answers its own token when it reconciles a stage that was
 * decided before it ran (functions/shared/workflow/steps.ts), escalate re-signs links for the backup.
 * The audit side: case-audit reads digests to mark which events are anchored; make-digest reads the
 * case table and the last digest, and writes the new one. Neither ever writes the table.
 */
export const CAPABILITIES: Readonly<Record<string, Capabilities>> = {
  "submit-case": { table: "read-write", startsExecutions: true },
  "list-cases": { table: "read" },
  "get-case": { table: "read" },
  "resubmit-case": { table: "read-write", startsExecutions: true },
  "case-history": { table: "read" },
  "case-audit": { table: "read", digests: "read" },
  "approval-page": { table: "read", signsLinks: true },
  "approval-decision": { table: "read-write", signsLinks: true, answersTasks: true },
  "assess-case": { table: "read-write" },
  "next-stage": { table: "read-write" },
  "open-stage": { table: "read-write", mails: true, signsLinks: true, answersTasks: true },
  escalate: { table: "read-write", mails: true, signsLinks: true },
  "finalize-case": { table: "read-write", mails: true },
  "record-failure": { table: "read-write", mails: true },
  "make-digest": { table: "read", digests: "write" },
  "reconcile-cases": {
    table: "reconcile",
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
