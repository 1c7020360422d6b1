import type { NewApproval } from "../../functions/app/ports";

/** The manager's approval of CASE-1, as the workflow creates it: for pages and mails built without a stack. */
export const MANAGER_APPROVAL: NewApproval = {
  approvalId: "APR-1",
  caseId: "CASE-1",
  caseVersion: 1,
  stage: "MANAGER",
  approverId: "mgr.wang",
  attempt: 1,
  taskToken: "token",
  createdAt: "2026-11-20T10:00:00.000Z",
  expiresAt: "2026-11-22T10:00:00.000Z",
};
