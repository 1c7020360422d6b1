import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from "@aws-sdk/client-dynamodb";
import { CodedError } from "../../../domain/errors";

/**
 * The single-table design as data: the local runtime creates the table from it and the CDK stack
 * mirrors it, so both runtimes agree on names, keys and indexes by construction.
 *
 * Items (pk / sk):
 *   CASE#<caseId>        / EVT#<seq 10 digits>   audit event, append-only, never expires
 *   CASE#<caseId>        / STATE                 projection; gsi1 = byStatus
 *   APPROVAL#<approvalId>/ APPROVAL              pending approval; gsi2 = byApprover; ttl
 *   APPID#<applicationId>/ LOCK                  at most one open case per application
 *   CREDIT#<caseId>      / EVT#<seq 10 digits>   an approved credit's monitoring trail, append-only
 *   IDEM#<caller>#<key>  / IDEMPOTENCY           a POST /cases Idempotency-Key and its case; ttl
 *   PORTFOLIO#COUNTERS   / <counter id>          the book's counter: used and reserved amounts
 *   PORTFOLIO#EXPOSURES  / <caseId>              an approved case's exposure in the book
 */

export const TABLE_NAME_ENV = "TABLE_NAME";

export const GSI_BY_STATUS = "byStatus";
export const GSI_BY_APPROVER = "byApprover";
/** Epoch seconds; set only on approval and idempotency items so the audit trail never expires. */
export const TTL_ATTRIBUTE = "ttl";

export interface ItemKey {
  pk: string;
  sk: string;
}

export const STATE_SK = "STATE";
export const EVENT_SK_PREFIX = "EVT#";
export const APPROVAL_SK = "APPROVAL";
export const LOCK_SK = "LOCK";
export const IDEMPOTENCY_SK = "IDEMPOTENCY";

/**
 * Partition-key prefixes, one per kind of item. IAM grants are scoped by them (dynamodb:LeadingKeys),
 * which is what keeps UpdateItem away from the partitions that hold audit events.
 */
export const CASE_PK_PREFIX = "CASE#";
export const APPROVAL_PK_PREFIX = "APPROVAL#";
export const LOCK_PK_PREFIX = "APPID#";
/** An approved credit's own trail (snapshots, warnings, classification), apart from its case's. */
export const CREDIT_PK_PREFIX = "CREDIT#";
export const IDEMPOTENCY_PK_PREFIX = "IDEM#";
/** An RM's saved application forms: their own partition, so a grant on drafts reaches nothing else. */
export const DRAFT_PK_PREFIX = "DRAFT#";
/** The loan book (docs/portfolio.md): its counters and its exposures, one partition each. */
export const BOOK_PK_PREFIX = "PORTFOLIO#";
export const BOOK_COUNTERS_PK = `${BOOK_PK_PREFIX}COUNTERS`;
export const BOOK_EXPOSURES_PK = `${BOOK_PK_PREFIX}EXPOSURES`;

const SEQ_DIGITS = 10;

export function casePk(caseId: string): string {
  return `${CASE_PK_PREFIX}${caseId}`;
}

/** The partition of one case (its events and its STATE item), for queries. */
export function caseKey(caseId: string): { pk: string } {
  return { pk: casePk(caseId) };
}

/** Zero-padded so the sort key orders events numerically and the next seq collides on a race. */
export function eventSk(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq >= 10 ** SEQ_DIGITS) {
    throw new RangeError(`event seq out of range: ${seq}`);
  }
  return `${EVENT_SK_PREFIX}${String(seq).padStart(SEQ_DIGITS, "0")}`;
}

/** The seq an event sort key stands for, or null for a key the store never writes. */
export function seqOfEventSk(sk: string): number | null {
  const digits = sk.startsWith(EVENT_SK_PREFIX) ? sk.slice(EVENT_SK_PREFIX.length) : "";
  const seq = /^\d+$/.test(digits) ? Number(digits) : 0;
  // Only the exact key eventSk writes for that seq counts: no other padding, no suffix.
  return seq >= 1 && seq < 10 ** SEQ_DIGITS && eventSk(seq) === sk ? seq : null;
}

export function eventKey(caseId: string, seq: number): ItemKey {
  return { pk: casePk(caseId), sk: eventSk(seq) };
}

export function creditPk(creditId: string): string {
  return `${CREDIT_PK_PREFIX}${creditId}`;
}

export function creditEventKey(creditId: string, seq: number): ItemKey {
  return { pk: creditPk(creditId), sk: eventSk(seq) };
}

export function stateKey(caseId: string): ItemKey {
  return { pk: casePk(caseId), sk: STATE_SK };
}

export function approvalKey(approvalId: string): ItemKey {
  return { pk: `${APPROVAL_PK_PREFIX}${approvalId}`, sk: APPROVAL_SK };
}

export function applicationLockKey(applicationId: string): ItemKey {
  return { pk: `${LOCK_PK_PREFIX}${applicationId}`, sk: LOCK_SK };
}

/** Keys are per caller: two clients that happen to pick the same key never see each other's case. */
export function idempotencyItemKey(caller: string, key: string): ItemKey {
  return { pk: `${IDEMPOTENCY_PK_PREFIX}${caller}#${key}`, sk: IDEMPOTENCY_SK };
}

export function statusIndexPk(status: string): string {
  return `STATUS#${status}`;
}

/** byStatus keys: newest-updated first within a status when queried descending. */
export function statusIndexKeys(status: string, updatedAt: string, caseId: string) {
  return { gsi1pk: statusIndexPk(status), gsi1sk: `${updatedAt}#${caseId}` };
}

/** byApprover keys: the sort key starts with the status so an inbox is one begins_with query. */
export function approverIndexKeys(approverId: string, status: string, createdAt: string, approvalId: string) {
  return { gsi2pk: approverIndexPk(approverId), gsi2sk: `${status}#${createdAt}#${approvalId}` };
}

export function approverIndexPk(approverId: string): string {
  return `APPROVER#${approverId}`;
}

/** A plain pk/sk table on demand: the local runtime's own tables (outbox, Step Functions state). */
export function keyValueTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
  };
}

export function appTableDefinition(tableName: string): CreateTableCommandInput {
  const s = "S" as const;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: s },
      { AttributeName: "sk", AttributeType: s },
      { AttributeName: "gsi1pk", AttributeType: s },
      { AttributeName: "gsi1sk", AttributeType: s },
      { AttributeName: "gsi2pk", AttributeType: s },
      { AttributeName: "gsi2sk", AttributeType: s },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI_BY_STATUS,
        KeySchema: [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
      {
        IndexName: GSI_BY_APPROVER,
        KeySchema: [
          { AttributeName: "gsi2pk", KeyType: "HASH" },
          { AttributeName: "gsi2sk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  };
}

/** TTL is not part of CreateTable; it is switched on with a separate call after the table exists. */
export function appTableTtl(tableName: string): UpdateTimeToLiveCommandInput {
  return { TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } };
}

export function tableNameFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const name = env[TABLE_NAME_ENV];
  if (!name) throw new CodedError("TABLE_NAME_MISSING", `${TABLE_NAME_ENV} is not set`);
  return name;
}

export function draftPartition(userId: string): { pk: string } {
  return { pk: `${DRAFT_PK_PREFIX}${userId}` };
}

export function counterKey(counter: string): ItemKey {
  return { pk: BOOK_COUNTERS_PK, sk: counter };
}

export function exposureKey(caseId: string): ItemKey {
  return { pk: BOOK_EXPOSURES_PK, sk: caseId };
}
