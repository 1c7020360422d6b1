import { Duration } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import type { ScheduledFunction } from "../../catalog";

export interface DailySchedulesProps {
  /** The catalog's scheduled functions, each with the Lambda that runs it. */
  jobs: { spec: ScheduledFunction; fn: IFunction }[];
}

/**
 * One EventBridge rule per scheduled catalog function, daily at its UTC time or every so many
 * minutes. A run that never started (EventBridge could not invoke) or failed after Lambda's own
 * retries lands in one dead-letter queue, which the operations alarms watch. The jobs catch up
 * themselves (the digest job missed days, the reconciler whatever is stuck by then), so a lost run
 * only delays their work; the alarm says why.
 */
export class DailySchedules extends Construct {
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: DailySchedulesProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, "DeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: a failed run over a long weekend is still there to inspect.
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.deadLetters, [
      {
        id: "AwsSolutions-SQS3",
        reason:
          "This queue is itself the dead-letter queue of the schedule rules' Lambda targets and of the scheduled " +
          "functions' async invocations (cdk-nag only recognises SQS redrive and Lambda DeadLetterConfig).",
      },
    ]);

    for (const { spec, fn } of props.jobs) {
      const rule = new Rule(this, spec.name, scheduleOf(spec));
      rule.addTarget(
        new LambdaFunction(fn, {
          // Only delivery failures (throttling, Lambda unavailable) are retried here; give up within two
          // hours, well before the next run, and leave the event in the queue.
          retryAttempts: 3,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: this.deadLetters,
        }),
      );
      // EventBridge invokes asynchronously, so errors inside the handler are retried by Lambda. Writes are
      // If-None-Match, so a retry after a partial run cannot overwrite a digest.
      fn.configureAsyncInvoke({
        retryAttempts: 2,
        maxEventAge: Duration.hours(2),
        onFailure: new SqsDestination(this.deadLetters),
      });
    }
  }
}

function scheduleOf(spec: ScheduledFunction): { description: string; schedule: Schedule } {
  if (!("daily" in spec)) {
    if (!isWithin(spec.everyMinutes, 1440) || spec.everyMinutes < 1)
      throw new Error(`${spec.name}: every ${spec.everyMinutes} minutes is not a schedule`);
    return {
      description: `Runs ${spec.name} every ${spec.everyMinutes} minutes`,
      schedule: Schedule.rate(Duration.minutes(spec.everyMinutes)),
    };
  }
  const { hourUtc, minuteUtc } = spec.daily;
  if (!isWithin(hourUtc, 23) || !isWithin(minuteUtc, 59))
    throw new Error(`${spec.name}: daily time ${hourUtc}:${minuteUtc} is not a UTC time of day`);
  return {
    description: `Runs ${spec.name} daily at ${pad(hourUtc)}:${pad(minuteUtc)} UTC`,
    // EventBridge cron expressions are UTC, as the catalog's times are.
    schedule: Schedule.cron({ minute: String(minuteUtc), hour: String(hourUtc) }),
  };
}

const isWithin = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;

const pad = (n: number) => String(n).padStart(2, "0");
