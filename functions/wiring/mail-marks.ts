import { createMailMarks } from "../adapters/aws/case-repo";
import type { MailMarks } from "../app/ports";
import { caseTable } from "./table";

/** Port `mailMarks`. */
export function mailMarks(): MailMarks {
  return createMailMarks(caseTable());
}
