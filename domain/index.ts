/** The domain's public surface: what functions/ and infra/ may import. */

export { APPLICATION_LIMITS } from "./application/limits";
export { type InputProblem, jsonPath, parseApplication } from "./application/parse";
export { PARTY_ID_MAX_LENGTH, partyIdSchema, usccCheckCharacter } from "./application/party-id";
export type { Application } from "./application/schema";
export { applicationSchema } from "./application/schema";
export {
  type AdminContext,
  type AdminProblem,
  type AdminProblemCode,
  type ExtensionPlan,
  planExtension,
  planReassignment,
  planWithdrawal,
  type ReassignmentPlan,
  type WithdrawalPlan,
  whyNotCreditAdmin,
} from "./approvals/admin";
export {
  type Assignment,
  type AssignmentInput,
  type AssignmentNote,
  assignApprovers,
} from "./approvals/assign";
export {
  CHOICE_LABELS,
  COMMENT_REQUIRED,
  checkDecisionForm,
  choicesAt,
  DECISION_CHOICES,
  type DecisionAct,
  type DecisionChoice,
  type FormProblem,
} from "./approvals/decision-form";
export {
  activeDelegation,
  checkDelegation,
  type Delegation,
  type DelegationProblem,
  type DelegationProblemCode,
  isActiveAt,
  type RoleFacts,
  whyNotPermitted,
} from "./approvals/delegation";
export { type EscalationNotice, type EscalationPlan, planEscalation } from "./approvals/escalation";
export {
  nextReminder,
  reminderSchedule,
  reminderShares,
  remindersDue,
  type ScheduledReminder,
  stageDeadline,
} from "./approvals/reminders";
export { COMMENT_MAX_CHARS, checkTextField, normalizeText } from "./approvals/text-field";
export { assess } from "./assessment/assess";
export { type CodeChange, type Impact, impactTally, type Move } from "./assessment/impact";
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
export { type PortfolioReproductionLine, reproducePortfolioChecks } from "./audit/reproduce-portfolio";
export { checkDecisions, type RuleContext, type Violation, type ViolationCode } from "./audit/rules";
export * from "./audit/verify";
export { canonicalJson, sha256Hex } from "./canonical-json";
export {
  type CommitteeOutcome,
  type CommitteeVotes,
  committeeOutcome,
  committeeVotes,
  countVote,
  NO_VOTES,
} from "./case/committee";
export {
  type CommitteeBallot,
  type CommitteeCounts,
  type CommitteeRoll,
  type CommitteeStanding,
  type CommitteeVerdict,
  committeeCounts,
  committeeRoll,
  committeeStanding,
  committeeTally,
  committeeVerdict,
  currentVersionEvents,
} from "./case/committee-standing";
export { actsOf, type CaseActs, exclusionsFor, whyExcluded } from "./case/eligibility";
export { applyEvent, foldEvents, recordedAssessment, summarize } from "./case/fold";
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
export {
  type ApplicationParties,
  applicationEdges,
  type BorrowerCircle,
  circleThroughBorrower,
  guaranteeCircleFinding,
} from "./circles/application";
export {
  type Circle,
  findCircles,
  type GuaranteeBook,
  type GuaranteeEdge,
  guaranteeEdges,
} from "./circles/book";
export { type LineProblem, parseBookLines } from "./circles/book-file";
export { buildGraph, type PartyGraph } from "./circles/graph";
export { componentsOf } from "./circles/tarjan";
export { ASL_ERROR_NAMES, CodedError, DomainError, TRANSIENT_ERROR, TransientError } from "./errors";
export { type BatchFormat, type BatchLine, type BatchProblem, parseBatch } from "./intake/batch";
export { MAX_BATCH_APPLICATIONS, MAX_BATCH_BYTES } from "./intake/limits";
export * from "./monitoring";
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
export {
  type Cap,
  capOfCounter,
  capsOf,
  carriesException,
  clusterClientCounter,
  contributionsOf,
} from "./portfolio/caps";
export {
  breachesOf,
  type CapImpact,
  checkPortfolio,
  type PortfolioBreach,
  portfolioImpact,
  utilisation,
} from "./portfolio/check";
export { clusterAdmission } from "./portfolio/cluster-terms";
export {
  type ApprovalOptions,
  applyDeltas,
  approvalDeltas,
  type CounterDelta,
  reservationDeltas,
} from "./portfolio/commit";
export { bookTotals, type Counters, counterValue, withExposure } from "./portfolio/counters";
export { type Exposure, exposureSchema, type GuaranteeLink } from "./portfolio/exposure";
export { type ExposureInput, exposureOf } from "./portfolio/exposure-of";
export { type PortfolioLimitFinding, portfolioLimitFinding } from "./portfolio/finding";
export { buildPortfolioPlan, type PortfolioPlan, parsePortfolioPlan } from "./portfolio/plan";
export {
  type PortfolioCheckRecord,
  type PortfolioReproduction,
  recordPortfolioCheck,
  reproducePortfolioCheck,
} from "./portfolio/record";
export {
  BUILT_IN_PORTFOLIO_PLANS,
  createPortfolioRegistry,
  DEFAULT_PORTFOLIO_PLAN_ID,
  PORTFOLIO_PLANS,
  type PortfolioRegistry,
  registryWithPlanFile,
} from "./portfolio/registry";
export {
  type ClusterPlan,
  type PortfolioPlanData,
  portfolioPlanSchema,
  UPGRADE_KINDS,
  type UpgradeKind,
} from "./portfolio/schema";
export { upgradesOf } from "./portfolio/upgrade";
export { err, ok, type Result } from "./result";
export { codePointName, firstUnsafeCharacter, showUnsafeCharacters, type TextUse } from "./text";
export {
  contentHash,
  createVersionRegistry,
  releasedMismatches,
  type VersionKind,
  type VersionRegistry,
} from "./versioned-data";
