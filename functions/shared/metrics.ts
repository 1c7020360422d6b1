/**
 * Custom metrics in CloudWatch's embedded metric format: one JSON line on stdout, which Lambda's log
 * pipeline turns into a metric (no PutMetricData call, no extra permission). Written straight to
 * stdout so the JSON log format does not wrap it. Only where METRICS_NAMESPACE is set (the CDK app
 * sets it for the functions whose metrics it alarms on); elsewhere the caller's log line says it all.
 */
export function emitCount(name: string, value: number, env: NodeJS.ProcessEnv = process.env): void {
  const namespace = env.METRICS_NAMESPACE;
  if (!namespace) return;
  const service = env.POWERTOOLS_SERVICE_NAME ?? "unknown";
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        { Namespace: namespace, Dimensions: [["Service"]], Metrics: [{ Name: name, Unit: "Count" }] },
      ],
    },
    Service: service,
    [name]: value,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
