import type { TransactionCanceledException } from "@aws-sdk/client-dynamodb";

export interface Conflict {
  /** Indexes of the items whose condition expression was false. */
  conditionFailed: number[];
}

/**
 * Reads a cancelled transaction. A failed condition or a concurrent transaction on the same item
 * both mean "someone else moved first, reload and decide again", so both are a conflict, not an
 * error; only condition failures are attributed to items, because a concurrent-transaction race says
 * nothing about the item's state. Any other cancellation (validation, throughput) gives undefined for
 * the caller to rethrow.
 */
export function transactionConflict(error: unknown): Conflict | undefined {
  // By name, not instanceof: a second copy of the SDK in a bundle would defeat instanceof.
  if (!(error instanceof Error) || error.name !== "TransactionCanceledException") return undefined;
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  const conditionFailed: number[] = [];
  let raced = false;
  for (const [index, r] of reasons.entries()) {
    if (r.Code === "ConditionalCheckFailed") conditionFailed.push(index);
    else if (r.Code === "TransactionConflict") raced = true;
    else if (r.Code && r.Code !== "None") return undefined;
  }
  return conditionFailed.length > 0 || raced ? { conditionFailed } : undefined;
}
