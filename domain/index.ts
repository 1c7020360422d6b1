/** The domain's public surface: what functions/ and infra/ may import. */

export { type InputProblem, jsonPath, parseApplication } from "./application/parse";
export type { Application } from "./application/schema";
export { applicationSchema } from "./application/schema";
export { assess } from "./assessment/assess";
export { type AssessOutcome, assessApplication, serializeAssessment } from "./assessment/run";
export * from "./assessment/types";
export * from "./audit/chain";
export * from "./audit/digest";
export {
  asRecorded,
  type Replay,
  type ReplayPoint,
  type ReplayStep,
  replay,
  stateChanges,
} from "./audit/replay";
export { type Reproduction, type ReproductionOutcome, reproduceAssessments } from "./audit/reproduce";
export { checkDecisions, type RuleContext, type Violation, type ViolationCode } from "./audit/rules";
export * from "./audit/verify";
export { canonicalJson, sha256Hex } from "./canonical-json";
export { type CommitteeOutcome, committeeOutcome } from "./case/committee";
export { applyEvent, foldEvents, summarize } from "./case/fold";
export {
  type Diagnosis,
  diagnose,
  IN_FLIGHT_STATUSES,
  type PendingApprovalFact,
  type RunStatus,
  workflowRunName,
} from "./case/recovery";
export { fourEyesViolation, nextStage, slaSeconds } from "./case/stages";
export * from "./case/types";
export { DomainError } from "./errors";
export type { Policy } from "./policy/policy";
export {
  BUILT_IN_POLICY_VERSIONS,
  createPolicyRegistry,
  DEFAULT_POLICY_ID,
  getPolicy,
  POLICIES,
  type PolicyRegistry,
  policyVersions,
} from "./policy/registry";
export { err, ok, type Result } from "./result";
