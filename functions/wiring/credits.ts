import { createCreditReader } from "../adapters/aws/credit-store";
import type { CreditReader } from "../app/ports";
import { caseTable } from "./table";

/** Port `credits`. */
export function creditReader(): CreditReader {
  return createCreditReader(caseTable());
}
