import type { DigestWriter } from "../app/ports";
import { digestStore } from "./digest-store";

/** Port `digestWrites`: new digests only; the store refuses to replace one. */
export function digestWriter(): DigestWriter {
  return digestStore();
}
