import { Duration, Stack } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";

export interface OperationsAlarmsProps {
  stateMachine: IStateMachine;
  functions: { name: string; fn: IFunction }[];
  table: ITableV2;
  /** Queues where a message means work that did not happen (a scheduled run that never ran or failed). */
  deadLetterQueues?: { name: string; queue: IQueue }[];
  /** The application's own metrics where any count is worth a page (e.g. cases the reconciler repaired). */
  countAlarms?: { name: string; metric: IMetric; description: string }[];
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Anything that can leave a case stuck or lost pages the operators: a failed, timed-out or throttled
 * execution, a Lambda error in any step, route or daily job, a message in a dead-letter queue, DynamoDB
 * throttling. Subscribe to the topic after deploy.
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    // A customer key because CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const key = new Key(this, "TopicKey", {
      description: "Encrypts the credit approval alarm topic",
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        // In a key policy "*" is this key; the condition keeps other accounts' alarms out.
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, "Topic", {
      displayName: "SME credit approval alarms",
      masterKey: key,
      enforceSSL: true,
    });
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, metric: IMetric, description: string) => {
      const a = new Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      return a;
    };

    const sm = props.stateMachine;
    alarm(
      "ExecutionsFailed",
      sm.metricFailed({ period: FIVE_MINUTES }),
      "A credit approval execution failed.",
    );
    alarm(
      "ExecutionsTimedOut",
      sm.metricTimedOut({ period: FIVE_MINUTES }),
      "A credit approval execution timed out.",
    );
    alarm(
      "ExecutionsThrottled",
      sm.metricThrottled({ period: FIVE_MINUTES }),
      "Step Functions throttled an execution.",
    );

    for (const { name, fn } of props.functions) {
      alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES }), `Lambda ${name} returned errors.`);
    }

    for (const { name, queue } of props.deadLetterQueues ?? []) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: "Maximum" }),
        `Dead-letter queue ${name} holds work that did not happen; the message says which.`,
      );
    }

    for (const { name, metric, description } of props.countAlarms ?? []) alarm(name, metric, description);

    const throttles = new MathExpression({
      expression: "reads + writes",
      usingMetrics: {
        reads: props.table.metric("ReadThrottleEvents", { period: FIVE_MINUTES, statistic: "Sum" }),
        writes: props.table.metric("WriteThrottleEvents", { period: FIVE_MINUTES, statistic: "Sum" }),
      },
      period: FIVE_MINUTES,
      label: "Throttled read and write events",
    });
    alarm(
      "TableThrottles",
      throttles,
      "DynamoDB throttled reads or writes on the case table (hot partition?).",
    );
  }
}
