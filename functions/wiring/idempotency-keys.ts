import { createIdempotencyKeys } from "../adapters/aws/idempotency";
import type { IdempotencyKeys } from "../app/ports";
import { caseTable } from "./table";

/** Port `idempotencyKeys`. */
export function idempotencyKeys(): IdempotencyKeys {
  return createIdempotencyKeys(caseTable());
}
