import type { DocumentWriter } from "../app/ports";
import { documentStore } from "./document-store";

/** Port `documentWrites`. */
export function documentWrites(): DocumentWriter {
  return documentStore();
}
