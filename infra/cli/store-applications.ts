import { DIGEST_EPOCH } from "../../domain";
import { createCaseStore } from "../../functions/adapters/aws/case-store";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { tableNameFromEnv } from "../../functions/adapters/aws/table";
import { createTrailReader } from "../../functions/adapters/aws/trails";
import { useLocalStoreUnlessConfigured } from "./store-environment";

/**
 * The latest application of every case in the store (its last CASE_SUBMITTED event: a resubmission
 * replaces the earlier versions), one case at a time in case-id order. Cases are found through the
 * status index, never a scan, as the audit tools find them.
 */
export async function* storeApplications(): AsyncGenerator<{ label: string; application: unknown }> {
  useLocalStoreUnlessConfigured();
  const client = createDocumentClient();
  try {
    const table = { client, tableName: tableNameFromEnv() };
    const trails = createTrailReader(table);
    for (const caseId of await createCaseStore(table).changedSince(DIGEST_EPOCH)) {
      const trail = await trails.readTrail(caseId);
      const submitted = (trail?.items ?? [])
        .map((item) => item.event)
        .filter((e) => e?.type === "CASE_SUBMITTED")
        .at(-1);
      const application = (submitted?.payload as { application?: unknown } | undefined)?.application;
      if (application !== undefined) yield { label: `case ${caseId}`, application };
    }
  } finally {
    client.destroy();
  }
}
