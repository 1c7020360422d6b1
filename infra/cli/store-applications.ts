import { DIGEST_EPOCH } from "../../domain";
import { createTrailReader } from "../../functions/shared/audit/trails";
import { createDocumentClient } from "../../functions/shared/dynamo-client";
import { tableNameFromEnv } from "../../functions/shared/table";
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
    const trails = createTrailReader({ client, tableName: tableNameFromEnv() });
    for (const caseId of await trails.casesChangedSince(DIGEST_EPOCH)) {
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
