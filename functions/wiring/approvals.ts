import { createApprovalReader } from "../adapters/aws/case-repo";
import type { ApprovalReader } from "../app/ports";
import { caseTable } from "./table";

/** Port `approvals`. */
export function approvalReader(): ApprovalReader {
  return createApprovalReader(caseTable());
}
