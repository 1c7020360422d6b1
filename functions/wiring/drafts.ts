import { createDraftRepo } from "../adapters/aws/draft-repo";
import type { DraftReader } from "../app/ports";
import { caseTable } from "./table";

/** Port `drafts`. */
export function drafts(): DraftReader {
  return createDraftRepo(caseTable());
}
