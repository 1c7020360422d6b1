import {
  type Application,
  type Assessment,
  circleThroughBorrower,
  contributionsOf,
  exposureOf,
  type Finding,
  guaranteeCircleFinding,
  type PortfolioCheckRecord,
  type RecordedEvent,
  recordPortfolioCheck,
  reservationDeltas,
} from "../../../domain";
import type { BookPort, ReservationMove } from "../ports";

/**
 * The case checked against the book under the default plan: book (committed) + open reservations +
 * itself, for every counter its exposure adds to. The record goes into CASE_ASSESSED; the moves reserve
 * its amounts in the same transaction (a reservation shows pending demand; it holds no headroom).
 */
export async function checkAgainstBook(
  book: BookPort,
  caseId: string,
  application: Application,
  assessment: Assessment,
): Promise<{
  record: PortfolioCheckRecord;
  reserve: ReservationMove[];
  circle: Finding<"GUARANTEE_CIRCLE"> | undefined;
}> {
  const plan = book.plans.get();
  const exposure = exposureOf({ caseId, application, assessment });
  const ids = contributionsOf(plan, exposure).map((c) => c.counter);
  const seen = await book.counters(ids);
  const used = Object.fromEntries(ids.map((id) => [id, seen[id]?.used ?? "0.00"]));
  const reserved = Object.fromEntries(ids.map((id) => [id, seen[id]?.reserved ?? "0.00"]));
  const record = recordPortfolioCheck(plan, used, reserved, exposure);
  // Guarantee circles across the book: the open exposures' guarantees plus this application's. (One
  // query of the exposures' partition per assessment; a much larger book would keep its edges apart.)
  const open = (await book.exposures()).filter((e) => e.caseId !== caseId).map((e) => e.exposure);
  const found = circleThroughBorrower({ exposures: open }, application, caseId);
  return {
    record,
    reserve: reservationDeltas(plan, exposure),
    circle: found ? guaranteeCircleFinding(found) : undefined,
  };
}

/** The check recorded with the assessment of `caseVersion`, if the case was checked against the book. */
export function recordedCheck(
  events: readonly RecordedEvent[],
  caseVersion: number,
): PortfolioCheckRecord | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "CASE_ASSESSED" && e.payload.caseVersion === caseVersion) return e.payload.portfolio;
  }
  return undefined;
}

/** The moves that take a case's reservation back off the reserved amounts. */
export function releaseOf(book: BookPort, record: PortfolioCheckRecord): ReservationMove[] {
  return reservationDeltas(book.plans.get(record.planId), record.exposure, -1);
}
