import { createCreditWriter } from "../adapters/aws/credit-store";
import type { CreditWriter } from "../app/ports";
import { caseTable } from "./table";

/** Port `creditWrites`. */
export function creditWriter(): CreditWriter {
  return createCreditWriter(caseTable());
}
