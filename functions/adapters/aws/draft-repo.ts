import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Draft, DraftReader, DraftWriter } from "../../app/ports";
import { draftPartition, TTL_ATTRIBUTE } from "./table";

/** A draft nobody touched for this long is removed by the table's TTL. */
export const DRAFT_DAYS = 90;
/** The newest this many are listed; an RM with more has forgotten the rest (and TTL will too). */
const LISTED = 50;

function asDraft(item: Record<string, unknown> | undefined): Draft | undefined {
  if (!item || typeof item.sk !== "string" || typeof item.form !== "string") return undefined;
  return {
    draftId: item.sk,
    form: item.form,
    label: typeof item.label === "string" ? item.label : "",
    savedAt: typeof item.savedAt === "string" ? item.savedAt : "",
  };
}

/** Ports `drafts` and `draftWrites`: one item per draft in the RM's DRAFT# partition. */
export function createDraftRepo(deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): DraftReader & DraftWriter {
  const { client, tableName: TableName } = deps;
  return {
    async list(userId) {
      const { Items } = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": draftPartition(userId).pk },
          ConsistentRead: true,
        }),
      );
      return (Items ?? [])
        .flatMap((i) => asDraft(i) ?? [])
        .sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1))
        .slice(0, LISTED);
    },
    async get(userId, draftId) {
      const { Item } = await client.send(
        new GetCommand({ TableName, Key: { ...draftPartition(userId), sk: draftId }, ConsistentRead: true }),
      );
      return asDraft(Item);
    },
    async save(userId, draft) {
      const expires = Math.floor(Date.parse(draft.savedAt) / 1000) + DRAFT_DAYS * 86_400;
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            ...draftPartition(userId),
            sk: draft.draftId,
            form: draft.form,
            label: draft.label,
            savedAt: draft.savedAt,
            [TTL_ATTRIBUTE]: expires,
          },
        }),
      );
    },
  };
}
