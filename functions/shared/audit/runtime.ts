import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { POLICIES } from "../../../domain";
import { loadDirectoryFile } from "../directory-file";
import { createDocumentClient } from "../dynamo-client";
import type { AuditDeps } from "./case-audit";
import { digestStoreFromEnv } from "./digest-store-from-env";
import { createTrailReader } from "./trails";

/** What the audit functions read; the digest store is DIGEST_BUCKET (AWS) or DIGEST_DIR (local). */
const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  DIRECTORY_FILE: z.string().min(1),
  DIGEST_BUCKET: z.string().min(3).optional(),
  DIGEST_DIR: z.string().min(1).optional(),
});

export function readAuditConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`audit configuration is invalid: ${problems}`);
  }
  return parsed.data;
}

export function buildAuditDeps(
  env: NodeJS.ProcessEnv = process.env,
  client: DynamoDBDocumentClient = createDocumentClient(),
): AuditDeps {
  const config = readAuditConfig(env);
  return {
    trails: createTrailReader({ client, tableName: config.TABLE_NAME }),
    digests: digestStoreFromEnv(env),
    policies: POLICIES,
    directory: loadDirectoryFile(config.DIRECTORY_FILE),
    now: () => new Date(),
  };
}

let built: AuditDeps | undefined;

/** Built once per cold start, like the workflow runtime: clients are reused by every invocation. */
export function auditRuntime(): AuditDeps {
  built ??= buildAuditDeps();
  return built;
}
