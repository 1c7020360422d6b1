/** Post-loan monitoring: snapshot → warning, and the rules the warning workflow enforces on a credit. */
export { type CreditViolation, type CreditViolationCode, checkCreditTrail } from "./check";
export { circleContagion, contagionFrom, inCircleDefault } from "./circle";
export {
  classificationClock,
  creditFloor,
  type DecisionProblem,
  decisionProblems,
  dueClassificationEvents,
  proposalProblem,
} from "./classification";
export { afterDays, SECONDS_PER_DAY } from "./clock";
export { type Covenant, covenantsFor } from "./covenants";
export * from "./credit-events";
export type { ClassificationRecord, CreditState } from "./credit-state";
export { evaluateSnapshot, serializeWarning } from "./evaluate";
export {
  closeExitPlanProblem,
  exitPlanOpen,
  exitPlanProblems,
  exitPlanReason,
  limitChangeProblem,
  milestoneProblem,
  reductionProblem,
} from "./exit-plan";
export { classificationFloor } from "./floor";
export { applyCreditEvent, creditStateAt, foldCreditEvents } from "./fold";
export { parseSnapshot } from "./parse";
export { type Cadence, endOfDay, inPeriod, type Period, periodOf } from "./periods";
export { hasMonitoring, monitoringOf } from "./policy";
export {
  type ClassificationRow,
  classificationReport,
  missingSnapshots,
  reportsDue,
  type WarningRow,
  warningList,
} from "./reports";
export { type MonitorOutcome, monitorSnapshot } from "./run";
export { type EvaluationContext, signalsOf } from "./signals";
export { type Snapshot, snapshotSchema } from "./snapshot-schema";
export { responseDays, tierOf } from "./tier";
export * from "./types";
export {
  clearingProblem,
  dueWarningEvents,
  evaluationContext,
  type ResponseStatus,
  responsePlan,
  responseProblem,
  responseStatus,
  snapshotEvents,
} from "./warning-rules";
