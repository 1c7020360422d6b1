import type { ScheduledEvent } from "aws-lambda";

/** A catalog function that runs once a day; the embedded runtime's stand-in for an EventBridge rule. */
export interface DailyJob {
  name: string;
  daily: { hourUtc: number; minuteUtc: number };
  handler: (event: unknown, context: unknown) => Promise<unknown>;
}

const DAY_MS = 86_400_000;

/** Milliseconds from `now` to the next hh:mm UTC strictly after it. */
export function msUntilNext(daily: DailyJob["daily"], now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let next = today + (daily.hourUtc * 60 + daily.minuteUtc) * 60_000;
  if (next <= now.getTime()) next += DAY_MS;
  return next - now.getTime();
}

function scheduledEvent(job: DailyJob, at: Date): ScheduledEvent {
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
 * Runs every job once now (catching up on days the runtime was not running, as the jobs are written
 * to do) and then daily at its time. A failing run is logged loudly and retried at the next time;
 * it never stops the runtime.
 */
export async function startDailyJobs(jobs: readonly DailyJob[]): Promise<{ stop(): Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>();
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const run = (job: DailyJob): Promise<unknown> => {
    running = running
      .then(() => job.handler(scheduledEvent(job, new Date()), { functionName: job.name }))
      .catch((error: unknown) => {
        console.error(
          JSON.stringify({
            level: "error",
            message: "daily job failed",
            job: job.name,
            error: String(error),
          }),
        );
      });
    return running;
  };
  const schedule = (job: DailyJob) => {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        void run(job).then(() => schedule(job));
      },
      msUntilNext(job.daily, new Date()),
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
