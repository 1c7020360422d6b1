import {
  type AssignedApproval,
  assess,
  type CaseEvent,
  type CaseState,
  type CommitteeTally,
  type Decision,
  foldEvents,
  getPolicy,
  POLICIES,
  type Policy,
  type RecordedEvent,
  type Stage,
} from "../../domain";
import { createDirectory, directorySchema } from "../../functions/app/directory";
import directoryJson from "../../infra/local/directory.json";
import { fixture } from "./applications";

/** The sample directory (GZ-TIANHE: mgr.wang/mgr.zhao, bc.liu/bc.sun, cm.a–e + cm.f–g, ho.zhang/ho.qian, ca.ma). */
export const directory = createDirectory(directorySchema.parse(directoryJson));

/** The rule context `audit check` gets from the runtime: roles from the directory. */
export const ruleContext = {
  policies: POLICIES,
  holdsRole: (user: string, branch: string, role: Stage | "CREDIT_ADMIN") =>
    directory.hasRole(user, branch, role),
};

export const roleFacts = {
  branches: directory.branches(),
  hasRole: (user: string, branch: string, role: Stage | "CREDIT_ADMIN") =>
    directory.hasRole(user, branch, role),
};

export const aprId = (stage: Stage, who: string) => `APR-${stage}-${who}`;

/**
 * A hand-made case trail, one event at a time, a minute apart unless told otherwise. The case is the
 * exception case of the demo (rm.chen at GZ-TIANHE): MANAGER → BRANCH_CREDIT → COMMITTEE → HEAD_OFFICE.
 */
export class Trail {
  readonly events: RecordedEvent[] = [];
  private clock: number;

  constructor(start = "2026-11-20T09:00:00.000Z") {
    this.clock = Date.parse(start);
  }

  /** A copy to go on from (assessing once, forking many times, keeps property tests fast). */
  fork(): Trail {
    const copy = new Trail();
    copy.events.push(...this.events);
    copy.clock = this.clock;
    return copy;
  }

  /** The instant the next event is recorded at. */
  at(iso: string): this {
    this.clock = Date.parse(iso) - 60_000;
    return this;
  }

  add(event: CaseEvent, actor = "system"): this {
    this.clock += 60_000;
    this.events.push({
      ...event,
      seq: this.events.length + 1,
      at: new Date(this.clock).toISOString(),
      actor,
    });
    return this;
  }

  submit(policy: Policy = getPolicy()): this {
    const app = fixture("a2-wholesale");
    app.borrower.industryCode = "C3011";
    const assessment = assess(app, policy);
    return this.add(
      { type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: app } },
      app.submittedBy,
    ).add({
      type: "CASE_ASSESSED",
      payload: { caseVersion: 1, assessment },
    });
  }

  open(stage: Stage, approvers: (string | Omit<AssignedApproval, "approvalId">)[], attempt = 1): this {
    const approvals = approvers.map((a) => {
      const given = typeof a === "string" ? { approverId: a } : a;
      return { approvalId: aprId(stage, given.approverId), ...given };
    });
    return this.add({ type: "STAGE_OPENED", payload: { stage, attempt, slaSeconds: 86_400, approvals } });
  }

  decide(
    stage: Stage,
    who: string,
    decision: Decision = "approve",
    extra: { comment?: string; withConditions?: true; onBehalfOf?: string; actor?: string } = {},
  ): this {
    const { actor = who, comment = "", ...rest } = extra;
    return this.add(
      {
        type: "DECISION_RECORDED",
        payload: { stage, approvalId: aprId(stage, who), approverId: who, decision, comment, ...rest },
      },
      actor,
    );
  }

  abstain(who: string, stage: Stage = "COMMITTEE"): this {
    return this.add(
      {
        type: "ABSTENTION_RECORDED",
        payload: { stage, approvalId: aprId(stage, who), approverId: who, comment: "" },
      },
      who,
    );
  }

  recuse(who: string, reason = "my brother-in-law runs the borrower", stage: Stage = "COMMITTEE"): this {
    return this.add(
      {
        type: "RECUSAL_RECORDED",
        payload: { stage, approvalId: aprId(stage, who), approverId: who, reason },
      },
      who,
    );
  }

  close(stage: Stage, outcome: Decision, actor: string, tally?: CommitteeTally): this {
    return this.add(
      { type: "STAGE_DECIDED", payload: { stage, outcome, ...(tally ? { tally } : {}) } },
      actor,
    );
  }

  /** MANAGER and BRANCH_CREDIT approved by their primaries; the committee not opened yet. */
  throughBranchCredit(policy?: Policy): this {
    return this.submit(policy)
      .open("MANAGER", ["mgr.wang"])
      .decide("MANAGER", "mgr.wang")
      .close("MANAGER", "approve", "mgr.wang")
      .open("BRANCH_CREDIT", ["bc.liu"])
      .decide("BRANCH_CREDIT", "bc.liu")
      .close("BRANCH_CREDIT", "approve", "bc.liu");
  }

  state(): CaseState {
    const state = foldEvents("CASE-1", this.events);
    if (!state) throw new Error("a trail without CASE_SUBMITTED has no state");
    return state;
  }
}

export const ROSTER = ["cm.a", "cm.b", "cm.c", "cm.d", "cm.e"] as const;
