import { createCaseQueue } from "../adapters/aws/case-repo";
import type { CaseQueue } from "../app/ports";
import { caseTable } from "./table";

/** Port `caseQueue`. */
export function caseQueue(): CaseQueue {
  return createCaseQueue(caseTable());
}
