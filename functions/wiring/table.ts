import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import * as z from "../../domain/zod";
import type { CaseTable } from "../adapters/aws/case-repo";
import { createCaseStore } from "../adapters/aws/case-store";
import { createDocumentClient } from "../adapters/aws/dynamo-client";
import { ENV, readEnv } from "./config";

const schema = z.object({ [ENV.tableName]: z.string().check(z.minLength(1)) });

let client: DynamoDBDocumentClient | undefined;
let shared: CaseTable | undefined;

/**
 * One document client per process, built at the first port that needs it. Its endpoint comes from
 * the standard AWS_ENDPOINT_URL_DYNAMODB, which only the embedded runtime sets.
 */
export function documentClient(): DynamoDBDocumentClient {
  client ??= createDocumentClient();
  return client;
}

/** The case table of every table port of this process. */
export function caseTable(): CaseTable {
  if (!shared) {
    const tableName = readEnv(schema, "table")[ENV.tableName];
    const client = documentClient();
    shared = { client, tableName, store: createCaseStore({ client, tableName }) };
  }
  return shared;
}
