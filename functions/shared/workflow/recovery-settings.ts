import { z } from "zod";

/**
 * Tuning of the reconciler, as configuration read and checked at load (the schedule itself is the
 * catalog's). The default leaves a wide margin over the longest a healthy case goes unchanged while
 * the workflow works on it: a step with its retries takes seconds, a Lambda retry back-off minutes.
 * Waiting on a person is not "unchanged": such a case has a pending, mailed approver.
 */
export const DEFAULT_STUCK_AFTER_SECONDS = 600;

const schema = z.object({
  /** A case in flight that nothing has changed for this long is examined, and repaired if stuck. */
  RECOVERY_STUCK_AFTER_SECONDS: z.coerce.number().int().nonnegative().default(DEFAULT_STUCK_AFTER_SECONDS),
});

export interface RecoverySettings {
  stuckAfterSeconds: number;
}

export function recoverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RecoverySettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`reconciler configuration is invalid: ${problems}`);
  }
  return { stuckAfterSeconds: parsed.data.RECOVERY_STUCK_AFTER_SECONDS };
}
