/** Borrower sectors, as the application names them and the policy's tables are keyed by. */
export const SECTORS = ["manufacturing", "wholesale", "retail", "services", "other"] as const;
