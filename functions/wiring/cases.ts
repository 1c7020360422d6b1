import { createCaseReader } from "../adapters/aws/case-repo";
import type { CaseReader } from "../app/ports";
import { caseTable } from "./table";

/** Port `cases`. */
export function caseReader(): CaseReader {
  return createCaseReader(caseTable());
}
