import type { DynamoDBRecord } from "aws-lambda";
import type { Appended } from "../../app/events/publish";
import { CASE_PK_PREFIX, seqOfEventSk } from "./table";

/**
 * The audit events a batch of the case table's stream inserted, in stream order. Anything else (STATE
 * replaced, approvals, locks, keys; a modify or a remove) is not a new trail event and is passed over;
 * the event source's filter already drops most of it.
 */
export function appendedOf(records: readonly DynamoDBRecord[]): Appended[] {
  const out: Appended[] = [];
  for (const r of records) {
    const keys = r.dynamodb?.Keys;
    const pk = keys?.pk?.S ?? "";
    const seq = seqOfEventSk(keys?.sk?.S ?? "");
    if (r.eventName === "INSERT" && pk.startsWith(CASE_PK_PREFIX) && seq !== null)
      out.push({ caseId: pk.slice(CASE_PK_PREFIX.length), seq });
  }
  return out;
}
