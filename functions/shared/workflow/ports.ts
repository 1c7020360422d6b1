import type { CaseEvent, CaseState, Decision, RecordedEvent, RunStatus, Stage } from "../../../domain";
import type { Approval, NewApproval } from "../approval-items";
import type { KnownHead } from "../case-store";

/** A pending (or settled) approval: one per approver per stage attempt; the store's own shape. */
export type ApprovalRecord = Approval;
export type { NewApproval };

/** Side effects that must commit together with a case's events, in one transaction. */
export interface CaseWriteExtras {
  newApprovals?: NewApproval[];
  decide?: {
    approvalId: string;
    approverId: string;
    decision: Decision;
    comment: string;
    decidedAt: string;
    /** The approval as the decision just read it, so the write need not read it again. */
    approval?: Approval;
  };
  supersede?: string[];
  rebindToken?: { approvalIds: string[]; taskToken: string };
  takeLock?: string;
  releaseLock?: string;
}

export type AppendResult = { ok: true; state: CaseState } | { ok: false; reason: "CONFLICT" };

export interface CaseRepo {
  /** `head`, when given, lets an append after this load skip reading where the chain stands. */
  load(caseId: string): Promise<{ state: CaseState; events: RecordedEvent[]; head?: KnownHead } | undefined>;
  append(
    caseId: string,
    base: { state: CaseState | undefined; count: number; head?: KnownHead | undefined },
    drafts: { event: CaseEvent; actor: string }[],
    extras?: CaseWriteExtras,
  ): Promise<AppendResult>;
  /** The projection alone, where the adapter keeps one: a step that needs no events reads less. */
  state?(caseId: string): Promise<CaseState | undefined>;
  listByStatus(status: string, limit: number): Promise<CaseState[]>;
  /** Every case in `status` through the status index, page by page (never a Scan). */
  allByStatus(status: string): AsyncIterable<CaseState>;
}

export interface ApprovalsPort {
  get(approvalId: string): Promise<ApprovalRecord | undefined>;
  /** Durable proof that the approver's mail went out, so a repeated step re-sends only what was not sent. */
  markMailed(approvalId: string, at: string): Promise<void>;
}

export interface DirectoryPort {
  approversFor(branch: string, stage: Stage, attempt: number, excluded: ReadonlySet<string>): string[];
  creditAdmins(branch: string): string[];
  emailOf(userId: string): string | undefined;
  nameOf(userId: string): string;
  hasRole(userId: string, branch: string, role: Stage | "RM" | "CREDIT_ADMIN" | "AUDITOR"): boolean;
  /** The directory's spelling of a user id given in any case (sign-in ignores case). */
  canonicalId(userId: string): string | undefined;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface MailerPort {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

export type TaskDelivery = "DELIVERED" | "ALREADY_CLOSED";

export interface WorkflowEnginePort {
  startExecution(
    name: string,
    input: { caseId: string; caseVersion: number },
  ): Promise<{ executionArn: string }>;
  sendOutcome(taskToken: string, outcome: Decision): Promise<TaskDelivery>;
}

/** The workflow runs of a case as the engine knows them, by run name (see workflowRunName). */
export interface WorkflowRunsPort {
  status(name: string): Promise<RunStatus>;
  stop(name: string, cause: string): Promise<void>;
}

export interface LinkSettings {
  signingKey(): Buffer;
  publicBaseUrl: string;
  /** How long an e-mailed link stays valid beyond the stage's SLA. */
  graceSeconds: number;
}

export interface WorkflowDeps {
  cases: CaseRepo;
  approvals: ApprovalsPort;
  directory: DirectoryPort;
  mailer: MailerPort;
  engine: WorkflowEnginePort;
  links: LinkSettings;
  now(): Date;
  newId(prefix: string): string;
}
