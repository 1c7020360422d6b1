import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MiddlewareObj } from "@middy/core";
import type { Context } from "aws-lambda";
import { CodedError } from "../../domain/errors";
import type { LogAttributes, MetricName, Telemetry, MetricUnit as Unit } from "../app/ports";

/** The namespace of the business metrics; the CDK app sets the stack's own (infra/aws/constructs/observability.ts). */
export const METRICS_NAMESPACE_ENV = "POWERTOOLS_METRICS_NAMESPACE";
const LOCAL_NAMESPACE = "SmeCreditApproval/local";

/** Attribute names whose values are credentials: never written, whoever passes them. */
const SECRET_KEYS = new Set([
  "taskToken",
  "token",
  "sig",
  "signature",
  "csrf",
  "signingKey",
  "key",
  "link",
  "url",
]);
/** A signed link's signature in any text (a query parameter `sig=` or `s=`-style form fields are never logged). */
const SIGNATURE = /([?&]sig=)[^&\s"']+/g;

/**
 * Applied to every value Powertools serialises: a credential-named attribute is replaced, and a link
 * inside a message or an error keeps its path but loses its signature.
 */
export function redact(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key) && value !== undefined) return "[redacted]";
  if (typeof value === "string" && value.includes("sig=")) return value.replace(SIGNATURE, "$1[redacted]");
  return value;
}

const UNITS: Record<Unit, (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  Count: MetricUnit.Count,
  Milliseconds: MetricUnit.Milliseconds,
};

export interface Observed {
  telemetry: Telemetry;
  logger: Logger;
  /** Per invocation: the Lambda context and a correlation id on every line, metrics flushed, failures logged once. */
  middleware(): MiddlewareObj<unknown, unknown, Error, Context>;
}

/**
 * The correlation id of an invocation: the run name the state machine passes to every step (`run`),
 * the API's request id for a route, the EventBridge event id for a schedule. All three are opaque ids
 * that carry no credential.
 */
export function correlationIdOf(event: unknown): string | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const e = event as { run?: unknown; id?: unknown; requestContext?: { requestId?: unknown } };
  if (typeof e.run === "string") return e.run;
  if (typeof e.requestContext?.requestId === "string") return e.requestContext.requestId;
  if (typeof e.id === "string") return e.id;
  return undefined;
}

/**
 * Powertools Logger and Metrics for one catalog function (its name is the service): structured JSON
 * lines on AWS and in tests; under `npm start` the same lines go through the global console, which the
 * embedded runtime prints readably (POWERTOOLS_DEV, infra/local/log-format.ts). Metrics are CloudWatch
 * embedded-metric-format lines: no PutMetricData call, no permission.
 */
export function observe(service: string, env: NodeJS.ProcessEnv = process.env): Observed {
  const logger = new Logger({ serviceName: service, jsonReplacerFn: redact });
  const namespace = env[METRICS_NAMESPACE_ENV] || LOCAL_NAMESPACE;
  // Built at the first metric rather than at load: reads never emit one, and the constructor is
  // about 0.4 ms of a cold start (measured on a bundled handler).
  let metrics: Metrics | undefined;
  const metricsOf = (): Metrics => {
    metrics ??= new Metrics({ serviceName: service, namespace });
    return metrics;
  };

  const fields = (attributes: LogAttributes | undefined, error?: unknown) =>
    error === undefined
      ? { ...attributes }
      : { ...attributes, error, ...(error instanceof CodedError ? { code: error.code } : {}) };

  const telemetry: Telemetry = {
    info: (message, attributes) => logger.info(message, fields(attributes)),
    warn: (message, attributes) => logger.warn(message, fields(attributes)),
    error: (message, attributes, error) => logger.error(message, fields(attributes, error)),
    metric(name: MetricName, unit, value, dimensions) {
      if (!dimensions) {
        metricsOf().addMetric(name, UNITS[unit], value);
        return;
      }
      // A split metric is its own EMF line, so its dimensions apply to it alone.
      const single = metricsOf().singleMetric();
      single.addDimensions(dimensions);
      single.addMetric(name, UNITS[unit], value);
    },
  };

  const flush = () => {
    if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
  };

  return {
    telemetry,
    logger,
    middleware: () => ({
      before: (request) => {
        logger.addContext(request.context);
        const correlationId = correlationIdOf(request.event);
        if (correlationId) logger.setCorrelationId(correlationId);
      },
      after: () => {
        flush();
        logger.resetKeys();
      },
      onError: (request) => {
        // An HTTP handler's error middleware answers and logs first; anything else is logged here once.
        if (request.response === undefined) {
          logger.error("invocation failed", fields({}, request.error));
        }
        flush();
        logger.resetKeys();
      },
    }),
  };
}
