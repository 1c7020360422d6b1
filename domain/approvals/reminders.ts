import { Dec } from "../decimal";
import type { Policy } from "../policy/policy";

/** A reminder of a stage's approver: at `share` of the time the stage allows. */
export interface ScheduledReminder {
  share: string;
  at: Date;
}

/** When a stage opened at `openedAt` must be decided by: its SLA plus any extension granted. */
export function stageDeadline(openedAt: Date, slaSeconds: number, extendedBySeconds = 0): Date {
  return new Date(openedAt.getTime() + (slaSeconds + extendedBySeconds) * 1000);
}

/**
 * The reminders of a stage opened at `openedAt` that allows `allowedSeconds` (its SLA, plus an
 * extension once granted; scaled as the runtime scales time): one at each of the policy's shares of
 * that time, to the millisecond (half a millisecond rounds up), in order.
 */
export function reminderSchedule(
  openedAt: Date,
  allowedSeconds: number,
  shares: readonly string[],
): ScheduledReminder[] {
  const allowedMs = new Dec(allowedSeconds).times(1000);
  return [...shares]
    .sort((a, b) => new Dec(a).comparedTo(new Dec(b)))
    .map((share) => ({
      share,
      at: new Date(openedAt.getTime() + allowedMs.times(share).toDecimalPlaces(0).toNumber()),
    }));
}

/** The policy's reminder shares for a case assessed under `policy` (none for versions without them). */
export function reminderShares(policy: Policy): readonly string[] {
  return policy.data.approvals.reminderShares;
}

/**
 * The reminders to send at `now`: due and not sent yet (`sent` lists the shares already recorded for
 * this approval). When the runtime woke late, only the latest one due is sent: two mails at once say
 * nothing the later one does not.
 */
export function remindersDue(
  schedule: readonly ScheduledReminder[],
  sent: readonly string[],
  now: Date,
): ScheduledReminder[] {
  const due = schedule.filter((r) => r.at.getTime() <= now.getTime() && !sent.includes(r.share));
  const latest = due.at(-1);
  return latest === undefined ? [] : [latest];
}

/** The next reminder still to come after `now`, to set the runtime's timer; null when none is left. */
export function nextReminder(
  schedule: readonly ScheduledReminder[],
  sent: readonly string[],
  now: Date,
): ScheduledReminder | null {
  return schedule.find((r) => r.at.getTime() > now.getTime() && !sent.includes(r.share)) ?? null;
}
