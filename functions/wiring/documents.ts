import type { DocumentReader } from "../app/ports";
import { documentStore } from "./document-store";

/** Port `documents`. */
export function documents(): DocumentReader {
  return documentStore();
}
