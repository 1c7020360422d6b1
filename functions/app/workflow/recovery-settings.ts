/**
 * Tuning of the reconciler (the schedule itself is the catalog's). The default leaves a wide margin
 * over the longest a healthy case goes unchanged while the workflow works on it: a step with its
 * retries takes seconds, a Lambda retry back-off minutes. Waiting on a person is not "unchanged":
 * such a case has a pending, mailed approver.
 */
export const DEFAULT_STUCK_AFTER_SECONDS = 600;

export interface RecoverySettings {
  /** A case in flight that nothing has changed for this long is examined, and repaired if stuck. */
  stuckAfterSeconds: number;
}
