import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { Application } from "../../domain";
import { type Driver, type OutboxMessage, waitFor } from "../../infra/local/driver";
import { fixture } from "../support/applications";

export const EMAIL = (user: string) => `${user}@bank.example`;

let counter = 0;
/** A fixture with a fresh applicationId, so cases in one stack never collide on the lock. */
export function freshApplication(
  name: Parameters<typeof fixture>[0],
  patch?: (a: Application) => void,
): Application {
  const app = fixture(name);
  counter++;
  app.applicationId = `APP-T-${process.pid}-${counter}`;
  patch?.(app);
  return app;
}

/** A small, clean request that routes MANAGER → BRANCH_CREDIT only. */
export function smallCase(patch?: (a: Application) => void): Application {
  return freshApplication("a2-wholesale", (a) => {
    a.facilities = [{ type: "working_capital", amount: "5000000.00", tenorMonths: 12 }];
    patch?.(a);
  });
}

/** The trail of a small case approved at manager and then branch credit, with nothing else happening. */
export const SMALL_CASE_APPROVED_TRAIL = [
  "CASE_SUBMITTED",
  "CASE_ASSESSED",
  "STAGE_OPENED",
  "DECISION_RECORDED",
  "STAGE_DECIDED",
  "STAGE_OPENED",
  "DECISION_RECORDED",
  "STAGE_DECIDED",
  "EXPOSURE_COMMITTED",
  "CASE_FINALIZED",
];

export interface CaseView {
  caseId: string;
  status: string;
  stage: string | null;
  caseVersion: number;
  route: string[];
  pendingApprovers: string[];
  stalled: boolean;
  reasons: string[];
  assessment: { clientGrade: string; exceptions: string[]; conditions?: string[] } | null;
}

/** Every item of the case table and the outbox: what a refused request must leave unchanged. */
export async function itemCount(db: DynamoDBClient): Promise<number> {
  let total = 0;
  for (const table of [process.env.TABLE_NAME as string, process.env.OUTBOX_TABLE as string]) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({ TableName: table, Select: "COUNT", ExclusiveStartKey: start as never }),
      );
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return total;
}

export class Scenario {
  private seen = new Set<string>();
  constructor(readonly driver: Driver) {}

  async submit(app: Application, user = app.submittedBy): Promise<string> {
    const r = await this.driver.request<{ caseId: string }>("POST", "/cases", { user, json: app });
    if (r.status !== 201) throw new Error(`submit failed: ${r.status} ${r.text}`);
    return r.body.caseId;
  }

  async view(caseId: string, user = "ca.ma"): Promise<CaseView> {
    const r = await this.driver.request<CaseView>("GET", `/cases/${caseId}`, { user });
    if (r.status !== 200) throw new Error(`get case failed: ${r.status} ${r.text}`);
    return r.body;
  }

  async history(caseId: string, user = "ca.ma"): Promise<{ seq: number; type: string; actor: string }[]> {
    const r = await this.driver.request<{ events: { seq: number; type: string; actor: string }[] }>(
      "GET",
      `/cases/${caseId}/history`,
      { user },
    );
    return r.body.events;
  }

  async waitStatus(caseId: string, status: string, timeoutMs?: number): Promise<CaseView> {
    return waitFor(
      `case ${caseId} to be ${status}`,
      async () => {
        const v = await this.view(caseId);
        return v.status === status ? v : undefined;
      },
      timeoutMs,
    );
  }

  /**
   * Waits until the case's workflow is parked: waiting for approvers who all have their mail, or
   * ended with its outcome mailed. Nothing writes for it afterwards until someone acts.
   */
  async settled(caseId: string): Promise<void> {
    await waitFor(`case ${caseId} to settle`, async () => {
      const { status, pendingApprovers } = await this.view(caseId, "au.he");
      const mails = (await this.driver.outbox()).filter((m) => m.text.includes(caseId));
      // Assessed but no stage opened yet is IN_APPROVAL too, with nobody pending: not parked.
      if (status === "IN_APPROVAL")
        return pendingApprovers.length > 0 &&
          pendingApprovers.every((a) => mails.some((m) => m.to.includes(EMAIL(a))))
          ? true
          : undefined;
      return ["APPROVED", "DECLINED", "RETURNED", "FAILED"].includes(status) && mails.length > 0
        ? true
        : undefined;
    });
  }

  /** The next not-yet-used approval mail to `user` for this case. */
  async mail(user: string, caseId: string): Promise<OutboxMessage> {
    const m = await this.driver.mailTo(EMAIL(user), caseId, this.seen);
    this.seen.add(m.id);
    return m;
  }

  async link(user: string, caseId: string): Promise<string> {
    return this.driver.approvalLink(await this.mail(user, caseId));
  }

  async decide(user: string, caseId: string, decision: string, comment = "reviewed"): Promise<string> {
    const link = await this.link(user, caseId);
    const r = await this.driver.decide(link, decision, comment);
    if (r.status !== 200)
      throw new Error(`${user} could not ${decision}: ${r.status} ${r.text.slice(0, 400)}`);
    return link;
  }
}
