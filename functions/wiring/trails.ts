import { createTrailReader } from "../adapters/aws/trails";
import type { TrailReader } from "../app/ports";
import { caseTable } from "./table";

/** Port `trails`. */
export function trailReader(): TrailReader {
  return createTrailReader(caseTable());
}
