import { createDraftRepo } from "../adapters/aws/draft-repo";
import type { DraftWriter } from "../app/ports";
import { caseTable } from "./table";

/** Port `draftWrites`. */
export function draftWrites(): DraftWriter {
  return createDraftRepo(caseTable());
}
