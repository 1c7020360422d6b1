import { createCaseWriter } from "../adapters/aws/case-repo";
import type { CaseWriter, WriteKind } from "../app/ports";
import { systemClock } from "./clock";
import { caseTable } from "./table";

/**
 * Port `caseWrites`, allowed the write kinds named here and nothing else: each kind is a port of the
 * catalog entry too (its grants on the table), and a test checks the two lists agree.
 */
export function caseWriter<K extends WriteKind>(...kinds: K[]): CaseWriter<K> {
  return createCaseWriter(caseTable(), systemClock.now, kinds);
}
