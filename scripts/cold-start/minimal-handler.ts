import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

/**
 * The yardstick of `npm run bench:cold-start`: the least a function that reads one DynamoDB item can
 * load — the document client and a handler — bundled with the same options as the catalog's.
 */
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) => {
  const out = await client.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `CASE#${event.id}`, sk: "STATE" } }),
  );
  return out.Item ?? null;
};
