import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditEvent, chainEvents, type EventDraft, genesisHead } from "../../../domain/audit/chain";
import { CodedError } from "../../../domain/errors";
import type { CreditReader, CreditTrail, CreditWriter } from "../../app/ports";
import { parseEventItem, readEventItem } from "./case-items";
import { MAX_TRANSACT_ITEMS, queryAll } from "./dynamo-client";
import { creditEventKey, creditPk, EVENT_SK_PREFIX, seqOfEventSk } from "./table";
import { transactionConflict } from "./transaction-outcome";

interface Deps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

async function creditItems(deps: Deps, creditId: string): Promise<Record<string, unknown>[]> {
  return queryAll(deps.client, {
    TableName: deps.tableName,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :evt)",
    ExpressionAttributeValues: { ":pk": creditPk(creditId), ":evt": EVENT_SK_PREFIX },
    ConsistentRead: true,
    ScanIndexForward: true,
  });
}

/**
 * A credit's trail: hash-chained events under CREDIT#<caseId>, the case trail's item shape (the chain's
 * `caseId` field holds the credit's id), read strongly consistent.
 */
export function createCreditReader(deps: Deps): CreditReader {
  return {
    async events(creditId) {
      return (await creditItems(deps, creditId)).map(parseEventItem);
    },
    async trail(creditId): Promise<CreditTrail> {
      return {
        creditId,
        items: (await creditItems(deps, creditId)).map((item) => {
          const sk = String(item.sk);
          const read = readEventItem(item);
          return {
            key: sk,
            position: seqOfEventSk(sk),
            event: "event" in read ? read.event : null,
            ...("malformed" in read ? { malformed: read.malformed } : {}),
          };
        }),
      };
    },
  };
}

/**
 * Appends to a credit's trail after the events the caller read: each event is put on condition that
 * its seq is new, so of two writers that read the same trail only one commits and the other gets
 * CONFLICT (and decides again on the longer trail). No projection item: a credit is folded from its
 * events on every read, which a credit's few events a month make cheap.
 */
export function createCreditWriter(deps: Deps): CreditWriter {
  return {
    async append(creditId, after, drafts: readonly EventDraft[]) {
      if (drafts.length === 0) throw new CodedError("NO_EVENTS", "an append must record at least one event");
      if (drafts.length > MAX_TRANSACT_ITEMS)
        throw new CodedError("TOO_MANY_TRANSACT_ITEMS", `append exceeds ${MAX_TRANSACT_ITEMS} items`);
      const last = after.at(-1);
      const head = last ? { caseId: creditId, seq: last.seq, hash: last.hash } : genesisHead(creditId);
      const events: AuditEvent[] = chainEvents(head, drafts);
      try {
        await deps.client.send(
          new TransactWriteCommand({
            TransactItems: events.map((e) => ({
              Put: {
                TableName: deps.tableName,
                Item: { ...creditEventKey(creditId, e.seq), ...e },
                ConditionExpression: "attribute_not_exists(sk)",
              },
            })),
          }),
        );
      } catch (error) {
        if (transactionConflict(error)) return { ok: false, reason: "CONFLICT" };
        throw error;
      }
      return { ok: true, events };
    },
  };
}
