import {
  approvalDeltas,
  CodedError,
  exposureOf,
  portfolioImpact,
  recordedAssessment,
  TransientError,
} from "../../../domain";
import type { Deps, Writes } from "../ports";
import { latestApplication } from "./assess";
import { recordedCheck } from "./book";

/** Puts the approved exposure in the book, or records that a cap had no headroom left for it. */
export type CommitExposureDeps = Deps<"cases" | "book"> & Writes<"bookCommit">;

const ATTEMPTS = 5;

/**
 * Step "commit exposure", when every stage has approved: the exposure of the approved amounts enters
 * the book in one transaction with the case's EXPOSURE_COMMITTED event, every counter update
 * conditional on its cap's headroom (a hard cap always; a soft cap unless head office approved the
 * case knowing it was past it). Two cases racing for the last headroom: DynamoDB serialises the two
 * transactions and exactly one commits; the other records PORTFOLIO_COMMIT_REFUSED naming the caps,
 * which sends it back to head office (`committed: false`). A case assessed before the book existed
 * has nothing to commit. A retried step finds its commit recorded.
 */
export async function commitExposureStep(deps: CommitExposureDeps, input: { caseId: string }) {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const loaded = await deps.cases.load(input.caseId);
    if (!loaded) throw new CodedError("CASE_NOT_FOUND", `case ${input.caseId} does not exist`);
    const { state, events } = loaded;
    const record = recordedCheck(events, state.caseVersion);
    if (!record || state.book?.state === "COMMITTED") return { committed: true };
    const assessment = recordedAssessment(events, state.caseVersion);
    if (!assessment) throw new CodedError("ASSESSMENT_MISSING", `case ${input.caseId} has no assessment`);
    // Under the plan the case was checked with: the caps head office saw are the caps it is held to.
    const plan = deps.book.plans.get(record.planId);
    const exposure = exposureOf({
      caseId: input.caseId,
      application: latestApplication(events, state.caseVersion),
      assessment,
      approved: { at: deps.now().toISOString() },
    });
    const headOfficeApproved = state.stages.some((s) => s.stage === "HEAD_OFFICE" && s.outcome === "approve");
    const acknowledged = headOfficeApproved ? (state.book?.limits ?? []) : [];
    const deltas = approvalDeltas(plan, exposure, { acknowledged, reserved: record.exposure });
    const base = { state, count: state.eventCount };
    const committed = await deps.caseWrites.append(
      input.caseId,
      base,
      [
        {
          event: {
            type: "EXPOSURE_COMMITTED",
            payload: {
              caseVersion: state.caseVersion,
              planId: plan.id,
              planHash: plan.hash,
              exposure,
              acknowledged,
            },
          },
          actor: "system",
        },
      ],
      { commitExposure: { planId: plan.id, planHash: plan.hash, exposure, deltas } },
    );
    if (committed.ok) {
      deps.telemetry.info("exposure committed", { caseId: input.caseId, total: exposure.total });
      return { committed: true };
    }
    if (committed.reason === "CONFLICT") continue;
    // The caps that refused, with the book as it now stands (reservations hold no headroom at commit).
    const seen = await deps.book.counters(committed.counters);
    const used = Object.fromEntries(committed.counters.map((c) => [c, seen[c]?.used ?? "0.00"]));
    const refused = portfolioImpact(plan, used, {}, exposure).filter((i) =>
      committed.counters.includes(i.counter),
    );
    const noted = await deps.caseWrites.append(input.caseId, base, [
      {
        event: {
          type: "PORTFOLIO_COMMIT_REFUSED",
          payload: {
            caseVersion: state.caseVersion,
            planId: plan.id,
            planHash: plan.hash,
            refused: refused.map(({ cap, counter, limit, used, reserved, headroom, amount, hard }) => ({
              cap,
              counter,
              limit,
              used,
              reserved,
              headroom,
              amount,
              hard,
            })),
          },
        },
        actor: "system",
      },
    ]);
    if (!noted.ok) continue;
    deps.telemetry.warn("exposure refused by the book", {
      caseId: input.caseId,
      caps: refused.map((r) => r.cap),
    });
    return { committed: false };
  }
  throw new TransientError(
    "CASE_WRITE_CONFLICT",
    `case ${input.caseId}: still conflicting after ${ATTEMPTS} attempts`,
  );
}
