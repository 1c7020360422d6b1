/**
 * `npm start` on a terminal: the functions' Powertools lines, readable. Powertools in development
 * mode (POWERTOOLS_DEV) writes through the global console, so the console is what is formatted here:
 * a structured log line becomes one line of time, level, function, message and its ids; a metric line
 * (embedded metric format) becomes its name and value. Anything else is printed as it came. Off a
 * terminal (tests, pipes, LOG_FORMAT=json) nothing is installed and the lines stay JSON.
 */

export type LogFormat = "pretty" | "json";

/** LOG_FORMAT if set, else pretty on a terminal and JSON anywhere else. */
export function logFormatFor(env: NodeJS.ProcessEnv, isTerminal: boolean): LogFormat {
  if (env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty") return env.LOG_FORMAT;
  return isTerminal ? "pretty" : "json";
}

/** The environment Powertools reads for each format (set before any handler is loaded). */
export function powertoolsEnvironment(format: LogFormat): Record<string, string> {
  return format === "pretty" ? { POWERTOOLS_DEV: "true", POWERTOOLS_METRICS_DISABLED: "false" } : {};
}

const SKIP = new Set([
  "level",
  "message",
  "timestamp",
  "service",
  "sampling_rate",
  "xray_trace_id",
  "cold_start",
  "function_name",
  "function_memory_size",
  "function_arn",
  "function_request_id",
]);

const COLOURS: Record<string, string> = { ERROR: "31", WARN: "33", INFO: "36", DEBUG: "90" };

function value(v: unknown): string {
  if (typeof v === "string") return /\s/.test(v) ? JSON.stringify(v) : v;
  if (v && typeof v === "object" && "message" in v)
    return JSON.stringify((v as { message: unknown }).message);
  return JSON.stringify(v);
}

/** One readable line for a Powertools log or metric object, or undefined for anything else. */
export function readableLine(text: string, colour = false): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object") return undefined;
  const o = parsed as Record<string, unknown>;
  const paint = (code: string | undefined, s: string) =>
    colour && code ? `\u001b[${code}m${s}\u001b[0m` : s;
  if (o._aws && typeof o._aws === "object") {
    const aws = o._aws as { CloudWatchMetrics?: { Metrics?: { Name: string }[] }[] };
    const metrics = (aws.CloudWatchMetrics ?? [])
      .flatMap((m) => m.Metrics ?? [])
      .map((m) => `${m.Name}=${value(o[m.Name])}`);
    const dims = Object.entries(o).filter(
      ([k]) => k !== "_aws" && k !== "service" && !metrics.some((m) => m.startsWith(`${k}=`)),
    );
    return paint(
      "90",
      `metric ${String(o.service ?? "")} ${metrics.join(" ")}${dims.map(([k, v]) => ` ${k}=${value(v)}`).join("")}`,
    );
  }
  if (typeof o.level !== "string" || typeof o.message !== "string") return undefined;
  const time = typeof o.timestamp === "string" ? o.timestamp.slice(11, 23) : "";
  const rest = Object.entries(o)
    .filter(([k, v]) => !SKIP.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`);
  const level = o.level.padEnd(5);
  return `${time} ${paint(COLOURS[o.level], level)} ${String(o.service ?? "").padEnd(18)} ${o.message}${rest.length ? `  ${rest.join(" ")}` : ""}`;
}

/** Replaces the console's methods with ones that print Powertools lines readably. */
export function installReadableLogs(colour: boolean): void {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const line =
        args.length === 1 && typeof args[0] === "string" ? readableLine(args[0], colour) : undefined;
      if (line === undefined) original(...args);
      else original(line);
    };
  }
}
