import { Duration } from "aws-cdk-lib";
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import { FilterPattern, MetricFilter } from "aws-cdk-lib/aws-logs";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { METRICS, type MetricName } from "../../../functions/app/ports";
import type { BuiltFunction } from "./catalog-functions";

/**
 * Which functions emit each business metric (functions/app/workflow/*: the use case that records the
 * fact emits it, through Powertools Metrics in the embedded metric format). Powertools adds the
 * function as the `service` dimension, so a metric is read per emitting function and summed.
 */
export const METRIC_SOURCES: Readonly<Record<MetricName, readonly string[]>> = {
  [METRICS.casesSubmitted]: ["submit-case", "resubmit-case"],
  [METRICS.stageDecided]: ["approval-decision"],
  [METRICS.decisionLatency]: ["approval-decision"],
  [METRICS.slaEscalations]: ["escalate"],
  [METRICS.casesStalled]: ["escalate"],
  [METRICS.casesRepaired]: ["reconcile-cases"],
  [METRICS.casesFailed]: ["record-failure"],
};

/** The outcomes a stage is decided by: the dimension StageDecided is split on. */
export const STAGE_OUTCOMES = ["approve", "decline", "return"] as const;

/** Counted from every function's log group: a line Powertools wrote at ERROR level. */
export const ERROR_LINES_METRIC = "ErrorLogLines";

const FIVE_MINUTES = Duration.minutes(5);

export interface ObservabilityProps {
  namespace: string;
  functions: readonly BuiltFunction[];
  stateMachine: IStateMachine;
}

/**
 * What operators look at: one CloudWatch dashboard of the business metrics next to the platform's
 * own, and a metric filter per log group counting ERROR lines — the HTTP routes answer a failure with
 * a 5xx page instead of failing the invocation, so Lambda's Errors metric alone would miss them.
 */
export class Observability extends Construct {
  readonly dashboard: Dashboard;
  /** ERROR log lines of all functions, summed: the alarms page on it. */
  readonly errorLines: Metric;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ObservabilityProps,
  ) {
    super(scope, id);
    for (const { spec, fn } of props.functions) {
      new MetricFilter(this, `${spec.name}ErrorLines`, {
        logGroup: fn.logs,
        filterPattern: FilterPattern.stringValue("$.level", "=", "ERROR"),
        metricNamespace: props.namespace,
        metricName: ERROR_LINES_METRIC,
        metricValue: "1",
      });
    }
    // One metric for all functions (no dimension): an alarm can read it whole, and the line names its function.
    this.errorLines = new Metric({
      namespace: props.namespace,
      metricName: ERROR_LINES_METRIC,
      statistic: "Sum",
      period: FIVE_MINUTES,
    });

    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: `${scope.node.id}-credit-approval`.replace(/[^A-Za-z0-9_-]/g, "-"),
      defaultInterval: Duration.days(1),
    });
    const sm = props.stateMachine;
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          "# SME credit approval\nBusiness metrics from the functions (embedded metric format), then the platform's.",
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: "Cases submitted (today)",
        metrics: [this.metric(METRICS.casesSubmitted)],
        width: 6,
      }),
      new GraphWidget({
        title: "Stages decided, by outcome",
        left: STAGE_OUTCOMES.map((outcome) =>
          this.one(METRICS.stageDecided, "approval-decision", outcome, { outcome }),
        ),
        width: 9,
      }),
      new GraphWidget({
        title: "Decision latency (from the stage opening to the decision)",
        left: (["p50", "p90", "Maximum"] as const).map(
          (statistic) =>
            new Metric({
              namespace: props.namespace,
              metricName: METRICS.decisionLatency,
              dimensionsMap: { service: "approval-decision" },
              statistic,
              period: FIVE_MINUTES,
              label: statistic,
            }),
        ),
        width: 9,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "SLA escalations and stalled cases",
        left: [this.metric(METRICS.slaEscalations), this.metric(METRICS.casesStalled)],
        width: 8,
      }),
      new GraphWidget({
        title: "Cases repaired by the reconciler, and cases failed",
        left: [this.metric(METRICS.casesRepaired), this.metric(METRICS.casesFailed)],
        width: 8,
      }),
      new GraphWidget({
        title: "ERROR log lines",
        left: [this.errorLines.with({ label: "all functions" })],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Executions",
        left: [
          sm.metricStarted({ period: FIVE_MINUTES }),
          sm.metricSucceeded({ period: FIVE_MINUTES }),
          sm.metricFailed({ period: FIVE_MINUTES }),
          sm.metricTimedOut({ period: FIVE_MINUTES }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: "Lambda errors by function",
        left: props.functions.map(({ spec, fn }) =>
          fn.metricErrors({ period: FIVE_MINUTES, label: spec.name }),
        ),
        width: 12,
      }),
    );
  }

  /** A business metric summed over the functions that emit it. */
  metric(name: MetricName): IMetric {
    return this.sum(name, METRIC_SOURCES[name], name);
  }

  private one(name: string, service: string, label?: string, extra: Record<string, string> = {}): Metric {
    return new Metric({
      namespace: this.props.namespace,
      metricName: name,
      dimensionsMap: { service, ...extra },
      statistic: "Sum",
      period: FIVE_MINUTES,
      ...(label ? { label } : {}),
    });
  }

  private sum(name: string, services: readonly string[], label: string): IMetric {
    // A single source stays a plain metric (an alarm on it is a plain metric alarm).
    if (services.length === 1) return this.one(name, services[0] ?? "");
    const usingMetrics = Object.fromEntries(services.map((s, i) => [`m${i}`, this.one(name, s, s)]));
    return new MathExpression({
      // FILL: a function that emitted nothing in a period counts as 0, not as a gap in the sum.
      expression: services.map((_, i) => `FILL(m${i}, 0)`).join(" + "),
      usingMetrics,
      period: FIVE_MINUTES,
      label,
    });
  }
}
