import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { SqsQueue } from "aws-cdk-lib/aws-events-targets";
import { FilterCriteria, FilterRule, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { DOMAIN_EVENT_SOURCE, DOMAIN_EVENT_TYPES } from "../../../domain/events/domain-events";
import { EVENT_SK_PREFIX } from "../../../functions/adapters/aws/table";

export interface DomainEventBusProps {
  /** The case table; its stream (new images) feeds the publisher. */
  table: ITableV2;
}

const encryptedQueue = (scope: Construct, id: string, extra: { deadLetterQueue?: Queue } = {}) =>
  new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // The longest SQS allows: what failed over a long weekend is still there to inspect and replay.
    retentionPeriod: Duration.days(14),
    ...(extra.deadLetterQueue
      ? { deadLetterQueue: { queue: extra.deadLetterQueue, maxReceiveCount: 5 } }
      : {}),
  });

/**
 * Domain events for the bank's other systems: the case table's stream → the publisher function → a
 * custom EventBridge bus, with a rule that hands every domain event to a queue integrators read (more
 * rules can be added for other consumers), and an archive to replay from.
 *
 * At least once and in order per case: a case's events share a partition key, so they are on one
 * shard in order; the event source processes a shard one batch at a time (parallelization 1) and
 * retries a failed batch (split in halves to find a bad record) before anything after it. A batch
 * that still fails goes, as a pointer to its stream records, to the dead-letter queue, whose alarm
 * pages the operators; the trail itself is never lost, so the events can be published again from it.
 */
export class DomainEventBus extends Construct {
  readonly bus: EventBus;
  /** Stream batches the publisher gave up on. */
  readonly deadLetters: Queue;
  /** Domain events for integrators, and its own dead letters (deliveries EventBridge gave up on). */
  readonly integrationQueue: Queue;
  readonly integrationDeadLetters: Queue;
  readonly rule: Rule;
  private readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: DomainEventBusProps) {
    super(scope, id);
    this.table = props.table;
    this.bus = new EventBus(this, "Bus", {
      description: "SME credit approval domain events (CaseSubmitted … CaseWithdrawn), one per trail event",
    });
    this.bus.archive("Archive", {
      description: "Every domain event, to replay to a consumer that lost some",
      eventPattern: { source: [DOMAIN_EVENT_SOURCE] },
      retention: Duration.days(365),
    });

    this.deadLetters = encryptedQueue(this, "DeadLetters");
    this.integrationDeadLetters = encryptedQueue(this, "IntegrationDeadLetters");
    for (const q of [this.deadLetters, this.integrationDeadLetters]) {
      NagSuppressions.addResourceSuppressions(q, [
        {
          id: "AwsSolutions-SQS3",
          reason:
            "This queue is itself a dead-letter queue (of the stream's event source or of the rule's target); cdk-nag only recognises SQS redrive.",
        },
      ]);
    }
    this.integrationQueue = encryptedQueue(this, "IntegrationQueue", {
      deadLetterQueue: this.integrationDeadLetters,
    });
    this.rule = new Rule(this, "AllDomainEvents", {
      eventBus: this.bus,
      description: "Every domain event to the integration queue",
      eventPattern: { source: [DOMAIN_EVENT_SOURCE], detailType: [...DOMAIN_EVENT_TYPES] },
    });
    this.rule.addTarget(
      new SqsQueue(this.integrationQueue, {
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
        deadLetterQueue: this.integrationDeadLetters,
      }),
    );
  }

  /** The publisher function on the table's stream: inserted audit events only. */
  subscribe(fn: IFunction): void {
    fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        retryAttempts: 20,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.deadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual("INSERT"),
            dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(EVENT_SK_PREFIX) } } },
          }),
        ],
      }),
    );
  }
}
