import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { CodedError } from "../../domain/errors";
import { makeDueDigests } from "../app/audit/make-digests";
import { caseQueue } from "../wiring/case-queue";
import { systemClock } from "../wiring/clock";
import { digestWriter } from "../wiring/digest-writes";
import { digestReader } from "../wiring/digests";
import { observe } from "../wiring/observe";
import { trailReader } from "../wiring/trails";

const observed = observe("make-digest");
const deps = {
  trails: trailReader(),
  caseQueue: caseQueue(),
  digests: digestReader(),
  digestWrites: digestWriter(),
  now: systemClock.now,
};

/**
 * Daily at 00:05 UTC: the digest of every day not yet digested, chained to the one before. A digest
 * that recorded trails that did not verify fails the run after writing, so the alarm fires.
 */
async function lambdaHandler(_event: ScheduledEvent) {
  const made = await makeDueDigests(deps);
  observed.telemetry.info("digests made", {
    location: deps.digests.location,
    made: made.map((m) => m.name),
    cases: made.reduce((n, m) => n + m.cases, 0),
  });
  const problems = made.flatMap((m) =>
    m.problems.map((p) => `${m.name}: case ${p.caseId} event ${p.seq} ${p.kind}`),
  );
  if (problems.length > 0) {
    throw new CodedError(
      "TRAILS_DID_NOT_VERIFY",
      `trails that did not verify were recorded in the digest: ${problems.join("; ")}`,
    );
  }
  return { made: made.map((m) => m.name) };
}

export const handler = middy(lambdaHandler).use(observed.middleware());
