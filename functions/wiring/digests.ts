import type { DigestReader } from "../app/ports";
import { digestStore } from "./digest-store";

/** Port `digests`. */
export function digestReader(): DigestReader {
  return digestStore();
}
