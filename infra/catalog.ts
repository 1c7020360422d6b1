/**
 * Every Lambda function of the product, once: the embedded runtime loads these handlers in-process
 * and the CDK app builds one function per entry, so both run exactly the same set.
 */

export type Auth = "jwt" | "signed-link";

export interface HttpFunction {
  kind: "http";
  name: string;
  entry: string;
  route: { method: "GET" | "POST" | "PUT"; path: string; auth: Auth };
}

export interface StepFunction {
  kind: "step";
  name: string;
  entry: string;
  /** The ${…} placeholder in statemachines/approval.asl.json that names this function's ARN. */
  substitution: string;
}

/** When a scheduled function runs: once a day at a UTC time, or every so many minutes. */
export type Schedule = { daily: { hourUtc: number; minuteUtc: number } } | { everyMinutes: number };

/**
 * Runs on its own schedule (an EventBridge rule on AWS, a timer in the embedded runtime, which also
 * runs it once at start-up).
 */
export type ScheduledFunction = {
  kind: "schedule";
  name: string;
  entry: string;
} & Schedule;

/**
 * Answers 405 with an Allow header for every method no function serves on a known path: mounted as
 * `ANY <path>` on each path of the API (API Gateway and the local gateway both prefer a route with the
 * exact method over ANY), behind that path's own authorization.
 */
export interface MethodFallbackFunction {
  kind: "method-fallback";
  name: string;
  entry: string;
}

export type FunctionSpec = HttpFunction | StepFunction | ScheduledFunction | MethodFallbackFunction;

const http = (
  name: string,
  method: HttpFunction["route"]["method"],
  path: string,
  auth: Auth,
): HttpFunction => ({
  kind: "http",
  name,
  entry: `functions/${name}/handler.ts`,
  route: { method, path, auth },
});

const step = (name: string, substitution: string): StepFunction => ({
  kind: "step",
  name,
  entry: `functions/${name}/handler.ts`,
  substitution,
});

const daily = (name: string, hourUtc: number, minuteUtc: number): ScheduledFunction => ({
  kind: "schedule",
  name,
  entry: `functions/${name}/handler.ts`,
  daily: { hourUtc, minuteUtc },
});

const every = (name: string, minutes: number): ScheduledFunction => ({
  kind: "schedule",
  name,
  entry: `functions/${name}/handler.ts`,
  everyMinutes: minutes,
});

export const FUNCTIONS: readonly FunctionSpec[] = [
  http("submit-case", "POST", "/cases", "jwt"),
  http("list-cases", "GET", "/cases", "jwt"),
  http("get-case", "GET", "/cases/{id}", "jwt"),
  http("resubmit-case", "PUT", "/cases/{id}", "jwt"),
  http("case-history", "GET", "/cases/{id}/history", "jwt"),
  http("case-audit", "GET", "/cases/{id}/audit", "jwt"),
  http("approval-page", "GET", "/approvals/{approvalId}", "signed-link"),
  http("approval-decision", "POST", "/approvals/{approvalId}", "signed-link"),
  step("assess-case", "AssessCaseFunctionArn"),
  step("next-stage", "NextStageFunctionArn"),
  step("open-stage", "OpenStageFunctionArn"),
  step("escalate", "EscalateFunctionArn"),
  step("finalize-case", "FinalizeCaseFunctionArn"),
  step("record-failure", "RecordFailureFunctionArn"),
  // Just after midnight UTC: the day before is complete, so its digest is final.
  daily("make-digest", 0, 5),
  { kind: "method-fallback", name: "method-not-allowed", entry: "functions/method-not-allowed/handler.ts" },
  // Often enough that a stuck case is found within minutes of counting as stuck, rarely enough that
  // a run (an index query per in-flight status, one DescribeExecution per old case) is cheap.
  every("reconcile-cases", 5),
];

export interface RoutePath {
  path: string;
  /** The methods the path's functions answer, sorted: the Allow header of a 405 there. */
  methods: HttpFunction["route"]["method"][];
  auth: Auth;
}

/** Every path of the HTTP API once, with its methods; all routes of one path share its authorization. */
export function routePaths(functions: readonly FunctionSpec[] = FUNCTIONS): RoutePath[] {
  const byPath = new Map<string, RoutePath>();
  for (const f of functions) {
    if (f.kind !== "http") continue;
    const { path, method, auth } = f.route;
    const known = byPath.get(path) ?? { path, methods: [], auth };
    if (known.auth !== auth) throw new Error(`routes of ${path} disagree on authorization`);
    known.methods = [...known.methods, method].sort();
    byPath.set(path, known);
  }
  return [...byPath.values()];
}

/** The environment variable that hands the 405 function its table of allowed methods per path. */
export const ROUTE_METHODS_ENV = "ROUTE_METHODS";

export function routeMethodsJson(): string {
  return JSON.stringify(Object.fromEntries(routePaths().map((p) => [p.path, p.methods])));
}

export const STATE_MACHINE_FILE = "statemachines/approval.asl.json";
export const STATE_MACHINE_NAME = "sme-credit-approval";

/** Replaces every ${Name} placeholder; an unknown or unused placeholder is a build error, not a runtime one. */
export function substitute(definition: string, values: Record<string, string>): string {
  const used = new Set<string>();
  const out = definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`no substitution for \${${name}} in the state machine definition`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`substitutions not used by the definition: ${unused.join(", ")}`);
  return out;
}
