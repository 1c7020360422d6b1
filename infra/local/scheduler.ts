import type { ScheduledEvent } from "aws-lambda";
import type { Schedule } from "../catalog";

/** A scheduled catalog function; the embedded runtime's stand-in for an EventBridge rule. */
export interface ScheduledJob {
  name: string;
  schedule: Schedule;
  handler: (event: unknown, context: unknown) => Promise<unknown>;
}

const DAY_MS = 86_400_000;

/** Milliseconds from `now` to the job's next run: the next hh:mm UTC strictly after it, or one interval. */
export function msUntilNext(schedule: Schedule, now: Date): number {
  if (!("daily" in schedule)) return schedule.everyMinutes * 60_000;
  const { daily } = schedule;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let next = today + (daily.hourUtc * 60 + daily.minuteUtc) * 60_000;
  if (next <= now.getTime()) next += DAY_MS;
  return next - now.getTime();
}

function scheduledEvent(job: ScheduledJob, at: Date): ScheduledEvent {
  return {
    version: "0",
    id: `local-${job.name}-${at.getTime()}`,
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "000000000000",
    time: at.toISOString(),
    region: "us-east-1",
    resources: [`arn:aws:events:us-east-1:000000000000:rule/${job.name}`],
    detail: {},
  };
}

/**
 * Runs every job once now (catching up on what happened while the runtime was not running, as the
 * jobs are written to do: missed digests, cases a crash left stuck) and then on its schedule. A
 * failing run is logged loudly and retried at the next time; it never stops the runtime.
 */
export async function startScheduledJobs(jobs: readonly ScheduledJob[]): Promise<{ stop(): Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>();
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const run = (job: ScheduledJob): Promise<unknown> => {
    running = running
      .then(() => job.handler(scheduledEvent(job, new Date()), { functionName: job.name }))
      .catch((error: unknown) => {
        console.error(
          JSON.stringify({
            level: "error",
            message: "scheduled job failed",
            job: job.name,
            error: String(error),
          }),
        );
      });
    return running;
  };
  const schedule = (job: ScheduledJob) => {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        void run(job).then(() => schedule(job));
      },
      msUntilNext(job.schedule, new Date()),
    );
    timer.unref();
    timers.add(timer);
  };

  for (const job of jobs) await run(job);
  for (const job of jobs) schedule(job);
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await running;
    },
  };
}
