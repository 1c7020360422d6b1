import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { POLICIES } from "../../domain";
import { createCaseQueue } from "../../functions/adapters/aws/case-repo";
import { createCaseStore } from "../../functions/adapters/aws/case-store";
import { createCreditReader } from "../../functions/adapters/aws/credit-store";
import { loadDirectoryFile } from "../../functions/adapters/aws/directory-file";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { createTrailReader } from "../../functions/adapters/aws/trails";
import type { AuditDeps } from "../../functions/app/audit/case-audit";
import type { CaseQueue, CreditReader, DigestReader, DigestWriter } from "../../functions/app/ports";
import { digestStoreFromEnv } from "../../functions/wiring/digest-store";

/** What `npm run audit` reads; the digest store is DIGEST_BUCKET (AWS) or DIGEST_DIR (local), or none. */
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

export interface CliAuditDeps extends AuditDeps {
  caseQueue: CaseQueue;
  /** Monitored credits' trails (CREDIT#<caseId>), verified and checked beside their cases'. */
  credits: CreditReader;
  /** The digest store when one is configured: the CLI both reads it and (audit digest) adds to it. */
  store: (DigestReader & DigestWriter) | null;
}

/** The audit CLI's composition: the same adapters the audit functions use, built from the environment. */
export function buildAuditDeps(
  env: NodeJS.ProcessEnv = process.env,
  client: DynamoDBDocumentClient = createDocumentClient(),
): CliAuditDeps {
  const config = readAuditConfig(env);
  const table = { client, tableName: config.TABLE_NAME };
  const store = digestStoreFromEnv(env);
  return {
    trails: createTrailReader(table),
    caseQueue: createCaseQueue({ store: createCaseStore(table) }),
    credits: createCreditReader(table),
    digests: store,
    store,
    policies: POLICIES,
    directory: loadDirectoryFile(config.DIRECTORY_FILE),
    now: () => new Date(),
  };
}
