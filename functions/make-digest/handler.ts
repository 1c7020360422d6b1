import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import type { DigestStore } from "../shared/audit/digest-store";
import { makeDueDigests } from "../shared/audit/make-digests";
import { auditRuntime } from "../shared/audit/runtime";
import { ConfigError } from "../shared/store-errors";

const deps = auditRuntime();

function requireStore(store: DigestStore | null): DigestStore {
  if (!store) throw new ConfigError("DIGEST_STORE_MISSING", "make-digest needs DIGEST_BUCKET or DIGEST_DIR");
  return store;
}
const digests = requireStore(deps.digests);

/** A digest recorded trails that did not verify: the run fails after writing, so the alarm fires. */
export class TrailProblemsError extends Error {
  override readonly name = "TrailProblemsError";
  readonly code = "TRAILS_DID_NOT_VERIFY";
}

/** Daily at 00:05 UTC: the digest of every day not yet digested, chained to the one before. */
async function lambdaHandler(_event: ScheduledEvent) {
  const made = await makeDueDigests({ trails: deps.trails, digests, now: deps.now });
  console.log(JSON.stringify({ level: "info", message: "digests made", location: digests.location, made }));
  const problems = made.flatMap((m) =>
    m.problems.map((p) => `${m.name}: case ${p.caseId} event ${p.seq} ${p.kind}`),
  );
  if (problems.length > 0) {
    throw new TrailProblemsError(
      `trails that did not verify were recorded in the digest: ${problems.join("; ")}`,
    );
  }
  return { made: made.map((m) => m.name) };
}

export const handler = middy(lambdaHandler);
